// The ordering rules for live patches, with no Solid or socket in sight.
//
// The server numbers the patches of every scope ('tenant', 'figures', 'ext:1001', …)
// 1, 2, 3, … and sends a snapshot (whole state + each scope's seq) on every
// connect and whenever the client asks with `resync`. A patch is applied only
// when it is the very next one for its scope; an older one is a duplicate; a
// newer one means we lost a patch, so the state can no longer be trusted
// until the next snapshot arrives.
import type { Scope, Snapshot } from '../../../common/live.ts';
import { extensionScope, queueScope } from '../../../common/live.ts';

/** What to do with one incoming patch. */
export type PatchVerdict =
  /** The next one for its scope: apply it (the scope's seq has advanced). */
  | 'apply'
  /** Already folded in (seq ≤ current): drop it. */
  | 'duplicate'
  /** A patch was lost: drop it, ask for a snapshot (reported once per gap). */
  | 'gap'
  /** Waiting for a snapshot (none yet, or after a gap/disconnect): drop it. */
  | 'waiting'
  /** A scope the last snapshot did not contain: drop it. */
  | 'unknown-scope';

/** Verdict for one patch against the scope's current seq (undefined = unknown scope). */
export function classify(current: number | undefined, seq: number): 'apply' | 'duplicate' | 'gap' | 'unknown-scope' {
  if (current === undefined) return 'unknown-scope';
  if (!Number.isInteger(seq)) return 'duplicate';
  if (seq === current + 1) return 'apply';
  if (seq <= current) return 'duplicate';
  return 'gap';
}

/** What the sequencer reads of a snapshot (the tests build partial ones). */
export type SnapshotSeqs = Pick<Snapshot, 'tenant' | 'extensions'> & Partial<Pick<Snapshot, 'queues' | 'presence' | 'peers' | 'figures'>>;

/** The scope → seq table a snapshot establishes. */
export function seqsOf(snapshot: SnapshotSeqs): Map<Scope, number> {
  const seqs = new Map<Scope, number>([['tenant', snapshot.tenant.seq]]);
  for (const [key, value] of Object.entries(snapshot.extensions)) {
    seqs.set(extensionScope(extensionNumber(key)), value.seq);
  }
  for (const [name, value] of Object.entries(snapshot.queues ?? {})) seqs.set(queueScope(name), value.seq);
  // Only while the socket watches them: their patches are an unknown scope until then.
  if (snapshot.figures) seqs.set('figures', snapshot.figures.seq);
  if (snapshot.presence) seqs.set('presence', snapshot.presence.seq);
  if (snapshot.peers) seqs.set('peers', snapshot.peers.seq);
  return seqs;
}

/** Snapshot keys are extension numbers; tolerate the 'ext:' prefix too. */
export const extensionNumber = (key: string): string => (key.startsWith('ext:') ? key.slice(4) : key);

export interface Sequencer {
  /** Adopt a snapshot's sequence numbers and resume applying patches. */
  snapshot(snapshot: SnapshotSeqs): void;
  /** Judge a patch; when the verdict is 'apply' the scope's seq has moved on. */
  accept(patch: { scope: Scope; seq: number }): PatchVerdict;
  /** Ignore every patch until the next snapshot (used on disconnect). */
  pause(): void;
  /** True until the first snapshot, and again after a gap or pause(). */
  readonly waiting: boolean;
  /** The scope's current seq, or undefined when the scope is unknown. */
  seq(scope: Scope): number | undefined;
}

export function createSequencer(): Sequencer {
  let seqs = new Map<Scope, number>();
  let waiting = true;
  return {
    snapshot(snapshot) {
      seqs = seqsOf(snapshot);
      waiting = false;
    },
    accept({ scope, seq }) {
      if (waiting) return 'waiting';
      const verdict = classify(seqs.get(scope), seq);
      if (verdict === 'apply') seqs.set(scope, seq);
      else if (verdict === 'gap') waiting = true;
      return verdict;
    },
    pause() {
      waiting = true;
    },
    get waiting() {
      return waiting;
    },
    seq: (scope) => seqs.get(scope),
  };
}
