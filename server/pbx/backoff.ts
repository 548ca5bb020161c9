// Reconnect delays: 250 ms doubling to 10 s, each drawn from its upper half so
// many server nodes that lost FreeSWITCH together do not return in lockstep.
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 250, maxMs: 10_000 };

export function backoffDelay(attempt: number, { baseMs, maxMs }: Backoff = DEFAULT_BACKOFF, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
