//   GET    /api/admin/dids      → { dids: AdminDid[] }
//   POST   /api/admin/dids      DidSave → 201 AdminDid
//   PUT    /api/admin/dids/:id  DidSave → AdminDid
//   DELETE /api/admin/dids/:id  → 204
import { Hono } from 'hono';
import type { DidSave } from '../../common/admin.ts';
import { createDid, listDids, removeDid, updateDid } from '../admin/dids.ts';
import { tenantAction } from './admin-kit.ts';
import { readJson } from './body.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';

export function adminDidRoutes(deps: HttpDeps) {
  const app = new Hono<AuthEnv>();
  const run = tenantAction(deps);

  app.get('/api/admin/dids', async (c) => c.json({ dids: await listDids(deps.orm.em.fork(), c.get('session').tenantId) }, 200));

  app.post('/api/admin/dids', async (c) => {
    const body = (await readJson(c)) as DidSave;
    return c.json(await run(c, (ctx, tenantId) => createDid(ctx, tenantId, body)), 201);
  });

  app.put('/api/admin/dids/:id', async (c) => {
    const body = (await readJson(c)) as DidSave;
    return c.json(await run(c, (ctx, tenantId) => updateDid(ctx, tenantId, c.req.param('id'), body)), 200);
  });

  app.delete('/api/admin/dids/:id', async (c) => {
    await run(c, (ctx, tenantId) => removeDid(ctx, tenantId, c.req.param('id')));
    return c.body(null, 204);
  });

  return app;
}
