// The tenant's own settings page: its package and limits, and the balance
// below which every user's header warns of low credit.
import type { PackageName, TenantSettings, TenantSettingsSave } from '../../common/admin.ts';
import { tenantSettingsSave } from '../../common/admin.ts';
import { Extension } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import type { AdminContext } from './context.ts';
import { parse } from './parse.ts';
import { limitsOf, tenantOf, updateTenant } from './tenants.ts';

export async function tenantSettings(em: Em, tenantId: string): Promise<TenantSettings> {
  // One after another: this also runs inside the saving transaction's one connection.
  const tenant = await tenantOf(em, tenantId);
  const extensions = await em.count(Extension, { tenant: tenantId });
  return {
    name: tenant.name,
    domain: tenant.domain,
    currency: tenant.currency,
    credit: tenant.credit,
    lowCreditThreshold: tenant.lowCreditThreshold,
    package: tenant.package as PackageName,
    limits: limitsOf(tenant),
    used: { extensions },
  };
}

export async function saveTenantSettings(ctx: AdminContext, tenantId: string, body: TenantSettingsSave): Promise<TenantSettings> {
  const input = parse(tenantSettingsSave, body);
  await updateTenant(ctx, tenantId, input);
  return tenantSettings(ctx.em, tenantId);
}
