// The tenant's own settings page: its package and limits, the balance below
// which every user's header warns of low credit, the break reasons its
// agents choose from, and whether an available agent whose phone is gone is
// put on break by itself, and whether supervisors and admins must use two-step sign-in.
import type { PackageName, TenantSettings, TenantSettingsSave } from '../../common/admin.ts';
import { tenantSettingsSave } from '../../common/admin.ts';
import { hasSecondFactor, mustHaveSecondFactor } from '../auth/second-factor.ts';
import { BreakReason, Extension, User } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { audit, diff } from './audit.ts';
import { AdminError, type AdminContext } from './context.ts';
import { parse } from './parse.ts';
import { limitsOf, tenantOf, updateTenant } from './tenants.ts';

export async function tenantSettings(em: Em, tenantId: string): Promise<TenantSettings> {
  // One after another: this also runs inside the saving transaction's one connection.
  const tenant = await tenantOf(em, tenantId);
  const extensions = await em.count(Extension, { tenant: tenantId });
  const reasons = await em.find(BreakReason, { tenant: tenantId }, { orderBy: { position: 'asc' } });
  return {
    name: tenant.name,
    domain: tenant.domain,
    currency: tenant.currency,
    credit: tenant.credit,
    lowCreditThreshold: tenant.lowCreditThreshold,
    package: tenant.package as PackageName,
    limits: limitsOf(tenant),
    used: { extensions },
    breakReasons: reasons.map((r) => r.name),
    noPhoneBreak: tenant.noPhoneBreak,
    noPhoneGraceSeconds: tenant.noPhoneGraceSeconds,
    hideListening: tenant.hideListening,
    requireSecondFactor: tenant.requireSecondFactor,
  };
}

export const ENROL_BEFORE_REQUIRING =
  'Turn on two-step sign-in for your own account first (My Account), or requiring it would sign you out.';

/** An admin of the tenant who requires a second factor without having one would lock themselves out on the spot. */
async function assertActorHasSecondFactor(ctx: AdminContext, tenantId: string): Promise<void> {
  if (!ctx.actor.id) return;
  const actor = await ctx.em.findOne(User, { id: ctx.actor.id, tenant: tenantId });
  if (actor && !hasSecondFactor(actor) && mustHaveSecondFactor(actor, { requireSecondFactor: true })) {
    throw new AdminError(409, ENROL_BEFORE_REQUIRING);
  }
}

export async function saveTenantSettings(ctx: AdminContext, tenantId: string, body: TenantSettingsSave): Promise<TenantSettings> {
  const input = parse(tenantSettingsSave, body);
  const { breakReasons, noPhoneBreak, noPhoneGraceSeconds, hideListening, requireSecondFactor, ...limits } = input;
  await updateTenant(ctx, tenantId, limits);
  const before = await tenantSettings(ctx.em, tenantId);
  const changes = diff(before, { breakReasons, noPhoneBreak, noPhoneGraceSeconds, hideListening, requireSecondFactor });
  if (Object.keys(changes).length === 0) return before;
  const tenant = await tenantOf(ctx.em, tenantId);
  if (noPhoneBreak !== undefined) tenant.noPhoneBreak = noPhoneBreak;
  if (noPhoneGraceSeconds !== undefined) tenant.noPhoneGraceSeconds = noPhoneGraceSeconds;
  if (hideListening !== undefined) tenant.hideListening = hideListening;
  if (requireSecondFactor !== undefined) {
    if (requireSecondFactor) await assertActorHasSecondFactor(ctx, tenantId);
    tenant.requireSecondFactor = requireSecondFactor;
  }
  if (breakReasons) {
    // An agent on a break keeps its reason even if the list no longer offers it.
    await ctx.em.nativeDelete(BreakReason, { tenant: tenantId });
    breakReasons.forEach((name, i) => ctx.em.create(BreakReason, { tenant: tenantId, name, position: i + 1 }));
  }
  audit(ctx, { tenantId, action: 'tenant.desk', target: `tenant ${tenant.name}`, changes });
  ctx.changes.touch(tenantId, 'settings');
  await ctx.em.flush();
  return tenantSettings(ctx.em, tenantId);
}
