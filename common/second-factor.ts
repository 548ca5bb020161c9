// REST shapes of two-step sign-in (a TOTP code from an authenticator app, or
// a recovery code): the sign-in's second step, enrolment and My Account.
// No zod here: the sign-in page loads this before any page has told zod to
// be jitless, and a schema built then probes `new Function` (a CSP violation).
// The code's schema is in second-factor-code.ts.
import type { Me } from './api.ts';

/** What sign-in answers instead of Me when a second step remains: a code, or enrolment first. */
export interface SecondFactorStep {
  secondFactor: 'code' | 'enrol';
}

export type SignInAnswer = Me | SecondFactorStep;

export const isSecondFactorStep = (answer: SignInAnswer): answer is SecondFactorStep => 'secondFactor' in answer;


/** A new key to put into an authenticator app: shown once, confirmed with a code from it. */
export interface SecondFactorEnrolment {
  /** Base32, for typing in by hand. */
  secret: string;
  /** otpauth://totp/…, for apps that take a link or a QR code. */
  uri: string;
}

/** Ten single-use codes, shown once when two-step sign-in is turned on. */
export interface RecoveryCodes {
  recoveryCodes: string[];
}

/** Enrolment finished during sign-in: the user, and their recovery codes (shown once). */
export interface EnrolledSignIn extends RecoveryCodes {
  me: Me;
}

/** My Account's "Two-step sign-in" card. */
export interface SecondFactorStatus {
  enabled: boolean;
  /** The organisation requires it of this user (supervisors and admins, when the tenant says so). */
  required: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
}
