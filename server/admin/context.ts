// How every administrative action runs, from the REST routes, the CLI and
// `apply` alike: in one transaction, checked, audited and announced, or not
// at all. Errors a person can fix are AdminErrors with an HTTP status.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Em, Orm } from '../db/orm.ts';
import { ChangeSet } from './changes.ts';

/** Who acts: a signed-in user (with their address) or a command on the server. */
export interface Actor {
  /** The acting user's id; null for the CLI and `apply`. */
  id: string | null;
  /** Their e-mail, or 'cli' / 'apply <file>'. */
  label: string;
  address: string | null;
}

export class AdminError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

export interface AdminContext {
  /** The transaction's EntityManager: everything read and written goes through it. */
  em: Em;
  actor: Actor;
  changes: ChangeSet;
}

/** Runs `action` in a transaction and announces its changes at commit; nothing is announced if it throws. */
export async function runAdmin<T>(orm: Orm, actor: Actor, action: (ctx: AdminContext) => Promise<T>): Promise<T> {
  try {
    return await orm.em.fork().transactional(async (em) => {
      const ctx: AdminContext = { em, actor, changes: new ChangeSet() };
      const result = await action(ctx);
      await em.flush();
      await ctx.changes.announce(em);
      return result;
    });
  } catch (err) {
    // Checked before writing, but made by someone else in the meantime (two admins, the same e-mail or number at once).
    if (err instanceof UniqueConstraintViolationException) throw new AdminError(409, 'That was just made by someone else: reload and try again.');
    throw err;
  }
}

/** Runs a raw SQL statement inside the context's transaction. */
export function sql<T = Record<string, unknown>>(em: Em, query: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute(query, params, 'all', em.getTransactionContext()) as Promise<T[]>;
}
