//   GET /api/admin/settings   → TenantSettings
//   PUT /api/admin/settings   TenantSettingsSave → TenantSettings
//   GET /api/admin/audit      ?before=<id> → AuditPage (the tenant's, newest first)
import { Hono } from 'hono';
import type { TenantSettingsSave } from '../../common/admin.ts';
import { auditPage } from '../admin/audit.ts';
import { saveTenantSettings, tenantSettings } from '../admin/settings.ts';
import { tenantAction } from './admin-kit.ts';
import { readJson } from './body.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';

export function adminSettingsRoutes(deps: HttpDeps) {
  const app = new Hono<AuthEnv>();
  const run = tenantAction(deps);

  app.get('/api/admin/settings', async (c) => c.json(await tenantSettings(deps.orm.em.fork(), c.get('session').tenantId), 200));

  app.put('/api/admin/settings', async (c) => {
    const body = (await readJson(c)) as TenantSettingsSave;
    return c.json(await run(c, (ctx, tenantId) => saveTenantSettings(ctx, tenantId, body)), 200);
  });

  app.get('/api/admin/audit', async (c) =>
    c.json(await auditPage(deps.orm.em.fork(), { tenantId: c.get('session').tenantId, before: c.req.query('before') }), 200),
  );

  return app;
}
