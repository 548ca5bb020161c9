// What every administrative route needs: the actor (from the session, never
// the body), the address for the audit log, and where set-password links
// point. Each route then runs one admin action (server/admin/) and returns
// its result; AdminErrors become 4xx answers in errors.ts.
import type { Context } from 'hono';
import { runAdmin, type Actor, type AdminContext } from '../admin/context.ts';
import { clientAddress } from './address.ts';
import type { AuthEnv, HttpDeps, OperatorEnv } from './deps.ts';
import type { AnySession } from './session.ts';

export const actorOf = (c: Context, session: AnySession, deps: Pick<HttpDeps, 'config'>): Actor => ({
  id: session.userId,
  label: session.email,
  address: clientAddress(c, deps.config.trustProxy),
});

/** PUBLIC_URL, or the origin this request came to. */
export const publicUrlOf = (c: Context, deps: Pick<HttpDeps, 'config'>): string => deps.config.publicUrl ?? new URL(c.req.url).origin;

/** Links and SIP passwords are shown once: no cache may keep the answer. */
export const noStore = (c: Context) => c.header('cache-control', 'no-store');

/** Runs an admin action in the session's tenant, as the session's user. */
export function tenantAction(deps: Pick<HttpDeps, 'orm' | 'config'>) {
  return <T>(c: Context<AuthEnv>, action: (ctx: AdminContext, tenantId: string) => Promise<T>): Promise<T> => {
    const session = c.get('session');
    return runAdmin(deps.orm, actorOf(c, session, deps), (ctx) => action(ctx, session.tenantId));
  };
}

/** Runs an operator's action, as the operator. */
export function operatorAction(deps: Pick<HttpDeps, 'orm' | 'config'>) {
  return <T>(c: Context<OperatorEnv>, action: (ctx: AdminContext) => Promise<T>): Promise<T> =>
    runAdmin(deps.orm, actorOf(c, c.get('session'), deps), action);
}
