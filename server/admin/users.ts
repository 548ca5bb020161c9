// A tenant's users, as its admin manages them: create (with a password or a
// one-time link), rename, change role, disable and enable, unlock, reset the
// password, reset a lost second factor, remove. A tenant always keeps one enabled admin, so nobody can
// lock an organisation out of its own administration.
import type { AdminUser, UserCreate, UserCreated, UserUpdate } from '../../common/admin.ts';
import { passwordReset, userCreate, userUpdate } from '../../common/admin.ts';
import type { TenantRole } from '../../common/api.ts';
import { hasSecondFactor, removeSecondFactor } from '../auth/second-factor.ts';
import { Extension, Session, User } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { passwordHashOf } from '../db/password.ts';
import { isUuid } from '../db/queries.ts';
import { audit, diff, SECRET } from './audit.ts';
import { AdminError, sql, type AdminContext } from './context.ts';
import { makePasswordLink } from './password-links.ts';
import { parse } from './parse.ts';

export const NO_SUCH_USER = 'There is no such user in your organisation.';
export const LAST_ADMIN = 'This is the last enabled administrator of the organisation: make someone else an administrator first.';
export const EMAIL_TAKEN = 'Another account already uses this e-mail address.';

export function adminUser(user: User, extensions: string[]): AdminUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as TenantRole,
    locked: user.locked,
    disabled: user.disabled,
    failedSignIns: user.failedSignIns,
    secondFactor: hasSecondFactor(user),
    extensions,
    createdAt: user.createdAt.toISOString(),
  };
}

async function extensionsByOwner(em: Em, tenantId: string): Promise<Map<string, string[]>> {
  const rows = await em.find(Extension, { tenant: tenantId, owner: { $ne: null } }, { orderBy: { number: 'asc' } });
  const map = new Map<string, string[]>();
  for (const e of rows) map.set(e.owner!.id, [...(map.get(e.owner!.id) ?? []), e.number]);
  return map;
}

export async function listUsers(em: Em, tenantId: string): Promise<AdminUser[]> {
  const [users, owned] = await Promise.all([
    em.find(User, { tenant: tenantId }, { orderBy: { email: 'asc' } }),
    extensionsByOwner(em, tenantId),
  ]);
  return users.map((u) => adminUser(u, owned.get(u.id) ?? []));
}

/** The user, in this tenant only: another tenant's id is "no such user", exactly like a made-up one. */
export async function userOf(em: Em, tenantId: string, id: string): Promise<User> {
  const user = isUuid(id) ? await em.findOne(User, { id, tenant: tenantId }) : null;
  if (!user) throw new AdminError(404, NO_SUCH_USER);
  return user;
}

async function viewOf(em: Em, user: User): Promise<AdminUser> {
  const extensions = await em.find(Extension, { owner: user.id }, { orderBy: { number: 'asc' } });
  return adminUser(user, extensions.map((e) => e.number));
}

/** Refuses a change that would leave the tenant with no enabled admin. Locks the tenant's admins while it counts. */
async function keepAnAdmin(em: Em, tenantId: string, leaving: User): Promise<void> {
  if (leaving.role !== 'admin' || leaving.disabled) return;
  const others = await sql<{ id: string }>(
    em,
    `select "id" from "users" where "tenant_id" = ? and "role" = 'admin' and not "disabled" and "id" <> ? for update`,
    [tenantId, leaving.id],
  );
  if (others.length === 0) throw new AdminError(409, LAST_ADMIN);
}

function notYourself(ctx: AdminContext, user: User, what: string): void {
  if (ctx.actor.id === user.id) throw new AdminError(409, `You cannot ${what}; ask another administrator.`);
}

async function endSessions(ctx: AdminContext, tenantId: string, user: User, code: 'disabled' | 'password-reset'): Promise<number> {
  const ended = await ctx.em.nativeDelete(Session, { user: user.id });
  ctx.changes.endSessions(tenantId, user.id, code);
  return ended;
}

export async function createUser(ctx: AdminContext, tenantId: string, body: UserCreate, publicUrl: string): Promise<UserCreated> {
  const input = parse(userCreate, body);
  if (await ctx.em.count(User, { email: input.email })) throw new AdminError(409, EMAIL_TAKEN);
  const user = ctx.em.create(User, {
    tenant: tenantId,
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash: await passwordHashOf(input.password),
  });
  await ctx.em.flush();
  const setPasswordLink = input.password ? undefined : await makePasswordLink(ctx.em, user.id, publicUrl);
  audit(ctx, {
    tenantId,
    action: 'user.create',
    target: user.email,
    changes: { name: { to: user.name }, role: { to: user.role }, password: input.password ? SECRET : 'set-password link' },
  });
  ctx.changes.touch(tenantId, 'users');
  return { user: adminUser(user, []), ...(setPasswordLink && { setPasswordLink }) };
}

export async function updateUser(ctx: AdminContext, tenantId: string, id: string, body: UserUpdate): Promise<AdminUser> {
  const input = parse(userUpdate, body);
  const user = await userOf(ctx.em, tenantId, id);
  if (input.role && input.role !== user.role) notYourself(ctx, user, 'change your own role');
  if (input.role && input.role !== 'admin') await keepAnAdmin(ctx.em, tenantId, user);
  const changes = diff<User>(user, input);
  if (Object.keys(changes).length) {
    Object.assign(user, input);
    audit(ctx, { tenantId, action: 'user.update', target: user.email, changes });
    // A new role changes what the user's open screens may see: their sockets are given new rooms.
    ctx.changes.touch(tenantId, 'users');
  }
  return viewOf(ctx.em, user);
}

export async function setUserDisabled(ctx: AdminContext, tenantId: string, id: string, disabled: boolean): Promise<AdminUser & { sessionsEnded: number }> {
  const user = await userOf(ctx.em, tenantId, id);
  let sessionsEnded = 0;
  if (user.disabled !== disabled) {
    if (disabled) {
      notYourself(ctx, user, 'disable yourself');
      await keepAnAdmin(ctx.em, tenantId, user);
    }
    user.disabled = disabled;
    if (disabled) sessionsEnded = await endSessions(ctx, tenantId, user, 'disabled');
    audit(ctx, { tenantId, action: disabled ? 'user.disable' : 'user.enable', target: user.email, changes: { sessionsEnded } });
    ctx.changes.touch(tenantId, 'users');
  }
  return { ...(await viewOf(ctx.em, user)), sessionsEnded };
}

export async function unlockUser(ctx: AdminContext, tenantId: string, id: string): Promise<AdminUser> {
  const user = await userOf(ctx.em, tenantId, id);
  const was = { locked: user.locked, failedSignIns: user.failedSignIns };
  user.locked = false;
  user.lockedAt = null;
  user.failedSignIns = 0;
  audit(ctx, { tenantId, action: 'user.unlock', target: user.email, changes: diff(was, { locked: false, failedSignIns: 0 }) });
  ctx.changes.touch(tenantId, 'users');
  return viewOf(ctx.em, user);
}

/** For compromised credentials: a new password (or a one-time link), unlocked, every session ended. */
export async function resetUserPassword(
  ctx: AdminContext,
  tenantId: string,
  id: string,
  body: { password?: string },
  publicUrl: string,
): Promise<{ user: AdminUser; sessionsEnded: number; setPasswordLink?: string }> {
  const input = parse(passwordReset, body);
  const user = await userOf(ctx.em, tenantId, id);
  user.passwordHash = await passwordHashOf(input.password);
  user.locked = false;
  user.lockedAt = null;
  user.failedSignIns = 0;
  const sessionsEnded = await endSessions(ctx, tenantId, user, 'password-reset');
  const setPasswordLink = input.password ? undefined : await makePasswordLink(ctx.em, user.id, publicUrl);
  audit(ctx, {
    tenantId,
    action: 'user.reset-password',
    target: user.email,
    changes: { password: input.password ? SECRET : 'set-password link', sessionsEnded },
  });
  ctx.changes.touch(tenantId, 'users');
  return { user: await viewOf(ctx.em, user), sessionsEnded, ...(setPasswordLink && { setPasswordLink }) };
}

/**
 * For a lost phone: the user's second factor and recovery codes are gone;
 * they sign in with the password alone, or enrol again at their next
 * sign-in where the organisation requires it.
 */
export async function resetSecondFactor(ctx: AdminContext, tenantId: string, id: string): Promise<AdminUser> {
  const user = await userOf(ctx.em, tenantId, id);
  if (!hasSecondFactor(user)) return viewOf(ctx.em, user);
  await removeSecondFactor(ctx.em, user.id);
  await ctx.em.refresh(user);
  audit(ctx, { tenantId, action: 'user.reset-second-factor', target: user.email, changes: { secondFactor: { from: true, to: false } } });
  ctx.changes.touch(tenantId, 'users');
  return viewOf(ctx.em, user);
}

/** Removes the user: their extensions stay, unassigned; their tiers go (mod_callcenter follows). */
export async function removeUser(ctx: AdminContext, tenantId: string, id: string): Promise<void> {
  const user = await userOf(ctx.em, tenantId, id);
  notYourself(ctx, user, 'remove yourself');
  await keepAnAdmin(ctx.em, tenantId, user);
  const owned = await ctx.em.find(Extension, { owner: user.id });
  ctx.changes.endSessions(tenantId, user.id, 'disabled');
  await ctx.em.nativeDelete(User, { id: user.id });
  audit(ctx, { tenantId, action: 'user.remove', target: user.email, changes: { extensions: { from: owned.map((e) => e.number), to: [] } } });
  ctx.changes.touch(tenantId, 'users', 'extensions', 'queues', 'dids');
  if (owned.length) ctx.changes.callcenter(tenantId).flush(tenantId, owned.map((e) => e.number));
}
