//   GET    /api/admin/users                       → { users: AdminUser[] }
//   POST   /api/admin/users                       UserCreate → 201 UserCreated (a set-password link, shown once, without a password)
//   PATCH  /api/admin/users/:id                   UserUpdate → AdminUser
//   POST   /api/admin/users/:id/disable|enable    → AdminUser & { sessionsEnded }
//   POST   /api/admin/users/:id/unlock            → AdminUser
//   POST   /api/admin/users/:id/reset-password    { password? } → { user, sessionsEnded, setPasswordLink? }
//   POST   /api/admin/users/:id/reset-second-factor → AdminUser (two-step sign-in off, for a lost phone)
//   DELETE /api/admin/users/:id                   → 204
import { Hono } from 'hono';
import type { UserCreate, UserUpdate } from '../../common/admin.ts';
import { createUser, listUsers, removeUser, resetSecondFactor, resetUserPassword, setUserDisabled, unlockUser, updateUser } from '../admin/users.ts';
import { noStore, publicUrlOf, tenantAction } from './admin-kit.ts';
import { readJson } from './body.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';

export function adminUserRoutes(deps: HttpDeps) {
  const app = new Hono<AuthEnv>();
  const run = tenantAction(deps);

  app.get('/api/admin/users', async (c) => c.json({ users: await listUsers(deps.orm.em.fork(), c.get('session').tenantId) }, 200));

  app.post('/api/admin/users', async (c) => {
    const body = (await readJson(c)) as UserCreate;
    const created = await run(c, (ctx, tenantId) => createUser(ctx, tenantId, body, publicUrlOf(c, deps)));
    noStore(c);
    return c.json(created, 201);
  });

  app.patch('/api/admin/users/:id', async (c) => {
    const body = (await readJson(c)) as UserUpdate;
    return c.json(await run(c, (ctx, tenantId) => updateUser(ctx, tenantId, c.req.param('id'), body)), 200);
  });

  for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/api/admin/users/:id/${verb}`, async (c) =>
      c.json(await run(c, (ctx, tenantId) => setUserDisabled(ctx, tenantId, c.req.param('id'), disabled)), 200),
    );
  }

  app.post('/api/admin/users/:id/unlock', async (c) => c.json(await run(c, (ctx, tenantId) => unlockUser(ctx, tenantId, c.req.param('id'))), 200));

  app.post('/api/admin/users/:id/reset-password', async (c) => {
    const body = (await readJson(c)) as { password?: string };
    const result = await run(c, (ctx, tenantId) => resetUserPassword(ctx, tenantId, c.req.param('id'), body, publicUrlOf(c, deps)));
    noStore(c);
    return c.json(result, 200);
  });

  app.post('/api/admin/users/:id/reset-second-factor', async (c) =>
    c.json(await run(c, (ctx, tenantId) => resetSecondFactor(ctx, tenantId, c.req.param('id'))), 200),
  );

  app.delete('/api/admin/users/:id', async (c) => {
    await run(c, (ctx, tenantId) => removeUser(ctx, tenantId, c.req.param('id')));
    return c.body(null, 204);
  });

  return app;
}
