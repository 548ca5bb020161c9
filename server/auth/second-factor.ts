// A user's second factor in the database: enrol (a key shown once, confirmed
// with a code from it, then ten recovery codes shown once), check a code or
// a recovery code (each usable once), turn it off. Who must have one is
// decided here too, so sign-in, sessions and My Account agree.
import { randomBytes } from 'node:crypto';
import type { RecoveryCodes, SecondFactorEnrolment, SecondFactorStatus } from '../../common/second-factor.ts';
import { RecoveryCode, User, type Tenant } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { hashPassword, verifyPassword } from '../db/password.ts';
import { looksLikeRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes.ts';
import { base32Decode, base32Encode, matchingStep, otpauthUri } from './totp.ts';

/** The name authenticator apps list the account under. */
export const TOTP_ISSUER = 'Switchboard';
/** RFC 4226 recommends 160 bits, the length of SHA-1's output. */
const KEY_BYTES = 20;

/**
 * A tenant that requires two-step sign-in requires it of its supervisors
 * and admins. Agents and operators may turn it on; nobody makes them.
 */
export function mustHaveSecondFactor(user: Pick<User, 'role'>, tenant: Pick<Tenant, 'requireSecondFactor'> | null): boolean {
  return Boolean(tenant?.requireSecondFactor) && (user.role === 'supervisor' || user.role === 'admin');
}

export const hasSecondFactor = (user: Pick<User, 'totpSecret'>): boolean => user.totpSecret !== null;

export async function secondFactorStatus(em: Em, user: User): Promise<SecondFactorStatus> {
  return {
    enabled: hasSecondFactor(user),
    required: mustHaveSecondFactor(user, user.tenant),
    enabledAt: user.totpEnabledAt?.toISOString() ?? null,
    recoveryCodesLeft: await em.count(RecoveryCode, { user: user.id, usedAt: null }),
  };
}

/** A new key for the user's app; replaces any earlier unconfirmed one. The one already in use stays until confirmed. */
export async function startEnrolment(em: Em, user: User): Promise<SecondFactorEnrolment> {
  const secret = base32Encode(randomBytes(KEY_BYTES));
  user.totpPendingSecret = secret;
  await em.flush();
  return { secret, uri: otpauthUri(secret, user.email, TOTP_ISSUER) };
}

/**
 * Turns the second factor on if `code` comes from the key shown at
 * enrolment; null otherwise (no key shown, or a wrong code). The step of
 * that code counts as used, and earlier recovery codes are replaced.
 */
export async function confirmEnrolment(em: Em, user: User, code: string, now = new Date()): Promise<RecoveryCodes | null> {
  if (!user.totpPendingSecret) return null;
  const step = matchingStep(base32Decode(user.totpPendingSecret), code.replace(/\s/g, ''), now.getTime(), null);
  if (step === null) return null;
  const recoveryCodes = newRecoveryCodes();
  const hashes = await Promise.all(recoveryCodes.map((c) => hashPassword(normalizeRecoveryCode(c))));
  user.totpSecret = user.totpPendingSecret;
  user.totpPendingSecret = null;
  user.totpEnabledAt = now;
  user.totpLastStep = step;
  await em.nativeDelete(RecoveryCode, { user: user.id });
  for (const codeHash of hashes) em.create(RecoveryCode, { user: user.id, codeHash });
  await em.flush();
  return { recoveryCodes };
}

export type SecondFactorUsed = 'code' | 'recovery-code';

/**
 * Which factor `typed` proved, or null. A six-digit code counts if it is
 * within a step of now and newer than the last one accepted; a recovery code
 * if it is unused. Both are spent with a conditional UPDATE, so two requests
 * racing with the same code cannot both succeed.
 */
export async function checkSecondFactor(em: Em, user: User, typed: string, now = new Date()): Promise<SecondFactorUsed | null> {
  if (!user.totpSecret) return null;
  const code = typed.replace(/\s/g, '');
  if (/^\d{6}$/.test(code)) {
    const step = matchingStep(base32Decode(user.totpSecret), code, now.getTime(), user.totpLastStep);
    if (step === null) return null;
    const taken = await em.nativeUpdate(
      User,
      { id: user.id, $or: [{ totpLastStep: null }, { totpLastStep: { $lt: step } }] },
      { totpLastStep: step },
    );
    if (taken === 0) return null;
    user.totpLastStep = step;
    return 'code';
  }
  if (!looksLikeRecoveryCode(code)) return null;
  const unused = await em.find(RecoveryCode, { user: user.id, usedAt: null });
  const normalized = normalizeRecoveryCode(code);
  for (const candidate of unused) {
    if (!(await verifyPassword(candidate.codeHash, normalized))) continue;
    const spent = await em.nativeUpdate(RecoveryCode, { id: candidate.id, usedAt: null }, { usedAt: now });
    return spent === 1 ? 'recovery-code' : null;
  }
  return null;
}

/** Turns the second factor off and forgets the key and the recovery codes (a user's own choice, or an admin's reset). */
export async function removeSecondFactor(em: Em, userId: string): Promise<void> {
  await em.nativeUpdate(User, { id: userId }, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null });
  await em.nativeDelete(RecoveryCode, { user: userId });
}
