// The audit log: written in the transaction of the change it describes, so
// a change and its entry land together or not at all. `changes` never holds
// a secret: a password or SIP password appears only as "changed".
import type { AuditPage, AuditRow } from '../../common/admin.ts';
import { AuditEntry } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { isUuid } from '../db/queries.ts';
import type { Actor, AdminContext } from './context.ts';

/** Field → { from, to }; a secret's values are replaced by this. */
export const SECRET = '(changed)';

export interface AuditInput {
  tenantId: string | null;
  action: string;
  target: string;
  changes?: Record<string, unknown>;
}

export function auditWith(em: Em, actor: Actor, entry: AuditInput): AuditEntry {
  return em.create(AuditEntry, {
    tenant: entry.tenantId,
    actorId: actor.id,
    actor: actor.label,
    address: actor.address,
    action: entry.action,
    target: entry.target,
    changes: entry.changes ?? {},
  });
}

export const audit = (ctx: AdminContext, entry: AuditInput) => auditWith(ctx.em, ctx.actor, entry);

/** { field: { from, to } } for the fields whose values differ. */
export function diff<T extends object>(before: Partial<T>, after: Partial<T>, secrets: (keyof T)[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] === undefined || JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    out[key as string] = secrets.includes(key) ? SECRET : { from: before[key] ?? null, to: after[key] };
  }
  return out;
}

/** A new thing's fields, as { field: { to } }. */
export const created = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { to: v }]));
/** A removed thing's fields, as { field: { from } }. */
export const removed = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { from: v }]));

const PAGE = 50;

/** Newest first; one tenant's, or everyone's (tenantId undefined, operators only). */
export async function auditPage(em: Em, filter: { tenantId?: string; before?: string; limit?: number }): Promise<AuditPage> {
  const limit = Math.min(Math.max(filter.limit ?? PAGE, 1), 200);
  if (filter.tenantId && !isUuid(filter.tenantId)) return { entries: [], next: null };
  const where: Record<string, unknown> = {};
  if (filter.tenantId) where.tenant = filter.tenantId;
  if (filter.before && /^[0-9]{1,18}$/.test(filter.before)) where.id = { $lt: filter.before };
  const rows = await em.find(AuditEntry, where, { orderBy: { id: 'desc' }, limit: limit + 1, populate: ['tenant'] });
  const entries: AuditRow[] = rows.slice(0, limit).map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    tenant: r.tenant ? { id: r.tenant.id, name: r.tenant.name } : null,
    actor: r.actor,
    address: r.address,
    action: r.action,
    target: r.target,
    changes: r.changes,
  }));
  return { entries, next: rows.length > limit ? entries[entries.length - 1]!.id : null };
}
