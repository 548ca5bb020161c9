// A tenant administrator's REST API, under /api/admin/: users, extensions,
// queues, DIDs, rates, the tenant's settings and its audit log. Every route
// needs an admin's session and works in that session's tenant only: another
// tenant's id answers 404 exactly like an id that does not exist.
import { Hono } from 'hono';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireRole, requireSession } from './guards.ts';
import { adminDidRoutes } from './admin-dids.ts';
import { adminExtensionRoutes } from './admin-extensions.ts';
import { adminQueueRoutes } from './admin-queues.ts';
import { adminRateRoutes } from './admin-rates.ts';
import { adminSettingsRoutes } from './admin-settings.ts';
import { adminUserRoutes } from './admin-users.ts';

export function adminRoutes(deps: HttpDeps) {
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/admin/*', requireSession(deps), requireRole('admin'));
  for (const area of [adminUserRoutes, adminExtensionRoutes, adminQueueRoutes, adminDidRoutes, adminRateRoutes, adminSettingsRoutes]) {
    app.route('/', area(deps));
  }
  return app;
}
