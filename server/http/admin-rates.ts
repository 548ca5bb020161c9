// A tenant's rates: /api/admin/rates (admin-kit.ts tenantListRoutes), and
//   POST /api/admin/rates/import  { csv, replace } → RateImportResult, or 400 { error, lines: LineError[] } and nothing changed
import { createRate, importRates, listRates, removeRate, updateRate } from '../admin/rates.ts';
import { tenantAction, tenantListRoutes } from './admin-kit.ts';
import { readJson } from './body.ts';
import type { HttpDeps } from './deps.ts';

export function adminRateRoutes(deps: HttpDeps) {
  const app = tenantListRoutes(deps, 'rates', { list: listRates, create: createRate, update: updateRate, remove: removeRate });
  const run = tenantAction(deps);
  app.post('/api/admin/rates/import', async (c) => {
    const body = (await readJson(c)) as { csv: string; replace?: boolean };
    return c.json(await run(c, (ctx, tenantId) => importRates(ctx, tenantId, body)), 200);
  });
  return app;
}
