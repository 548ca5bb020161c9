//   GET    /api/admin/queues      → { queues: AdminQueue[] }
//   POST   /api/admin/queues      QueueSave → 201 AdminQueue
//   PUT    /api/admin/queues/:id  QueueSave → AdminQueue (settings and the whole tier list)
//   DELETE /api/admin/queues/:id  → 204
import { Hono } from 'hono';
import type { QueueSave } from '../../common/admin.ts';
import { createQueue, listQueues, removeQueue, updateQueue } from '../admin/queues.ts';
import { tenantAction } from './admin-kit.ts';
import { readJson } from './body.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';

export function adminQueueRoutes(deps: HttpDeps) {
  const app = new Hono<AuthEnv>();
  const run = tenantAction(deps);

  app.get('/api/admin/queues', async (c) => c.json({ queues: await listQueues(deps.orm.em.fork(), c.get('session').tenantId) }, 200));

  app.post('/api/admin/queues', async (c) => {
    const body = (await readJson(c)) as QueueSave;
    return c.json(await run(c, (ctx, tenantId) => createQueue(ctx, tenantId, body)), 201);
  });

  app.put('/api/admin/queues/:id', async (c) => {
    const body = (await readJson(c)) as QueueSave;
    return c.json(await run(c, (ctx, tenantId) => updateQueue(ctx, tenantId, c.req.param('id'), body)), 200);
  });

  app.delete('/api/admin/queues/:id', async (c) => {
    await run(c, (ctx, tenantId) => removeQueue(ctx, tenantId, c.req.param('id')));
    return c.body(null, 204);
  });

  return app;
}
