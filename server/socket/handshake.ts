// The Socket.IO handshake's database work, batched. After a restart or a
// network blip every agent's tab reconnects at once; resolved one by one,
// that is three queries per socket (thousands of round trips, each through
// the ORM). Handshakes that arrive in the same turn of the event loop are
// resolved together instead: one read of their sessions, four of their
// access, whatever their number. While one batch is read the next gathers,
// so the storm's batches grow instead of its queries. Nothing is cached
// between batches, so a session ended or a tier changed a moment ago is seen
// by the next handshake.
import DataLoader from 'dataloader';
import { usersAccess, type Access } from '../db/access.ts';
import type { Orm } from '../db/orm.ts';
import { isOperator, resolveSessions, type AnySession } from '../http/session.ts';

export interface Handshake {
  session: AnySession;
  access: Access;
}

/** `load(token)` → the session and its access, or null when the token is refused. */
export function handshakeLoader(orm: Orm): (token: string) => Promise<Handshake | null> {
  // The batch being read: the next one fills until it is done.
  let reading: Promise<unknown> = Promise.resolve();
  const loader = new DataLoader<string, Handshake | null>(
    (tokens) => {
      const job = resolve(orm, tokens);
      reading = job.catch(() => undefined);
      return job;
    },
    // Alone, a handshake is read at the end of its turn; in a storm the next batch waits for the one being read and gathers everything that came meanwhile. Never remembered after it.
    { cache: false, batchScheduleFn: (run) => void reading.then(() => setImmediate(run)), maxBatchSize: 1000 },
  );
  return (token) => loader.load(token);
}

async function resolve(orm: Orm, tokens: readonly string[]): Promise<(Handshake | null)[]> {
  const em = orm.em.fork();
  const sessions = await resolveSessions(em, [...tokens]);
  const tenantUsers = [...sessions.values()].flatMap((s) => (s && !isOperator(s) ? [s] : []));
  const access = await usersAccess(em, tenantUsers);
  return tokens.map((token) => {
    const session = sessions.get(token);
    if (!session) return null;
    return { session, access: isOperator(session) ? { extensions: [], queues: [] } : access.get(session.userId)! };
  });
}
