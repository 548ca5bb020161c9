// The tenant's directory for the Colleagues page and panel: every extension
// with whose it is. Live presence comes over the socket ('presence-watch').
//   GET /api/colleagues → { colleagues: Colleague[] }
import { Hono } from 'hono';
import type { Colleague } from '../../common/api.ts';
import { Extension } from '../db/entities/index.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireSession } from './guards.ts';

export function colleagueRoutes(deps: HttpDeps) {
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.get('/api/colleagues', requireSession(deps), async (c) => {
    const extensions = await deps.orm.em
      .fork()
      .find(Extension, { tenant: c.get('session').tenantId }, { populate: ['owner'], orderBy: { number: 'asc' } });
    const colleagues: Colleague[] = extensions.map((e) => ({ number: e.number, name: e.owner?.name ?? e.callerIdName }));
    return c.json({ colleagues }, 200);
  });
  return app;
}
