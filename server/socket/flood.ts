// Per-socket allowances for client events: a token bucket for each event, so
// a tab (or a script with a stolen cookie) cannot flood the server with
// snapshots, agent-status commands to FreeSWITCH or audit rows. A person
// never gets near these: a refused message (code 'rate-limited') did
// nothing, and the allowance refills within seconds.
import type { ClientToServerEvents } from '../../common/socket.ts';

export interface Allowance {
  /** Messages that may come at once. */
  burst: number;
  /** How fast the allowance comes back. */
  perSecond: number;
}

export const ALLOWANCES: Record<keyof ClientToServerEvents, Allowance> = {
  // A snapshot is the costliest answer; a client asks after a sequence gap.
  resync: { burst: 5, perSecond: 1 },
  // Each start answers with a snapshot: a tab switching pages stays well within.
  'presence-watch': { burst: 10, perSecond: 2 },
  'figures-watch': { burst: 10, perSecond: 2 },
  'queues-watch': { burst: 10, perSecond: 2 },
  // Each one is a command to FreeSWITCH (and for a supervisor an audit row).
  'agent-status': { burst: 10, perSecond: 2 },
  'agent-break': { burst: 10, perSecond: 2 },
  'agent-ready': { burst: 10, perSecond: 2 },
  // A supervisor may set a whole team's status in a row.
  'set-agent-status': { burst: 30, perSecond: 5 },
  supervise: { burst: 10, perSecond: 2 },
  'supervise-leave': { burst: 10, perSecond: 2 },
};

/** One socket's buckets: `take(event)` is false when that event's allowance is spent. */
export function floodGate(allowances: Record<string, Allowance> = ALLOWANCES, clock: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(event: string): boolean {
      const allowance = allowances[event];
      if (!allowance) return true;
      const now = clock();
      const bucket = buckets.get(event) ?? { tokens: allowance.burst, at: now };
      bucket.tokens = Math.min(allowance.burst, bucket.tokens + ((now - bucket.at) / 1000) * allowance.perSecond);
      bucket.at = now;
      buckets.set(event, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}

export type FloodGate = ReturnType<typeof floodGate>;
