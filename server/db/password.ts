// Password hashing: argon2id (the library's default algorithm and parameters,
// OWASP's recommendation), stored as a PHC string that carries its own salt
// and cost so the parameters can be raised later without a migration.
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export { MIN_PASSWORD_LENGTH } from '../../common/admin.ts';

export const hashPassword = (password: string): Promise<string> => hash(password);

/**
 * The hash of a password nobody knows: an account made with a one-time
 * set-password link (or whose password was reset that way) cannot be
 * signed in to until the link is used.
 */
export const unknownPasswordHash = (): Promise<string> => hashPassword(randomBytes(24).toString('base64url'));

/** The given password's hash, or one nobody knows. */
export const passwordHashOf = (password: string | undefined): Promise<string> => (password ? hashPassword(password) : unknownPasswordHash());

/** False for a wrong password and for a malformed stored hash alike. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * Spends the time a real verification takes, for an e-mail that has no
 * account, so the response time does not tell which e-mails exist.
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummy ??= hash('not a real password, only here to spend time');
  await verifyPassword(await dummy, password);
}
