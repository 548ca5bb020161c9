// The service provider's operators, under /api/operator/: tenants, their
// credit ledger and everyone's audit log.
//   GET   /api/operator/tenants              → { tenants: TenantRow[] }
//   POST  /api/operator/tenants              TenantCreate → 201 { tenant, setPasswordLink? } (the first admin's link, shown once)
//   PATCH /api/operator/tenants/:id          TenantUpdate → TenantRow
//   POST  /api/operator/tenants/:id/suspend  { reason } → TenantRow
//   POST  /api/operator/tenants/:id/resume   { reason } → TenantRow
//   GET   /api/operator/tenants/:id/credit   ?before=<id> → Ledger
//   POST  /api/operator/tenants/:id/credit   CreditRequest → Ledger
//   GET   /api/operator/audit                ?tenant=<id>&before=<id> → AuditPage
import { Hono } from 'hono';
import type { CreditRequest, TenantCreate, TenantUpdate } from '../../common/admin.ts';
import { suspendRequest } from '../../common/admin.ts';
import { auditPage } from '../admin/audit.ts';
import { bookCredit, ledgerPage } from '../admin/credit.ts';
import { parse } from '../admin/parse.ts';
import { createTenant, listTenants, setTenantSuspended, updateTenant } from '../admin/tenants.ts';
import { noStore, operatorAction, publicUrlOf } from './admin-kit.ts';
import { readJson } from './body.ts';
import type { HttpDeps, OperatorEnv } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireOperator } from './guards.ts';

export function operatorRoutes(deps: HttpDeps) {
  const { orm } = deps;
  const app = new Hono<OperatorEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/operator/*', requireOperator(deps));
  const run = operatorAction(deps);

  app.get('/api/operator/tenants', async (c) => c.json({ tenants: await listTenants(orm.em.fork()) }, 200));

  app.post('/api/operator/tenants', async (c) => {
    const body = (await readJson(c)) as TenantCreate;
    const created = await run(c, (ctx) => createTenant(ctx, body, publicUrlOf(c, deps)));
    noStore(c);
    return c.json(created, 201);
  });

  app.patch('/api/operator/tenants/:id', async (c) => {
    const body = (await readJson(c)) as TenantUpdate;
    return c.json(await run(c, (ctx) => updateTenant(ctx, c.req.param('id'), body)), 200);
  });

  for (const [verb, suspended] of [['suspend', true], ['resume', false]] as const) {
    app.post(`/api/operator/tenants/:id/${verb}`, async (c) => {
      const { reason } = parse(suspendRequest, await readJson(c));
      return c.json(await run(c, (ctx) => setTenantSuspended(ctx, c.req.param('id'), suspended, reason)), 200);
    });
  }

  app.get('/api/operator/tenants/:id/credit', async (c) => c.json(await ledgerPage(orm.em.fork(), c.req.param('id'), { before: c.req.query('before') }), 200));

  app.post('/api/operator/tenants/:id/credit', async (c) => {
    const body = (await readJson(c)) as CreditRequest;
    return c.json(await run(c, (ctx) => bookCredit(ctx, c.req.param('id'), body)), 200);
  });

  app.get('/api/operator/audit', async (c) =>
    c.json(await auditPage(orm.em.fork(), { tenantId: c.req.query('tenant') || undefined, before: c.req.query('before') }), 200),
  );

  return app;
}
