// What every administrative route needs: the actor (from the session, never
// the body), the address for the audit log, and where set-password links
// point. Each route then runs one admin action (server/admin/) and returns
// its result; AdminErrors become 4xx answers in errors.ts.
import { Hono, type Context } from 'hono';
import { runAdmin, type Actor, type AdminContext } from '../admin/context.ts';
import type { Em } from '../db/orm.ts';
import { clientAddress } from './address.ts';
import { readJson } from './body.ts';
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

/** One list of a tenant's things as the admin pages edit it (DIDs, queues, rates): the admin actions behind it. */
export interface TenantList<Row, Save> {
  list(em: Em, tenantId: string): Promise<Row[]>;
  create(ctx: AdminContext, tenantId: string, body: Save): Promise<Row>;
  update(ctx: AdminContext, tenantId: string, id: string, body: Save): Promise<Row>;
  remove(ctx: AdminContext, tenantId: string, id: string): Promise<void>;
}

/**
 *   GET    /api/admin/<name>      → { <name>: Row[] }
 *   POST   /api/admin/<name>      Save → 201 Row
 *   PUT    /api/admin/<name>/:id  Save → Row (the whole thing)
 *   DELETE /api/admin/<name>/:id  → 204
 */
export function tenantListRoutes<Row, Save>(deps: Pick<HttpDeps, 'orm' | 'config'>, name: string, actions: TenantList<Row, Save>) {
  const app = new Hono<AuthEnv>();
  const run = tenantAction(deps);
  const base = `/api/admin/${name}`;
  app.get(base, async (c) => c.json({ [name]: await actions.list(deps.orm.em.fork(), c.get('session').tenantId) }, 200));
  app.post(base, async (c) => {
    const body = (await readJson(c)) as Save;
    return c.json(await run(c, (ctx, tenantId) => actions.create(ctx, tenantId, body)), 201);
  });
  app.put(`${base}/:id`, async (c) => {
    const body = (await readJson(c)) as Save;
    return c.json(await run(c, (ctx, tenantId) => actions.update(ctx, tenantId, c.req.param('id'), body)), 200);
  });
  app.delete(`${base}/:id`, async (c) => {
    await run(c, (ctx, tenantId) => actions.remove(ctx, tenantId, c.req.param('id')));
    return c.body(null, 204);
  });
  return app;
}
