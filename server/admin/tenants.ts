// The service provider's operator manages tenants: create one (with its
// first administrator), rename it, change its package, suspend and resume.
// A suspended tenant is switched off everywhere at once: its users are
// signed out and cannot sign in, its phones are dropped and cannot register
// (the directory no longer knows its domain), its DIDs and queues are gone
// from FreeSWITCH until it is resumed.
import type { Limits, PackageName, TenantCreate, TenantRow, TenantUpdate } from '../../common/admin.ts';
import { PACKAGES, tenantCreate, tenantUpdate } from '../../common/admin.ts';
import { DEFAULT_BREAK_REASONS } from '../../common/live.ts';
import { BreakReason, Session, Tenant, User } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { unknownPasswordHash } from '../db/password.ts';
import { isUuid } from '../db/queries.ts';
import { audit, created, diff } from './audit.ts';
import { AdminError, sql, type AdminContext } from './context.ts';
import { parse } from './parse.ts';
import { makePasswordLink } from './password-links.ts';
import { EMAIL_TAKEN } from './users.ts';

export const NO_SUCH_TENANT = 'There is no such tenant.';

export const limitsOf = (t: Tenant): Limits => ({
  maxExtensions: t.maxExtensions,
  maxDevices: t.maxDevices,
  maxRingGroups: t.maxRingGroups,
  voiceMinutes: t.voiceMinutes,
  faxPages: t.faxPages,
});

/** The limits of a package, or the ones given for 'custom' (or to change a package's). */
export function packageLimits(name: PackageName, given: Limits | undefined): Limits {
  if (given) return given;
  if (name === 'custom') throw new AdminError(400, 'A custom package needs its limits.');
  return PACKAGES[name];
}

/** A package's name while the limits are its own, 'custom' once they differ. */
export function packageOf(name: PackageName, limits: Limits): PackageName {
  return name !== 'custom' && JSON.stringify(PACKAGES[name]) === JSON.stringify(limits) ? name : 'custom';
}

export async function listTenants(em: Em, id?: string): Promise<TenantRow[]> {
  const rows = await sql<{ id: string; users: number; extensions: number }>(
    em,
    `select t."id",
       (select count(*)::int from "users" u where u."tenant_id" = t."id") as "users",
       (select count(*)::int from "extensions" e where e."tenant_id" = t."id") as "extensions"
     from "tenants" t ${id ? 'where t."id" = ?' : ''}`,
    id ? [id] : [],
  );
  const counts = new Map(rows.map((r) => [r.id, r]));
  const tenants = await em.find(Tenant, id ? { id } : {}, { orderBy: { name: 'asc' } });
  return tenants.map((t) => ({
    id: t.id,
    name: t.name,
    domain: t.domain,
    package: t.package as PackageName,
    limits: limitsOf(t),
    suspended: t.suspended,
    credit: t.credit,
    currency: t.currency,
    lowCreditThreshold: t.lowCreditThreshold,
    users: Number(counts.get(t.id)?.users ?? 0),
    extensions: Number(counts.get(t.id)?.extensions ?? 0),
    createdAt: t.createdAt.toISOString(),
  }));
}

export async function tenantOf(em: Em, id: string): Promise<Tenant> {
  const tenant = isUuid(id) ? await em.findOne(Tenant, { id }) : null;
  if (!tenant) throw new AdminError(404, NO_SUCH_TENANT);
  return tenant;
}

export async function createTenant(
  ctx: AdminContext,
  body: TenantCreate,
  publicUrl: string,
): Promise<{ tenant: TenantRow; setPasswordLink?: string }> {
  const input = parse(tenantCreate, body);
  if (await ctx.em.count(Tenant, { domain: input.domain })) throw new AdminError(409, `The SIP domain ${input.domain} is already a tenant's.`);
  if (input.admin && (await ctx.em.count(User, { email: input.admin.email }))) throw new AdminError(409, EMAIL_TAKEN);
  const limits = packageLimits(input.package, input.limits);
  const tenant = ctx.em.create(Tenant, {
    name: input.name,
    domain: input.domain,
    package: packageOf(input.package, limits),
    currency: input.currency,
    ...limits,
  });
  DEFAULT_BREAK_REASONS.forEach((name, i) => ctx.em.create(BreakReason, { tenant, name, position: i + 1 }));
  await ctx.em.flush();
  audit(ctx, {
    tenantId: tenant.id,
    action: 'tenant.create',
    target: `tenant ${tenant.name}`,
    changes: created({ domain: tenant.domain, package: tenant.package, currency: tenant.currency, ...limitsOf(tenant) }),
  });
  let setPasswordLink: string | undefined;
  if (input.admin) {
    const admin = ctx.em.create(User, {
      tenant,
      email: input.admin.email,
      name: input.admin.name,
      role: 'admin',
      passwordHash: await unknownPasswordHash(),
    });
    await ctx.em.flush();
    setPasswordLink = await makePasswordLink(ctx.em, admin.id, publicUrl);
    audit(ctx, { tenantId: tenant.id, action: 'user.create', target: admin.email, changes: { role: { to: 'admin' }, password: 'set-password link' } });
  }
  ctx.changes.touch(tenant.id, 'tenants', 'users');
  return { tenant: (await listTenants(ctx.em, tenant.id))[0]!, ...(setPasswordLink && { setPasswordLink }) };
}

/** Name, package and limits, low-credit threshold: by the operator, or (all but the name) by the tenant's admin. */
export async function updateTenant(ctx: AdminContext, tenantId: string, body: TenantUpdate): Promise<TenantRow> {
  const input = parse(tenantUpdate, body);
  const tenant = await tenantOf(ctx.em, tenantId);
  const limits = input.package || input.limits ? packageLimits(input.package ?? 'custom', input.limits) : undefined;
  const after = {
    name: input.name,
    package: limits && packageOf(input.package ?? (tenant.package as PackageName), limits),
    lowCreditThreshold: input.lowCreditThreshold,
    ...limits,
  };
  const changes = diff<Record<string, unknown>>(
    { name: tenant.name, package: tenant.package, lowCreditThreshold: Number(tenant.lowCreditThreshold), ...limitsOf(tenant) },
    { ...after, lowCreditThreshold: after.lowCreditThreshold === undefined ? undefined : Number(after.lowCreditThreshold) },
  );
  if (Object.keys(changes).length === 0) return (await listTenants(ctx.em, tenant.id))[0]!;
  for (const [key, value] of Object.entries(after)) if (value !== undefined) Object.assign(tenant, { [key]: value });
  audit(ctx, { tenantId, action: 'tenant.update', target: `tenant ${tenant.name}`, changes });
  ctx.changes.touch(tenantId, 'tenants', 'settings');
  await ctx.em.flush();
  return (await listTenants(ctx.em, tenant.id))[0]!;
}

export async function setTenantSuspended(ctx: AdminContext, tenantId: string, suspended: boolean, why: string): Promise<TenantRow> {
  const tenant = await tenantOf(ctx.em, tenantId);
  if (tenant.suspended !== suspended) {
    tenant.suspended = suspended;
    let sessionsEnded = 0;
    if (suspended) {
      const users = await ctx.em.find(User, { tenant: tenantId }, { fields: ['id'] });
      for (const user of users) ctx.changes.endSessions(tenantId, user.id, 'suspended');
      sessionsEnded = await ctx.em.nativeDelete(Session, { tenant: tenantId });
    }
    audit(ctx, { tenantId, action: suspended ? 'tenant.suspend' : 'tenant.resume', target: `tenant ${tenant.name}`, changes: { reason: why, sessionsEnded } });
    // Its queues leave mod_callcenter (or come back); its phones are dropped and its directory forgotten.
    ctx.changes.touch(tenantId, 'tenants').callcenter(tenantId).unregister(tenantId, 'all');
    await ctx.em.flush();
  }
  return (await listTenants(ctx.em, tenant.id))[0]!;
}
