// What a tenant's administrator may do to its users' accounts: list them,
// unlock one after too many failed sign-ins, and reset a compromised
// password. Only within the admin's own tenant: another tenant's user id
// answers 404 exactly like an id that does not exist, so ids do not leak.
import { Hono } from 'hono';
import { z } from 'zod';
import { resetPassword, unlockUser } from '../db/accounts.ts';
import { MIN_PASSWORD_LENGTH } from '../db/password.ts';
import { findUserInTenant, listUsersOfTenant } from '../db/queries.ts';
import { readBody } from './body.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireRole, requireSession } from './guards.ts';

export const NO_SUCH_USER = 'There is no such user in your organisation.';

export const resetPasswordRequest = z.object({
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(512, 'The new password may have at most 512 characters.'),
});

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  locked: boolean;
  failedSignIns: number;
}

/**
 * Mount with `app.route('/', adminRoutes(deps))`; every route needs an admin session:
 *   GET  /api/admin/users                        → { users: AdminUserRow[] }
 *   POST /api/admin/users/:id/unlock             → { id, email, locked: false }
 *   POST /api/admin/users/:id/reset-password     { password } → { id, email, sessionsEnded }
 */
export function adminRoutes(deps: HttpDeps) {
  const { orm } = deps;
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/admin/*', requireSession(deps), requireRole('admin'));

  app.get('/api/admin/users', async (c) => {
    const users = await listUsersOfTenant(orm.em.fork(), c.get('session').tenantId);
    const rows: AdminUserRow[] = users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      locked: u.locked,
      failedSignIns: u.failedSignIns,
    }));
    return c.json({ users: rows }, 200);
  });

  app.post('/api/admin/users/:id/unlock', async (c) => {
    const em = orm.em.fork();
    const user = await findUserInTenant(em, c.get('session').tenantId, c.req.param('id'));
    if (!user) return c.json({ error: NO_SUCH_USER }, 404);
    await unlockUser(em, user.id);
    deps.log?.info(`admin ${c.get('session').email} unlocked ${user.email}`);
    return c.json({ id: user.id, email: user.email, locked: false }, 200);
  });

  app.post('/api/admin/users/:id/reset-password', async (c) => {
    const em = orm.em.fork();
    const user = await findUserInTenant(em, c.get('session').tenantId, c.req.param('id'));
    if (!user) return c.json({ error: NO_SUCH_USER }, 404);
    const { password } = await readBody(c, resetPasswordRequest);
    const { sessionIds } = await resetPassword(em, user.id, password);
    for (const id of sessionIds) deps.onSessionEnded?.(id, 'password-reset');
    deps.log?.info(`admin ${c.get('session').email} reset the password of ${user.email}; ${sessionIds.length} session(s) ended`);
    return c.json({ id: user.id, email: user.email, sessionsEnded: sessionIds.length }, 200);
  });

  return app;
}
