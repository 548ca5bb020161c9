// Writes the facts of facts.ts so each lands once, however many nodes (and
// however many of FreeSWITCH's ways of telling) write it: visits are keyed by
// the member UUID and merged by the rules facts.ts states; status rows by
// agent and start. A write that changed a visit also says so on the
// QUEUE_FACTS_CHANNEL in the same statement (PostgreSQL delivers it at
// commit, to every node): each node then re-reads that queue's figures for
// today (today.ts). A duplicate changes nothing and says nothing.
import type { Orm } from '../db/orm.ts';
import type { StatusFact, VisitFact } from './facts.ts';

/** PostgreSQL NOTIFY channel: a queue's facts changed; payload `["<tenant id>","<queue>"]`. */
export const QUEUE_FACTS_CHANNEL = 'switchboard_queue_facts';

const RANK = (o: string) => `(case ${o} when 'answered' then 2 when 'abandoned' then 1 else 0 end)`;

/** Each column's merge of the stored row (q) and the new fact (excluded). */
const MERGE: [string, string][] = [
  ['joined_at', 'least(q."joined_at", excluded."joined_at")'],
  ['answered_at', 'coalesce(q."answered_at", excluded."answered_at")'],
  ['ended_at', 'coalesce(q."ended_at", excluded."ended_at")'],
  ['agent', 'coalesce(q."agent", excluded."agent")'],
  ['session_uuid', 'coalesce(q."session_uuid", excluded."session_uuid")'],
  ['cid_name', `case when q."cid_name" = '' then excluded."cid_name" else q."cid_name" end`],
  ['cid_number', `case when q."cid_number" = '' then excluded."cid_number" else q."cid_number" end`],
  ['outcome', `case when ${RANK('excluded."outcome"')} > ${RANK('q."outcome"')} then excluded."outcome" else q."outcome" end`],
  ['cancel_reason', 'coalesce(q."cancel_reason", excluded."cancel_reason")'],
  ['wrap_up_seconds', 'greatest(q."wrap_up_seconds", excluded."wrap_up_seconds")'],
];

const COLUMNS = `"member_uuid", "domain", "queue", "session_uuid", "cid_name", "cid_number", "joined", "answered", "ended", "agent", "outcome", "cancel_reason", "wrap_up"`;
const ROW = `(?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::double precision, ?::double precision, ?::double precision, ?::text, ?::text, ?::text, ?::int)`;

/** Visits are merged in at most this many per statement (13 parameters each). */
export const MAX_VISITS = 500;

/** The statement that merges `n` visits (of distinct members) and notifies each queue they changed, once. */
const visitSql = (n: number) => `
  with "up" as (
    insert into "queue_calls" as q ("member_uuid", "tenant_id", "queue", "session_uuid", "cid_name", "cid_number",
      "joined_at", "answered_at", "ended_at", "agent", "outcome", "cancel_reason", "wrap_up_seconds")
    select v."member_uuid", t."id", v."queue", v."session_uuid", v."cid_name", v."cid_number",
      to_timestamp(v."joined"), to_timestamp(v."answered"), to_timestamp(v."ended"), v."agent", v."outcome", v."cancel_reason", v."wrap_up"
    from (values ${Array.from({ length: n }, () => ROW).join(', ')}) as v(${COLUMNS})
    join "tenants" t on t."domain" = v."domain"
    on conflict ("member_uuid") do update set ${MERGE.map(([c, e]) => `"${c}" = ${e}`).join(', ')}
    where (${MERGE.map(([c]) => `q."${c}"`).join(', ')}) is distinct from (${MERGE.map(([, e]) => e).join(', ')})
    returning q."tenant_id", q."queue"
  )
  select pg_notify('${QUEUE_FACTS_CHANNEL}', json_build_array("tenant_id", "queue")::text) from (select distinct "tenant_id", "queue" from "up") as changed`;

/** `sales@acme.pbx.test` → [`sales`, `acme.pbx.test`]. */
function split(full: string): [string, string] | undefined {
  const at = full.lastIndexOf('@');
  return at > 0 ? [full.slice(0, at), full.slice(at + 1).toLowerCase()] : undefined;
}

/**
 * Merges visit facts in, one statement (at most MAX_VISITS, of distinct
 * members: mergeVisit the rest first), in member order so two nodes'
 * overlapping batches never wait on each other in a cycle. True when a row
 * changed (and every node was told).
 */
export async function recordVisits(orm: Orm, facts: VisitFact[]): Promise<boolean> {
  if (facts.length > MAX_VISITS) throw new Error(`at most ${MAX_VISITS} visits per statement`);
  const rows = facts.flatMap((fact) => {
    const parts = split(fact.queue);
    return parts ? [{ fact, queue: parts[0], domain: parts[1] }] : [];
  });
  if (!rows.length) return false;
  rows.sort((a, b) => (a.fact.memberUuid < b.fact.memberUuid ? -1 : a.fact.memberUuid > b.fact.memberUuid ? 1 : 0));
  const params = rows.flatMap(({ fact, queue, domain }) => [
    fact.memberUuid,
    domain,
    queue,
    fact.sessionUuid ?? null,
    fact.cidName ?? '',
    fact.cidNumber ?? '',
    fact.joinedAt,
    fact.answeredAt ?? null,
    fact.endedAt ?? null,
    fact.agent ?? null,
    fact.outcome,
    fact.cancelReason ?? null,
    fact.wrapUpSeconds ?? 0,
  ]);
  const changed = (await orm.em.getConnection().execute(visitSql(rows.length), params)) as unknown[];
  return changed.length > 0;
}

export const recordVisit = (orm: Orm, fact: VisitFact) => recordVisits(orm, [fact]);

/** Status changes are logged at most this many per statement (4 parameters each). */
const MAX_STATUSES = 1000;

/** The statement that logs `n` status changes, each only when `onlyIf` holds for its row `v`; the break's reason is agent_breaks'. */
const statusSql = (n: number, onlyIf: string) => `
  insert into "agent_status_log" ("tenant_id", "agent", "started_at", "status", "reason")
  select t."id", v."agent", to_timestamp(v."at"), v."status",
    case when v."status" = 'On Break' then (select b."reason" from "agent_breaks" b where b."agent" = v."agent") end
  from (values ${Array.from({ length: n }, () => '(?::text, ?::double precision, ?::text, ?::text)').join(', ')}) v ("agent", "at", "status", "domain")
  join "tenants" t on t."domain" = v."domain"
  where ${onlyIf}
  on conflict ("agent", "started_at") do nothing`;

async function logStatuses(orm: Orm, facts: StatusFact[], onlyIf: string): Promise<void> {
  const rows = facts.flatMap((f) => {
    const parts = split(f.agent);
    return parts ? [[f.agent, f.at / 1_000_000, f.status, parts[1]]] : [];
  });
  for (let i = 0; i < rows.length; i += MAX_STATUSES) {
    const part = rows.slice(i, i + MAX_STATUSES);
    await orm.em.getConnection().execute(statusSql(part.length, onlyIf), part.flat());
  }
}

/**
 * Logs status changes as the events told them, a batch in one statement: a
 * busy PBX's changes cost one round trip per batch, not one each. The
 * break's reason is agent_breaks' (saved before FreeSWITCH is asked).
 */
export const recordStatuses = (orm: Orm, facts: StatusFact[]) => logStatuses(orm, facts, 'true');

/**
 * Logs the statuses the resync found (one per agent), each only when the
 * agent's last logged status is another one, older than this: the resync
 * repeats what the events already logged, at a coarser time. One statement
 * for them all: a restart with thousands of agents is not thousands of writes.
 */
export const recordStatusesIfChanged = (orm: Orm, facts: StatusFact[]) =>
  logStatuses(
    orm,
    facts,
    `not exists (select 1 from (select l."status", l."started_at" from "agent_status_log" l where l."agent" = v."agent"
      order by l."started_at" desc limit 1) last where last."status" = v."status" or last."started_at" >= to_timestamp(v."at"))`,
  );
