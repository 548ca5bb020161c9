// My DIDs: the public numbers assigned to the signed-in user. Read-only.
//   GET /api/dids → { dids: MyDid[] }
import { Hono } from 'hono';
import { listOwnDids } from '../db/self-service.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireSession } from './guards.ts';

export function didRoutes(deps: HttpDeps) {
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.get('/api/dids', requireSession(deps), async (c) => {
    const { tenantId, userId } = c.get('session');
    return c.json({ dids: await listOwnDids(deps.orm.em.fork(), tenantId, userId) }, 200);
  });
  return app;
}
