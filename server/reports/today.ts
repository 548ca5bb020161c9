// Today's figures of a queue, as the wallboard shows them, read from the
// stored visits: the same facts the reports count, so every node shows the
// same numbers, and a node that restarted, or missed events while its ESL
// link was down, shows what really happened. One indexed aggregate per
// queue (queue_calls_queue_joined_index); "today" is the server's local day.
import type { Em } from '../db/orm.ts';
import type { QueueToday } from '../live/reduce.ts';

export type { QueueToday };

const pad = (n: number) => String(n).padStart(2, '0');

/** The local day of `now` and its bounds (midnight to midnight, whatever DST does in between). */
export function localDay(now: Date): { day: string; from: Date; to: Date } {
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const to = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { day: `${from.getFullYear()}-${pad(from.getMonth() + 1)}-${pad(from.getDate())}`, from, to };
}

export const emptyToday = (day: string): QueueToday => ({
  day,
  offered: 0,
  answered: 0,
  abandoned: 0,
  waitSeconds: 0,
  answeredWithinThreshold: 0,
  longestWaitSeconds: 0,
});

/**
 * Today's figures of the tenant's queues (`queues` undefined: all of them
 * with a visit today; a queue without any is not in the answer).
 * `threshold` is each queue's service-level threshold in seconds.
 */
export async function readToday(
  em: Em,
  tenantId: string,
  queues: string[] | undefined,
  threshold: number,
  now = new Date(),
): Promise<Map<string, QueueToday>> {
  const { day, from, to } = localDay(now);
  const rows = (await em.getConnection().execute(
    `select "queue",
       count(*)::int as "offered",
       count(*) filter (where "outcome" = 'answered')::int as "answered",
       count(*) filter (where "outcome" = 'abandoned')::int as "abandoned",
       coalesce(sum(extract(epoch from "answered_at" - "joined_at")) filter (where "outcome" = 'answered'), 0)::float8 as "waitSeconds",
       count(*) filter (where "outcome" = 'answered' and "answered_at" <= "joined_at" + make_interval(secs => ?))::int as "answeredWithinThreshold",
       coalesce(max(extract(epoch from "answered_at" - "joined_at")) filter (where "outcome" = 'answered'), 0)::float8 as "longestWaitSeconds"
     from "queue_calls"
     where "tenant_id" = ? ${queues ? 'and "queue" in (?)' : ''} and "joined_at" >= ? and "joined_at" < ?
     group by "queue"`,
    [threshold, tenantId, ...(queues ? [queues] : []), from, to],
  )) as (Omit<QueueToday, 'day'> & { queue: string })[];
  return new Map(
    rows.map(({ queue, ...r }) => [
      queue,
      { ...r, day, waitSeconds: Math.round(r.waitSeconds), longestWaitSeconds: Math.round(r.longestWaitSeconds) },
    ]),
  );
}
