// The Socket.IO handshake's database work, batched. After a restart or a
// network blip every agent's tab reconnects at once; resolved one by one,
// that is three queries per socket (thousands of round trips, each through
// the ORM). Handshakes that arrive in the same turn of the event loop are
// resolved together instead: one read of their sessions, four of their
// access, whatever their number. Nothing is cached between batches, so a
// session ended or a tier changed a moment ago is seen by the next handshake.
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
  const loader = new DataLoader<string, Handshake | null>(
    async (tokens) => {
      const em = orm.em.fork();
      const sessions = await resolveSessions(em, [...tokens]);
      const tenantUsers = [...sessions.values()].flatMap((s) => (s && !isOperator(s) ? [s] : []));
      const access = await usersAccess(em, tenantUsers);
      return tokens.map((token) => {
        const session = sessions.get(token);
        if (!session) return null;
        return { session, access: isOperator(session) ? { extensions: [], queues: [] } : access.get(session.userId)! };
      });
    },
    // A batch is what arrived in one turn (setImmediate runs after the turn's I/O callbacks), never remembered after it.
    { cache: false, batchScheduleFn: (run) => setImmediate(run), maxBatchSize: 1000 },
  );
  return (token) => loader.load(token);
}
