// A sign-in between its password and its code: a random token in its own
// cookie (only sent to the second-factor routes), its SHA-256 as the row id.
// It is no session: no guard accepts it. It lasts long enough to fetch a
// phone (or install an app, when enrolment comes first) and allows a few codes.
import { randomBytes } from 'node:crypto';
import { PendingSignIn } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { hashToken } from '../http/session.ts';

export const PENDING_SIGN_IN_MINUTES = 10;
/** Wrong codes after which the pending sign-in is void and the password must be given again. */
export const MAX_CODE_ATTEMPTS = 5;

export async function startPendingSignIn(em: Em, userId: string, options: { remember: boolean; mustEnrol: boolean }, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  // Clearing out the abandoned ones here keeps the table small without a timer.
  await em.nativeDelete(PendingSignIn, { expiresAt: { $lte: now } });
  em.create(PendingSignIn, {
    id: hashToken(token),
    user: userId,
    remember: options.remember,
    mustEnrol: options.mustEnrol,
    expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_MINUTES * 60_000),
  });
  await em.flush();
  return token;
}

/** The pending sign-in of a token, if it is live and has attempts left. */
export function findPendingSignIn(em: Em, token: string, now = new Date()): Promise<PendingSignIn | null> {
  return em.findOne(
    PendingSignIn,
    { id: hashToken(token), expiresAt: { $gt: now }, attempts: { $lt: MAX_CODE_ATTEMPTS } },
    { populate: ['user', 'user.tenant'], refresh: true },
  );
}

/**
 * Takes one attempt before the code is checked, in one UPDATE, so parallel
 * guesses cannot get past the limit. Returns the attempts used, or null if
 * there were none left (or the pending sign-in is gone).
 */
export async function takeAttempt(em: Em, id: string, now = new Date()): Promise<number | null> {
  const rows: { attempts: number }[] = await em.getConnection().execute(
    `update "pending_sign_ins" set "attempts" = "attempts" + 1
     where "id" = ? and "expires_at" > ? and "attempts" < ?
     returning "attempts"`,
    [id, now, MAX_CODE_ATTEMPTS],
    'all',
    em.getTransactionContext(),
  );
  return rows[0] ? Number(rows[0].attempts) : null;
}

/** Ends it; true for the one request that did (so a sign-in completes once). */
export async function endPendingSignIn(em: Em, id: string): Promise<boolean> {
  return (await em.nativeDelete(PendingSignIn, { id })) === 1;
}
