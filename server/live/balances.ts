// Every tenant's balance as the database holds it, as credit-changed events:
// what a node folds in after missing the other nodes' broadcasts (Redis was
// away), so its screens do not keep an old balance until the next call. The
// version makes it harmless when nothing was missed.
import type { Orm } from '../db/orm.ts';
import type { AppEvent } from './reduce.ts';

export async function readBalances(orm: Orm): Promise<AppEvent[]> {
  const rows = (await orm.em
    .fork()
    .getConnection()
    .execute('select "id", "credit"::text as "credit", "credit_version" from "tenants"')) as { id: string; credit: string; credit_version: string | number }[];
  return rows.map((r) => ({ kind: 'credit-changed', tenantId: r.id, credit: r.credit, version: Number(r.credit_version) }));
}
