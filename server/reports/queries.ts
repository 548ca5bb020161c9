// The report queries: a tenant's queue visits and agent status log over whole
// local days, cut into intervals in one time zone. PostgreSQL does the time
// zone arithmetic (DST days have 23 or 25 hours) and the per-interval sums
// (on queue_calls' (tenant, joined_at) index); intervals.ts cuts the status log. A call counts in the interval
// it joined the queue, for its queue and for the agent who answered it.
import {
  type AgentReport,
  type AgentReportRow,
  type QueueReport,
  type QueueReportRow,
  type ReportInterval,
} from '../../common/reports.ts';
import type { Em } from '../db/orm.ts';
import { statusTime, type Bucket, type StatusRow } from './intervals.ts';

export interface ReportRange {
  tenantId: string;
  /** Local days, YYYY-MM-DD, `to` included. */
  from: string;
  to: string;
  interval: ReportInterval;
  timezone: string;
}

/** The server's IANA time zone: the one reports are cut in (tenants have none of their own). */
export const serverTimezone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

async function sql<T>(em: Em, query: string, params: unknown[]): Promise<T[]> {
  return (await em.getConnection().execute(query, params)) as T[];
}

const STEP: Record<ReportInterval, string> = { '15m': `interval '15 minutes'`, hour: `interval '1 hour'`, day: `interval '1 day'` };

/** A local timestamp (timestamp without time zone) → its interval's start. */
const bucketOf = (interval: ReportInterval, local: string) =>
  interval === '15m' ? `date_bin(interval '15 minutes', ${local}, timestamp '2000-01-01')` : `date_trunc('${interval}', ${local})`;

const LABEL = (expr: string) => `to_char(${expr}, 'YYYY-MM-DD HH24:MI')`;

/** The range's intervals with their instants; the range's own instants are the first start and the last end. */
export async function buckets(em: Em, r: ReportRange): Promise<Bucket[]> {
  const rows = await sql<{ label: string; start: string; end: string }>(
    em,
    `select ${LABEL('b')} as "label",
       extract(epoch from (b at time zone ?)) * 1000 as "start",
       extract(epoch from ((b + ${STEP[r.interval]}) at time zone ?)) * 1000 as "end"
     from generate_series(?::date::timestamp, (?::date + 1)::timestamp - ${STEP[r.interval]}, ${STEP[r.interval]}) as b
     order by b`,
    [r.timezone, r.timezone, r.from, r.to],
  );
  return rows.map((b) => ({ label: b.label, start: Number(b.start), end: Number(b.end) }));
}

/** The sums every interval row carries, over queue_calls `c`; `?` is the service-level threshold. */
const SUMS = `
  count(*)::int as "offered",
  count(*) filter (where c."outcome" = 'answered')::int as "answered",
  count(*) filter (where c."outcome" = 'abandoned')::int as "abandoned",
  count(*) filter (where c."outcome" = 'answered' and c."answered_at" <= c."joined_at" + make_interval(secs => ?))::int as "answeredWithin",
  coalesce(sum(c."wait") filter (where c."outcome" = 'answered'), 0)::float8 as "waitSum",
  coalesce(max(c."wait") filter (where c."outcome" = 'answered'), 0)::float8 as "waitMax",
  coalesce(sum(c."left") filter (where c."outcome" = 'abandoned'), 0)::float8 as "abandonSum",
  coalesce(max(c."left") filter (where c."outcome" = 'abandoned'), 0)::float8 as "abandonMax",
  count(c."talk")::int as "talked",
  coalesce(sum(c."talk"), 0)::float8 as "talkSum",
  coalesce(sum(c."talk" + c."wrap_up_seconds"), 0)::float8 as "handleSum"`;

/** queue_calls with each visit's seconds: wait (joined → answered), left (joined → ended), talk (answered → ended). */
const VISITS = `(select v.*,
    coalesce(extract(epoch from v."answered_at" - v."joined_at"), 0) as "wait",
    coalesce(extract(epoch from v."ended_at" - v."joined_at"), 0) as "left",
    case when v."outcome" = 'answered' then extract(epoch from v."ended_at" - v."answered_at") end as "talk"
  from "queue_calls" v
  where v."tenant_id" = ? and v."joined_at" >= (?::date::timestamp at time zone ?) and v."joined_at" < ((?::date + 1)::timestamp at time zone ?)
  ) as c`;

const rangeParams = (r: ReportRange) => [r.tenantId, r.from, r.timezone, r.to, r.timezone];

export async function queueReport(em: Em, r: ReportRange, thresholdSeconds: number): Promise<QueueReport> {
  const cut = await buckets(em, r);
  const found = await sql<QueueReportRow & { bucket?: unknown }>(
    em,
    // Grouped on the interval's timestamp, labelled after: to_char on every visit costs more than the sums.
    `select g.*, ${LABEL('g."bucket"')} as "start" from (
       select c."queue", ${bucketOf(r.interval, `(c."joined_at" at time zone ?)`)} as "bucket", ${SUMS}
       from ${VISITS}
       group by 1, 2) g
     order by g."bucket", g."queue"`,
    [r.timezone, thresholdSeconds, ...rangeParams(r)],
  );
  const rows = found.map(({ bucket: _, ...row }) => row);
  return {
    ...meta(r, cut),
    thresholdSeconds,
    queues: [...new Set(rows.map((x) => x.queue))].sort(),
    rows,
  };
}

export async function agentReport(em: Em, r: ReportRange, now = Date.now()): Promise<AgentReport> {
  const cut = await buckets(em, r);
  const calls = await sql<{ agent: string; start: string; bucket?: unknown; answered: number; talked: number; talkSum: number; handleSum: number }>(
    em,
    `select g.*, ${LABEL('g."bucket"')} as "start" from (
       select c."agent", ${bucketOf(r.interval, `(c."joined_at" at time zone ?)`)} as "bucket",
         count(*)::int as "answered", count(c."talk")::int as "talked",
         coalesce(sum(c."talk"), 0)::float8 as "talkSum", coalesce(sum(c."talk" + c."wrap_up_seconds"), 0)::float8 as "handleSum"
       from ${VISITS}
       where c."agent" is not null and c."outcome" = 'answered'
       group by 1, 2) g`,
    [r.timezone, ...rangeParams(r)],
  );
  const start = cut[0]?.start ?? 0;
  const end = cut[cut.length - 1]?.end ?? 0;
  // The statuses within the range, and each agent's status as it began (the last row before it).
  const log = await sql<{ agent: string; at: string; status: string; reason: string | null }>(
    em,
    `select l."agent", extract(epoch from l."started_at") * 1000 as "at", l."status", l."reason"
       from "agent_status_log" l
       where l."tenant_id" = ? and l."started_at" >= to_timestamp(?::float8 / 1000) and l."started_at" < to_timestamp(?::float8 / 1000)
     union all
     select p."agent", extract(epoch from p."started_at") * 1000, p."status", p."reason"
       from "extensions" e join "tenants" t on t."id" = e."tenant_id"
       cross join lateral (select b."agent", b."started_at", b."status", b."reason" from "agent_status_log" b
         where b."agent" = e."number" || '@' || t."domain" and b."started_at" < to_timestamp(?::float8 / 1000)
         order by b."started_at" desc limit 1) p
       where e."tenant_id" = ?`,
    [r.tenantId, start, end, start, r.tenantId],
  );
  const statusRows: StatusRow[] = log.map((l) => ({ agent: l.agent, at: Number(l.at), status: l.status, reason: l.reason }));
  const times = statusTime(statusRows, cut, now);
  const byKey = new Map<string, AgentReportRow>();
  const row = (agent: string, label: string) => {
    const key = `${agent}\u0000${label}`;
    let found = byKey.get(key);
    if (!found) {
      found = { agent, start: label, answered: 0, talked: 0, talkSum: 0, handleSum: 0, status: {}, reasons: {} };
      byKey.set(key, found);
    }
    return found;
  };
  for (const c of calls) Object.assign(row(c.agent, c.start), { answered: c.answered, talked: c.talked, talkSum: c.talkSum, handleSum: c.handleSum });
  for (const [agent, perBucket] of times) {
    for (const [label, t] of perBucket) Object.assign(row(agent, label), { status: t.status, reasons: t.reasons });
  }
  const rows = [...byKey.values()].sort((a, b) => a.start.localeCompare(b.start) || a.agent.localeCompare(b.agent));
  return { ...meta(r, cut), agents: [...new Set(rows.map((x) => x.agent))].sort(), rows };
}

const meta = (r: ReportRange, cut: Bucket[]) => ({
  timezone: r.timezone,
  interval: r.interval,
  from: r.from,
  to: r.to,
  buckets: cut.map((b) => b.label),
});
