// The Billing Quota page's figures for the session's tenant. Devices are
// the live count of registered endpoints (the PBX's truth, not a table).
//   GET /api/billing/quota → Quota
import { Hono } from 'hono';
import { tenantQuota } from '../billing/quota.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireSession } from './guards.ts';

export function billingRoutes(deps: Pick<HttpDeps, 'orm' | 'config' | 'log'> & { devices(tenantId: string): number }) {
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/billing/*', requireSession(deps));
  app.get('/api/billing/quota', async (c) => {
    const { tenantId } = c.get('session');
    const quota = await tenantQuota(deps.orm.em.fork(), tenantId, deps.devices(tenantId));
    return quota ? c.json(quota, 200) : c.json({ error: 'Your tenant no longer exists.' }, 404);
  });
  return app;
}
