// Read-only look-ups other modules start from. Every one that serves a
// user takes the tenant id and filters by it, so a wrong id from a request
// can only ever miss, never reach into another tenant.
import type { Me } from '../../common/api.ts';
import type { QueueAlertThresholds } from '../../common/live.ts';
import type { Em } from './orm.ts';
import { AgentBreak, AgentStatusSetter, BreakReason, Extension, Queue, Tenant, User } from './entities/index.ts';

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
  /** Their short names ('sales'). */
  queueNames: string[];
  /** The alert thresholds of those that have any, by short name. */
  queueAlerts: Record<string, QueueAlertThresholds>;
  extensions: { number: string; dnd: boolean; ownerId: string | null }[];
  /** Fax rows the tenant has, for the dashboard's fax figures. */
  faxInbound: number;
  faxOutbound: number;
  /** The break reasons it offers its agents, in order. */
  breakReasons: string[];
  /** Its agents on a break with a reason (Unix seconds since). */
  breaks: { agent: string; reason: string; source: AgentBreak['source']; since: number; savedAt: number }[];
  /** Agents whose present status a supervisor set, and who. */
  setters: { agent: string; status: string; by: string }[];
}

/**
 * Every tenant in service (or just one) with its extensions and queues: what
 * the live state starts from, and what it is brought back to after an
 * administrative change. A suspended tenant is not live.
 */
export async function listTenantsWithExtensions(em: Em, tenantId?: string): Promise<TenantWithExtensions[]> {
  const one = tenantId ? { tenant: tenantId } : {};
  const [tenants, extensions, queues, faxCounts, reasons, breaks, setters] = await Promise.all([
    em.find(Tenant, { suspended: false, ...(tenantId && { id: tenantId }) }, { orderBy: { name: 'asc' } }),
    em.find(Extension, one, { orderBy: { number: 'asc' } }),
    em.find(Queue, one, { orderBy: { name: 'asc' } }),
    countFaxes(em, tenantId),
    em.find(BreakReason, one, { orderBy: { position: 'asc' } }),
    em.find(AgentBreak, one),
    em.find(AgentStatusSetter, one),
  ]);
  return tenants.map((t) => ({
    id: t.id,
    name: t.name,
    domain: t.domain,
    credit: t.credit,
    currency: t.currency,
    lowCreditThreshold: t.lowCreditThreshold,
    creditVersion: t.creditVersion,
    queues: queues.filter((q) => q.tenant.id === t.id).length,
    queueNames: queues.filter((q) => q.tenant.id === t.id).map((q) => q.name),
    queueAlerts: Object.fromEntries(queues.filter((q) => q.tenant.id === t.id).flatMap((q) => alertThresholds(q))),
    breakReasons: reasons.filter((r) => r.tenant.id === t.id).map((r) => r.name),
    breaks: breaks
      .filter((b) => b.tenant.id === t.id)
      .map((b) => ({ agent: b.agent, reason: b.reason, source: b.source, since: Math.floor(b.since.getTime() / 1000), savedAt: b.since.getTime() })),
    setters: setters.filter((s) => s.tenant.id === t.id).map((s) => ({ agent: s.agent, status: s.status, by: s.byName })),
    faxInbound: faxCounts.get(t.id)?.faxInbound ?? 0,
    faxOutbound: faxCounts.get(t.id)?.faxOutbound ?? 0,
    extensions: extensions
      .filter((e) => e.tenant.id === t.id)
      .map((e) => ({ number: e.number, dnd: e.dnd, ownerId: e.owner?.id ?? null })),
  }));
}

/** A queue's alert thresholds as the live state carries them, when it has any. */
function alertThresholds(q: Queue): [string, QueueAlertThresholds][] {
  const thresholds = {
    longestWaitSeconds: q.alertLongestWaitSeconds,
    waitingCallers: q.alertWaitingCallers,
    serviceLevelPercent: q.alertServiceLevelPercent,
  };
  return Object.values(thresholds).some((v) => v !== null) ? [[q.name, thresholds]] : [];
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

/** What GET /api/me and sign-in answer: the user, their tenant and the extensions they own (an operator: neither). */
export async function findMe(em: Em, userId: string): Promise<Me | null> {
  const user = isUuid(userId) ? await em.findOne(User, { id: userId }, { populate: ['tenant'] }) : null;
  if (!user) return null;
  const base = { id: user.id, email: user.email, name: user.name };
  if (user.role === 'operator' || !user.tenant) return { ...base, role: 'operator', tenant: null, extensions: [] };
  const extensions = await findExtensionsOfUser(em, user.tenant.id, userId);
  return {
    ...base,
    role: user.role,
    tenant: { id: user.tenant.id, name: user.tenant.name, domain: user.tenant.domain },
    extensions: extensions.map((e) => e.number),
  };
}
