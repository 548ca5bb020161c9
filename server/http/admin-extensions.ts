//   GET    /api/admin/extensions                   → ExtensionList
//   POST   /api/admin/extensions                   ExtensionCreate → 201 ExtensionSecret (the SIP password, shown once)
//   PATCH  /api/admin/extensions/:id               ExtensionUpdate → AdminExtension
//   POST   /api/admin/extensions/:id/sip-password  → ExtensionSecret (a new one; phones on the old one are dropped)
//   DELETE /api/admin/extensions/:id               → 204
import { Hono } from 'hono';
import type { ExtensionCreate, ExtensionUpdate } from '../../common/admin.ts';
import { createExtension, listExtensions, regenerateSipPassword, removeExtension, updateExtension } from '../admin/extensions.ts';
import { noStore, tenantAction } from './admin-kit.ts';
import { readJson } from './body.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';

export function adminExtensionRoutes(deps: HttpDeps) {
  const app = new Hono<AuthEnv>();
  const run = tenantAction(deps);

  app.get('/api/admin/extensions', async (c) => c.json(await listExtensions(deps.orm.em.fork(), c.get('session').tenantId), 200));

  app.post('/api/admin/extensions', async (c) => {
    const body = (await readJson(c)) as ExtensionCreate;
    const created = await run(c, (ctx, tenantId) => createExtension(ctx, tenantId, body));
    noStore(c);
    return c.json(created, 201);
  });

  app.patch('/api/admin/extensions/:id', async (c) => {
    const body = (await readJson(c)) as ExtensionUpdate;
    return c.json(await run(c, (ctx, tenantId) => updateExtension(ctx, tenantId, c.req.param('id'), body)), 200);
  });

  app.post('/api/admin/extensions/:id/sip-password', async (c) => {
    const secret = await run(c, (ctx, tenantId) => regenerateSipPassword(ctx, tenantId, c.req.param('id')));
    noStore(c);
    return c.json(secret, 200);
  });

  app.delete('/api/admin/extensions/:id', async (c) => {
    await run(c, (ctx, tenantId) => removeExtension(ctx, tenantId, c.req.param('id')));
    return c.body(null, 204);
  });

  return app;
}
