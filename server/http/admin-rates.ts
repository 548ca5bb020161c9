//   GET    /api/admin/rates         → { rates: AdminRate[] }
//   POST   /api/admin/rates         RateSave → 201 AdminRate
//   PUT    /api/admin/rates/:id     RateSave → AdminRate
//   DELETE /api/admin/rates/:id     → 204
//   POST   /api/admin/rates/import  { csv, replace } → RateImportResult, or 400 { error, lines: LineError[] } and nothing changed
import { Hono } from 'hono';
import type { RateSave } from '../../common/admin.ts';
import { createRate, importRates, listRates, removeRate, updateRate } from '../admin/rates.ts';
import { tenantAction } from './admin-kit.ts';
import { readJson } from './body.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';

export function adminRateRoutes(deps: HttpDeps) {
  const app = new Hono<AuthEnv>();
  const run = tenantAction(deps);

  app.get('/api/admin/rates', async (c) => c.json({ rates: await listRates(deps.orm.em.fork(), c.get('session').tenantId) }, 200));

  app.post('/api/admin/rates', async (c) => {
    const body = (await readJson(c)) as RateSave;
    return c.json(await run(c, (ctx, tenantId) => createRate(ctx, tenantId, body)), 201);
  });

  app.post('/api/admin/rates/import', async (c) => {
    const body = (await readJson(c)) as { csv: string; replace?: boolean };
    return c.json(await run(c, (ctx, tenantId) => importRates(ctx, tenantId, body)), 200);
  });

  app.put('/api/admin/rates/:id', async (c) => {
    const body = (await readJson(c)) as RateSave;
    return c.json(await run(c, (ctx, tenantId) => updateRate(ctx, tenantId, c.req.param('id'), body)), 200);
  });

  app.delete('/api/admin/rates/:id', async (c) => {
    await run(c, (ctx, tenantId) => removeRate(ctx, tenantId, c.req.param('id')));
    return c.body(null, 204);
  });

  return app;
}
