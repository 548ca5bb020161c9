// Pure: an agent's status log cut into report intervals. A status lasts from
// its row until the agent's next row (or `until`, now for an agent still in
// it); the time is split at every interval boundary, so a break from 11:50
// to 12:20 is 10 minutes in the 11:00 hour and 20 in the 12:00 one.

/** One report interval: its label (local start) and its instants, ms. */
export interface Bucket {
  label: string;
  start: number;
  end: number;
}

/** A row of agent_status_log, ms. */
export interface StatusRow {
  agent: string;
  at: number;
  status: string;
  reason: string | null;
}

export interface StatusTime {
  status: Record<string, number>;
  reasons: Record<string, number>;
}

/** The first bucket that ends after `t` (buckets are in order and contiguous). */
function firstEndingAfter(buckets: Bucket[], t: number): number {
  let lo = 0;
  let hi = buckets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (buckets[mid]!.end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Seconds per agent, per bucket label, in each status and (On Break) each
 * reason ('' when unknown). `rows` may start before the first bucket (the
 * status an agent was in when the range began); any order.
 */
export function statusTime(rows: StatusRow[], buckets: Bucket[], until: number): Map<string, Map<string, StatusTime>> {
  const out = new Map<string, Map<string, StatusTime>>();
  if (!buckets.length) return out;
  const byAgent = new Map<string, StatusRow[]>();
  for (const r of rows) {
    const list = byAgent.get(r.agent);
    if (list) list.push(r);
    else byAgent.set(r.agent, [r]);
  }
  const rangeEnd = Math.min(buckets[buckets.length - 1]!.end, until);
  for (const [agent, list] of byAgent) {
    list.sort((a, b) => a.at - b.at);
    const perBucket = new Map<string, StatusTime>();
    list.forEach((row, i) => {
      const from = Math.max(row.at, buckets[0]!.start);
      const to = Math.min(list[i + 1]?.at ?? Infinity, rangeEnd);
      for (let b = firstEndingAfter(buckets, from); b < buckets.length && buckets[b]!.start < to; b++) {
        const bucket = buckets[b]!;
        const seconds = (Math.min(to, bucket.end) - Math.max(from, bucket.start)) / 1000;
        if (seconds <= 0) continue;
        const t = perBucket.get(bucket.label) ?? { status: {}, reasons: {} };
        t.status[row.status] = (t.status[row.status] ?? 0) + seconds;
        if (row.status === 'On Break') t.reasons[row.reason ?? ''] = (t.reasons[row.reason ?? ''] ?? 0) + seconds;
        perBucket.set(bucket.label, t);
      }
    });
    if (perBucket.size) out.set(agent, perBucket);
  }
  return out;
}
