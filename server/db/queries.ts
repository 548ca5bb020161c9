// Read-only look-ups other modules start from. Every one that serves a
// user takes the tenant id and filters by it, so a wrong id from a request
// can only ever miss, never reach into another tenant.
import type { Me } from '../../common/api.ts';
import type { Em } from './orm.ts';
import { Extension, Tenant, User } from './entities/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids arrive in URLs; PostgreSQL rejects a malformed uuid with an error, we want "not found". */
export const isUuid = (id: string): boolean => UUID.test(id);

export interface TenantWithExtensions {
  id: string;
  name: string;
  domain: string;
  /** Decimal string, e.g. "125.5000". */
  credit: string;
  currency: string;
  lowCreditThreshold: string;
  creditVersion: number;
  /** How many queues the tenant has. */
  queues: number;
  extensions: { number: string; dnd: boolean; ownerId: string | null }[];
  /** Fax rows the tenant has, for the dashboard's fax figures. */
  faxInbound: number;
  faxOutbound: number;
}

/** Every tenant with its extensions: what the live state starts from. */
export async function listTenantsWithExtensions(em: Em): Promise<TenantWithExtensions[]> {
  const [tenants, extensions, queueCounts, faxCounts] = await Promise.all([
    em.find(Tenant, {}, { orderBy: { name: 'asc' } }),
    em.find(Extension, {}, { orderBy: { number: 'asc' } }),
    em
      .getConnection()
      .execute(
        'select "tenant_id", count(*)::int as "count" from "queues" group by "tenant_id"',
        [],
        'all',
        em.getTransactionContext(),
      ) as Promise<{ tenant_id: string; count: number }[]>,
    countFaxes(em),
  ]);
  const queuesOf = new Map(queueCounts.map((row) => [row.tenant_id, Number(row.count)]));
  return tenants.map((t) => ({
    id: t.id,
    name: t.name,
    domain: t.domain,
    credit: t.credit,
    currency: t.currency,
    lowCreditThreshold: t.lowCreditThreshold,
    creditVersion: t.creditVersion,
    queues: queuesOf.get(t.id) ?? 0,
    faxInbound: faxCounts.get(t.id)?.faxInbound ?? 0,
    faxOutbound: faxCounts.get(t.id)?.faxOutbound ?? 0,
    extensions: extensions
      .filter((e) => e.tenant.id === t.id)
      .map((e) => ({ number: e.number, dnd: e.dnd, ownerId: e.owner?.id ?? null })),
  }));
}

/** Fax rows per tenant (or of one tenant): what the dashboard's fax figures show. */
export async function countFaxes(em: Em, tenantId?: string): Promise<Map<string, { faxInbound: number; faxOutbound: number }>> {
  const where = tenantId ? 'where "tenant_id" = ?' : '';
  const rows = (await em.getConnection().execute(
    `select "tenant_id", sum("inbound")::int as "inbound", sum("outbound")::int as "outbound" from (
       select "tenant_id", 1 as "inbound", 0 as "outbound" from "fax_inbound" ${where}
       union all
       select "tenant_id", 0, 1 from "fax_outbound" ${where}
     ) as "f" group by "tenant_id"`,
    tenantId ? [tenantId, tenantId] : [],
    'all',
    em.getTransactionContext(),
  )) as { tenant_id: string; inbound: number; outbound: number }[];
  return new Map(rows.map((r) => [r.tenant_id, { faxInbound: Number(r.inbound), faxOutbound: Number(r.outbound) }]));
}

/** The extensions a user owns, by number. */
export function findExtensionsOfUser(em: Em, tenantId: string, userId: string): Promise<Extension[]> {
  return em.find(Extension, { tenant: tenantId, owner: userId }, { orderBy: { number: 'asc' } });
}

/** A user of this tenant, or null (also for another tenant's user or a malformed id). */
export function findUserInTenant(em: Em, tenantId: string, userId: string): Promise<User | null> {
  if (!isUuid(userId)) return Promise.resolve(null);
  return em.findOne(User, { id: userId, tenant: tenantId }, { populate: ['tenant'] });
}

/** Sign-in and the operator CLI look users up by e-mail, across tenants: e-mail is globally unique. */
export function findUserByEmail(em: Em, email: string): Promise<User | null> {
  return em.findOne(User, { email: email.trim().toLowerCase() }, { populate: ['tenant'] });
}

export function listUsersOfTenant(em: Em, tenantId: string): Promise<User[]> {
  return em.find(User, { tenant: tenantId }, { orderBy: { email: 'asc' } });
}

/** What GET /api/me and sign-in answer: the user, their tenant and the extensions they own. */
export async function findMe(em: Em, tenantId: string, userId: string): Promise<Me | null> {
  const user = await findUserInTenant(em, tenantId, userId);
  if (!user) return null;
  const extensions = await findExtensionsOfUser(em, tenantId, userId);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tenant: { id: user.tenant.id, name: user.tenant.name, domain: user.tenant.domain },
    extensions: extensions.map((e) => e.number),
  };
}
