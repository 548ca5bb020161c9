// What one agent's socket received, judged by the patches' sequence numbers
// the way the browser judges them (client/src/live/sequencer.ts): the
// snapshot gives each scope's seq, every patch must be the next one. Unlike
// the browser it never stops at a gap: it counts the patches skipped (lost)
// and the ones that came again or out of order (doubled), and goes on, so a
// whole run can be tallied. The two-node cell compares these tallies between
// one node and two (bench/nodes.ts).
import type { Scope } from '../../common/live.ts';
import { seqsOf } from '../../client/src/live/sequencer.ts';

export type ScopeKind = 'tenant' | 'ext' | 'queue' | 'other';

export interface SocketTally {
  /** Patches received, whatever their seq. */
  patches: number;
  /** Patches by the kind of scope they patch. */
  byKind: Record<ScopeKind, number>;
  /** Sequence numbers skipped: patches this socket never got. */
  lost: number;
  /** Patches whose seq was not above the last one of their scope: sent twice, or out of order. */
  doubled: number;
  /** Patches for a scope the snapshot did not hold (or before any snapshot). */
  unknown: number;
}

export interface SeqLedger {
  seqs: Map<Scope, number>;
  tally: SocketTally;
}

export const emptyTally = (): SocketTally => ({ patches: 0, byKind: { tenant: 0, ext: 0, queue: 0, other: 0 }, lost: 0, doubled: 0, unknown: 0 });

export const newLedger = (): SeqLedger => ({ seqs: new Map(), tally: emptyTally() });

export function kindOf(scope: Scope): ScopeKind {
  if (scope === 'tenant') return 'tenant';
  if (scope.startsWith('ext:')) return 'ext';
  if (scope.startsWith('queue:')) return 'queue';
  return 'other';
}

/** A snapshot resets every scope's seq (the server sends one on connect, and on a resync). */
export function snapshotInto(ledger: SeqLedger, snapshot: Parameters<typeof seqsOf>[0]): void {
  ledger.seqs = seqsOf(snapshot);
}

export function patchInto(ledger: SeqLedger, patch: { scope: Scope; seq: number }): void {
  const t = ledger.tally;
  t.patches++;
  t.byKind[kindOf(patch.scope)]++;
  const current = ledger.seqs.get(patch.scope);
  if (current === undefined) t.unknown++;
  else if (patch.seq <= current) t.doubled++;
  else t.lost += patch.seq - current - 1;
  if (current === undefined || patch.seq > current) ledger.seqs.set(patch.scope, patch.seq);
}

export function sumTallies(tallies: Iterable<SocketTally>): SocketTally {
  const sum = emptyTally();
  for (const t of tallies) {
    sum.patches += t.patches;
    sum.lost += t.lost;
    sum.doubled += t.doubled;
    sum.unknown += t.unknown;
    for (const k of Object.keys(sum.byKind) as ScopeKind[]) sum.byKind[k] += t.byKind[k];
  }
  return sum;
}

export interface TallyComparison {
  /** Sockets present in both runs. */
  sockets: number;
  /** Sockets in only one of the two runs (a connect that failed, say). */
  unmatched: number;
  /** Sockets that received a different number of patches. */
  differing: number;
  /** Σ |patches in b − patches in a| over the sockets of both. */
  absoluteDifference: number;
  /** The largest difference for one socket. */
  largestDifference: number;
}

/** Socket by socket (keyed by the agent's session), the patches each run delivered. */
export function compareTallies(a: Record<string, SocketTally>, b: Record<string, SocketTally>): TallyComparison {
  const c: TallyComparison = { sockets: 0, unmatched: 0, differing: 0, absoluteDifference: 0, largestDifference: 0 };
  for (const [key, ta] of Object.entries(a)) {
    const tb = b[key];
    if (!tb) {
      c.unmatched++;
      continue;
    }
    c.sockets++;
    const d = Math.abs(tb.patches - ta.patches);
    if (d) c.differing++;
    c.absoluteDifference += d;
    c.largestDifference = Math.max(c.largestDifference, d);
  }
  c.unmatched += Object.keys(b).filter((key) => !(key in a)).length;
  return c;
}

/** The fewest, mean and most patches one socket received. */
export function perSocket(tallies: SocketTally[]): { min: number; mean: number; max: number } {
  if (!tallies.length) return { min: 0, mean: 0, max: 0 };
  const counts = tallies.map((t) => t.patches);
  const mean = counts.reduce((x, y) => x + y, 0) / counts.length;
  return { min: Math.min(...counts), mean: Math.round(mean * 10) / 10, max: Math.max(...counts) };
}
