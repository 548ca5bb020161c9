// Recovery codes: ten single-use codes for when the phone is lost, shown
// once and stored only as argon2 hashes, like passwords. Letters and digits
// that cannot be mistaken for one another (no 0/o, 1/l/i), in two groups
// of five: about 50 bits each, far beyond guessing through a throttled form.
import { randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 10;

export function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export const newRecoveryCodes = (): string[] => Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);

/** What is hashed and compared: case, spaces and the dash are the reader's business. */
export const normalizeRecoveryCode = (typed: string): string => typed.toLowerCase().replace(/[\s-]/g, '');

/** Could this be a recovery code (rather than a six-digit code from the app)? */
export const looksLikeRecoveryCode = (typed: string): boolean => new RegExp(`^[${ALPHABET}]{${LENGTH}}$`).test(normalizeRecoveryCode(typed));
