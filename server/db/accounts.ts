// What an administrator (REST or CLI) and sign-in do to an account's lock.
// Counting is one atomic UPDATE so parallel guesses cannot slip past the limit.
import { Session, User } from './entities/index.ts';
import type { Em } from './orm.ts';
import { hashPassword } from './password.ts';

export interface FailedSignIn {
  failedSignIns: number;
  locked: boolean;
}

/** Counts one wrong password; locks the account when the count reaches `maxFailedSignIns`. */
export async function recordFailedSignIn(em: Em, userId: string, maxFailedSignIns: number): Promise<FailedSignIn> {
  // In an UPDATE every right-hand side sees the old row, hence `+ 1` each time.
  const rows: { failed_sign_ins: number; locked: boolean }[] = await em.getConnection().execute(
    `update "users" set
       "failed_sign_ins" = "failed_sign_ins" + 1,
       "locked" = "locked" or "failed_sign_ins" + 1 >= ?,
       "locked_at" = case when not "locked" and "failed_sign_ins" + 1 >= ? then now() else "locked_at" end
     where "id" = ?
     returning "failed_sign_ins", "locked"`,
    [maxFailedSignIns, maxFailedSignIns, userId],
    'all',
    em.getTransactionContext(),
  );
  const row = rows[0];
  return { failedSignIns: Number(row?.failed_sign_ins ?? 0), locked: Boolean(row?.locked) };
}

/** A correct password clears the count of earlier mistakes. */
export async function recordSuccessfulSignIn(em: Em, userId: string): Promise<void> {
  await em.nativeUpdate(User, { id: userId, failedSignIns: { $gt: 0 } }, { failedSignIns: 0 });
}

export async function unlockUser(em: Em, userId: string): Promise<void> {
  await em.nativeUpdate(User, { id: userId }, { failedSignIns: 0, locked: false, lockedAt: null });
}

/**
 * For compromised credentials: new password, unlocked, and every session of
 * the user ended so whoever holds an old cookie is out. One transaction so a
 * failure leaves the old password and sessions as they were.
 */
export async function resetPassword(em: Em, userId: string, newPassword: string): Promise<{ sessionIds: string[] }> {
  const passwordHash = await hashPassword(newPassword);
  return em.transactional(async (tx) => {
    await tx.nativeUpdate(User, { id: userId }, { passwordHash, failedSignIns: 0, locked: false, lockedAt: null });
    // The ids go back to the caller so it can close those sessions' open sockets.
    const sessions = await tx.find(Session, { user: userId }, { fields: ['id'] });
    await tx.nativeDelete(Session, { user: userId });
    return { sessionIds: sessions.map((s) => s.id) };
  });
}
