// The credit ledger, as the operator books it and reads it. Booking is one
// INSERT: the trigger of migration 0007 moves the balance by the row's
// amount in the same statement, so the balance cannot drift from the sum.
import type { CreditEntryRow, CreditRequest, Ledger } from '../../common/admin.ts';
import { creditRequest } from '../../common/admin.ts';
import { CreditEntry } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { audit } from './audit.ts';
import { sql, type AdminContext } from './context.ts';
import { parse } from './parse.ts';
import { listTenants, tenantOf } from './tenants.ts';

export async function bookCredit(ctx: AdminContext, tenantId: string, body: CreditRequest): Promise<Ledger> {
  const input = parse(creditRequest, body);
  const tenant = await tenantOf(ctx.em, tenantId);
  ctx.em.create(CreditEntry, { tenant, kind: input.kind, amount: input.amount, actorId: ctx.actor.id, actor: ctx.actor.label, reason: input.reason });
  await ctx.em.flush();
  audit(ctx, { tenantId, action: `credit.${input.kind}`, target: `tenant ${tenant.name}`, changes: { amount: input.amount, currency: tenant.currency, reason: input.reason } });
  ctx.changes.touch(tenantId, 'credit');
  return ledgerPage(ctx.em, tenantId, {});
}

const PAGE = 50;

/** Newest first, each row with the balance right after it. */
export async function ledgerPage(em: Em, tenantId: string, page: { before?: string; limit?: number }): Promise<Ledger> {
  const tenant = (await listTenants(em, (await tenantOf(em, tenantId)).id))[0]!;
  const limit = Math.min(Math.max(page.limit ?? PAGE, 1), 200);
  const before = page.before && /^[0-9]{1,18}$/.test(page.before) ? page.before : null;
  const rows = await sql<{ id: string; at: Date; kind: CreditEntryRow['kind']; amount: string; actor: string; reason: string; cdr_uuid: string | null; balance: string }>(
    em,
    // The balance after a row is today's balance less every row after it.
    `with "page" as (
       select * from "credit_ledger" where "tenant_id" = ? ${before ? 'and "id" < ?' : ''} order by "id" desc limit ?
     )
     select p."id"::text as "id", p."at", p."kind", p."amount"::text as "amount", p."actor", p."reason", p."cdr_uuid",
       (t."credit" - coalesce((select sum(l."amount") from "credit_ledger" l where l."tenant_id" = p."tenant_id" and l."id" > p."id"), 0))::text as "balance"
     from "page" p join "tenants" t on t."id" = p."tenant_id" order by p."id" desc`,
    before ? [tenantId, before, limit + 1] : [tenantId, limit + 1],
  );
  const [{ sum } = { sum: '0' }] = await sql<{ sum: string }>(em, 'select coalesce(sum("amount"), 0)::text as "sum" from "credit_ledger" where "tenant_id" = ?', [tenantId]);
  const entries: CreditEntryRow[] = rows.slice(0, limit).map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    kind: r.kind,
    amount: r.amount,
    balance: r.balance,
    actor: r.actor,
    reason: r.reason,
    cdrUuid: r.cdr_uuid,
  }));
  return { tenant, entries, next: rows.length > limit ? entries[entries.length - 1]!.id : null, sum };
}
