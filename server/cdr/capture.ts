// Recording a hung-up leg: one transaction inserts the CDR keyed by the
// FreeSWITCH UUID (ON CONFLICT DO NOTHING) and, only when that insert
// landed, debits the tenant. However many nodes consume the same
// CHANNEL_HANGUP_COMPLETE, and however often mod_json_cdr posts the same
// CDR, one row and one debit result: a concurrent second insert waits on the
// first's uncommitted row, then finds the conflict and does nothing.
import type { CdrRow } from '../../common/cdr.ts';
import type { Em, Orm } from '../db/orm.ts';
import type { CallDetail } from '../pbx/events.ts';
import { charge, e164, longestPrefix, type RateRow } from './rating.ts';
import { CDR_COLUMNS, cdrRow, type CdrSqlRow } from './rows.ts';
import { callStatus } from './status.ts';

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
  if (!cdr.domain) return undefined;
  return orm.em.fork().transactional(async (em) => {
    const [tenant] = await sql<{ id: string }>(em, 'select "id" from "tenants" where "domain" = lower(?)', [cdr.domain]);
    if (!tenant) return undefined;
    const [owner] = cdr.extension
      ? await sql<{ owner_id: string | null }>(em, 'select "owner_id" from "extensions" where "tenant_id" = ? and "number" = ?', [
          tenant.id,
          cdr.extension,
        ])
      : [];
    let cost: string | null = null;
    let ratePrefix: string | null = null;
    const number = billable(cdr) ? e164(cdr.destination) : undefined;
    if (number) {
      const rates = await sql<RateRow>(
        em,
        'select "prefix", "per_minute"::text as "perMinute", "first_increment" as "firstIncrement", "increment" from "rates" where "tenant_id" = ?',
        [tenant.id],
      );
      const rate = longestPrefix(rates, number);
      if (rate) {
        cost = charge(cdr.billsec, rate);
        ratePrefix = rate.prefix;
      }
    }
    const [inserted] = await sql<CdrSqlRow>(
      em,
      `insert into "cdr" ("uuid", "tenant_id", "user_id", "extension", "direction", "status", "caller_id_name", "caller_id_number",
         "destination", "started_at", "answered_at", "ended_at", "duration", "billsec", "hangup_cause", "read_codec", "write_codec",
         "sip_call_id", "recording_path", "cost", "rate_prefix")
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict ("uuid") do nothing
       returning ${CDR_COLUMNS}`,
      [
        cdr.uuid,
        tenant.id,
        owner?.owner_id ?? null,
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
      ],
    );
    if (!inserted) return undefined;
    const recorded: Recorded = { tenantId: tenant.id, userId: owner?.owner_id ?? null, row: cdrRow(inserted) };
    if (cost !== null && cost !== '0.0000') {
      const [balance] = await sql<{ credit: string; credit_version: number }>(
        em,
        `update "tenants" set "credit" = "credit" - ?::numeric, "credit_version" = "credit_version" + 1
         where "id" = ? returning "credit"::text as "credit", "credit_version"`,
        [cost, tenant.id],
      );
      recorded.credit = { credit: balance!.credit, version: Number(balance!.credit_version) };
    }
    return recorded;
  });
}
