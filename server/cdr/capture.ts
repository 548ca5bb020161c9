// Recording hung-up legs: one transaction inserts the CDRs keyed by the
// FreeSWITCH UUID (ON CONFLICT DO NOTHING) and debits each tenant for the
// rows that landed. However many nodes consume the same
// CHANNEL_HANGUP_COMPLETE, and however often mod_json_cdr posts the same
// CDR, one row and one debit result: a concurrent second insert waits on the
// first's uncommitted row, then finds the conflict and does nothing.
//
// A debit is a row of the credit ledger keyed by the call's UUID (unique):
// the ledger's trigger moves the balance, so the balance stays the ledger's
// sum with calls as with top-ups.
//
// A batch (several legs, e.g. all the hangups of one event-loop turn) is
// still one transaction: the tenants, owners and rates are read with one
// query each, the rows go in with one multi-row INSERT, and each tenant gets
// one ledger INSERT for its new calls, which moves its balance once
// (credit_version still counts one per debited call). Rows are inserted in
// UUID order and tenants debited in id order, so two nodes' overlapping
// batches never wait on each other in a cycle.
import type { CdrRow } from '../../common/cdr.ts';
import type { Em, Orm } from '../db/orm.ts';
import type { CallDetail } from '../pbx/events.ts';
import { charge, e164, longestPrefix, type RateRow } from './rating.ts';
import { CDR_COLUMNS, cdrRow, QUALITY_FIELDS, type CdrSqlRow } from './rows.ts';
import { callStatus } from './status.ts';
import { continueResumedCalls } from './resumed.ts';

export interface Recorded {
  tenantId: string;
  /** The extension's owner, who sees the call on their CDR page. */
  userId: string | null;
  row: CdrRow;
  /** The balance after the debit, when the call was billed. */
  credit?: { credit: string; version: number };
}

const micros = (us: number) => new Date(Math.floor(us / 1000));

async function sql<T>(em: Em, query: string, params: unknown[]): Promise<T[]> {
  return (await em.getConnection().execute(query, params, 'all', em.getTransactionContext())) as T[];
}

/** A local phone's answered call to an outside number is billed; the rest (internal, incoming) is not. */
const billable = (cdr: CallDetail) => cdr.direction === 'outbound' && cdr.billsec > 0 && e164(cdr.destination) !== undefined;

/**
 * Records the leg unless it was recorded before. Undefined when it was, or
 * when the leg belongs to no tenant we know (another domain on the PBX).
 */
export async function recordCall(orm: Orm, cdr: CallDetail): Promise<Recorded | undefined> {
  return (await recordCalls(orm, [cdr]))[0];
}

/** Legs per INSERT: 31 parameters each stays far below PostgreSQL's 65,535. */
export const MAX_BATCH = 500;

const COLUMNS = `"uuid", "tenant_id", "user_id", "extension", "direction", "status", "caller_id_name", "caller_id_number",
  "destination", "started_at", "answered_at", "ended_at", "duration", "billsec", "hangup_cause", "read_codec", "write_codec",
  "sip_call_id", "recording_path", "cost", "rate_prefix", ${QUALITY_FIELDS.map(([, column]) => `"${column}"`).join(', ')}`;
const ROW = `(${Array.from({ length: 21 + QUALITY_FIELDS.length }, () => '?').join(', ')})`;

/**
 * recordCall for several legs in one transaction (at most MAX_BATCH); the
 * answer is in the order given. A leg given twice is recorded once.
 */
export async function recordCalls(orm: Orm, cdrs: CallDetail[]): Promise<(Recorded | undefined)[]> {
  if (cdrs.length > MAX_BATCH) throw new Error(`at most ${MAX_BATCH} CDRs per batch`);
  // A resumed call is the same call for its agent: it lengthens the row of the leg that vanished.
  await continueResumedCalls(orm, cdrs.filter((c) => c.resumeOf));
  const legs = cdrs.filter((c) => c.domain && !c.resumeOf);
  if (!legs.length) return cdrs.map(() => undefined);
  const byUuid = await orm.em.fork().transactional(async (em) => {
    const domains = [...new Set(legs.map((c) => c.domain!.toLowerCase()))];
    const tenants = await sql<{ id: string; domain: string }>(em, 'select "id", "domain" from "tenants" where "domain" in (?)', [domains]);
    const tenantOf = new Map(tenants.map((t) => [t.domain, t.id]));
    const mine = new Map<string, { cdr: CallDetail; tenantId: string }>();
    for (const cdr of legs) {
      const tenantId = tenantOf.get(cdr.domain!.toLowerCase());
      if (tenantId && !mine.has(cdr.uuid)) mine.set(cdr.uuid, { cdr, tenantId });
    }
    const result = new Map<string, Recorded>();
    if (!mine.size) return result;
    const tenantIds = [...new Set([...mine.values()].map((m) => m.tenantId))];
    const numbers = [...new Set([...mine.values()].flatMap((m) => (m.cdr.extension ? [m.cdr.extension] : [])))];
    const owners = numbers.length
      ? await sql<{ tenant_id: string; number: string; owner_id: string | null }>(
          em,
          'select "tenant_id", "number", "owner_id" from "extensions" where "tenant_id" in (?) and "number" in (?)',
          [tenantIds, numbers],
        )
      : [];
    const ownerOf = new Map(owners.map((o) => [`${o.tenant_id}\u0000${o.number}`, o.owner_id]));
    const billedTenants = [...new Set([...mine.values()].filter((m) => billable(m.cdr) && e164(m.cdr.destination)).map((m) => m.tenantId))];
    const rates = billedTenants.length
      ? await sql<RateRow & { tenantId: string }>(
          em,
          'select "tenant_id" as "tenantId", "prefix", "per_minute"::text as "perMinute", "first_increment" as "firstIncrement", "increment" from "rates" where "tenant_id" in (?)',
          [billedTenants],
        )
      : [];
    const ratesOf = new Map<string, RateRow[]>();
    for (const r of rates) ratesOf.set(r.tenantId, [...(ratesOf.get(r.tenantId) ?? []), r]);

    const rows = [...mine.values()].sort((a, b) => (a.cdr.uuid < b.cdr.uuid ? -1 : a.cdr.uuid > b.cdr.uuid ? 1 : 0));
    const meta = new Map<string, { tenantId: string; userId: string | null; cost: string | null; number: string | undefined }>();
    const params: unknown[] = [];
    for (const { cdr, tenantId } of rows) {
      const userId = cdr.extension ? (ownerOf.get(`${tenantId}\u0000${cdr.extension}`) ?? null) : null;
      let cost: string | null = null;
      let ratePrefix: string | null = null;
      const number = billable(cdr) ? e164(cdr.destination) : undefined;
      if (number) {
        const rate = longestPrefix(ratesOf.get(tenantId) ?? [], number);
        if (rate) {
          cost = charge(cdr.billsec, rate);
          ratePrefix = rate.prefix;
        }
      }
      meta.set(cdr.uuid, { tenantId, userId, cost, number });
      params.push(
        cdr.uuid,
        tenantId,
        userId,
        cdr.extension ?? null,
        cdr.direction,
        callStatus(cdr.hangupCause, cdr.answeredAt > 0, cdr.direction),
        cdr.callerIdName,
        cdr.callerIdNumber,
        cdr.destination,
        micros(cdr.startedAt || cdr.endedAt),
        cdr.answeredAt ? micros(cdr.answeredAt) : null,
        micros(cdr.endedAt),
        cdr.duration,
        cdr.billsec,
        cdr.hangupCause,
        cdr.readCodec,
        cdr.writeCodec,
        cdr.sipCallId,
        cdr.recordingPath ?? null,
        cost,
        ratePrefix,
        ...QUALITY_FIELDS.map(([field]) => cdr.quality?.[field] ?? null),
      );
    }
    const inserted = await sql<CdrSqlRow>(
      em,
      `insert into "cdr" (${COLUMNS})
       values ${rows.map(() => ROW).join(', ')}
       on conflict ("uuid") do nothing
       returning ${CDR_COLUMNS}`,
      params,
    );
    /** Per tenant: the calls that landed with a cost to debit. */
    const debits = new Map<string, { uuids: string[]; costs: string[] }>();
    for (const row of inserted) {
      const m = meta.get(row.uuid)!;
      result.set(row.uuid, { tenantId: m.tenantId, userId: m.userId, row: cdrRow(row) });
      if (m.cost !== null && m.cost !== '0.0000') {
        const d = debits.get(m.tenantId) ?? { uuids: [], costs: [] };
        d.uuids.push(row.uuid);
        d.costs.push(m.cost);
        debits.set(m.tenantId, d);
      }
    }
    for (const tenantId of [...debits.keys()].sort()) {
      const { uuids, costs } = debits.get(tenantId)!;
      // Amounts stay numeric in SQL: no float rounding on money.
      await sql(
        em,
        `insert into "credit_ledger" ("tenant_id", "kind", "amount", "cdr_uuid", "actor", "reason")
         values ${uuids.map(() => `(?, 'call', -(?::numeric), ?, 'switchboard', ?)`).join(', ')}`,
        uuids.flatMap((uuid, i) => [tenantId, costs[i], uuid, `Call to ${meta.get(uuid)!.number}`]),
      );
      const [balance] = await sql<{ credit: string; credit_version: number }>(
        em,
        `select "credit"::text as "credit", "credit_version" from "tenants" where "id" = ?`,
        [tenantId],
      );
      const credit = { credit: balance!.credit, version: Number(balance!.credit_version) };
      for (const uuid of uuids) result.get(uuid)!.credit = credit;
    }
    return result;
  });
  // In the order given; a UUID given twice is recorded for its first place only.
  const answered = new Set<string>();
  return cdrs.map((c) => {
    const r = byUuid.get(c.uuid);
    if (!r || answered.has(c.uuid)) return undefined;
    answered.add(c.uuid);
    return r;
  });
}
