import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Snapshot } from '../../../common/live.ts';
import { compareTallies, emptyTally, kindOf, newLedger, patchInto, perSocket, snapshotInto, sumTallies } from '../../../bench/stats/seq-ledger.ts';
import { nodeOf } from '../../../bench/nodes.ts';

const snapshot = (seqs: { tenant: number; ext?: Record<string, number>; queues?: Record<string, number> }) =>
  ({
    tenant: { seq: seqs.tenant, state: {} },
    extensions: Object.fromEntries(Object.entries(seqs.ext ?? {}).map(([k, seq]) => [k, { seq, state: {} }])),
    queues: Object.fromEntries(Object.entries(seqs.queues ?? {}).map(([k, seq]) => [k, { seq, state: {} }])),
  }) as unknown as Snapshot;

test('patches that follow the snapshot one by one are neither lost nor doubled', () => {
  const l = newLedger();
  snapshotInto(l, snapshot({ tenant: 4, ext: { '1001': 0 }, queues: { sales: 9 } }));
  for (const p of [
    { scope: 'tenant', seq: 5 },
    { scope: 'ext:1001', seq: 1 },
    { scope: 'queue:sales', seq: 10 },
    { scope: 'tenant', seq: 6 },
  ] as const)
    patchInto(l, p);
  assert.equal(l.tally, { patches: 4, byKind: { tenant: 2, ext: 1, queue: 1, other: 0 }, lost: 0, doubled: 0, unknown: 0 });
});

test('a gap counts every seq skipped, and counting goes on after it', () => {
  const l = newLedger();
  snapshotInto(l, snapshot({ tenant: 1 }));
  patchInto(l, { scope: 'tenant', seq: 4 }); // 2 and 3 lost
  patchInto(l, { scope: 'tenant', seq: 5 });
  patchInto(l, { scope: 'tenant', seq: 7 }); // 6 lost
  assert.is(l.tally.lost, 3);
  assert.is(l.tally.doubled, 0);
});

test('a seq seen again, or one older than the last, is doubled, not lost', () => {
  const l = newLedger();
  snapshotInto(l, snapshot({ tenant: 0, ext: { '1001': 3 } }));
  patchInto(l, { scope: 'ext:1001', seq: 3 }); // already in the snapshot
  patchInto(l, { scope: 'ext:1001', seq: 4 });
  patchInto(l, { scope: 'ext:1001', seq: 4 });
  assert.is(l.tally.doubled, 2);
  assert.is(l.tally.lost, 0);
  assert.is(l.tally.patches, 3);
});

test('a scope the snapshot did not hold is unknown; its next patch is judged from there', () => {
  const l = newLedger();
  snapshotInto(l, snapshot({ tenant: 0 }));
  patchInto(l, { scope: 'queue:support', seq: 7 });
  patchInto(l, { scope: 'queue:support', seq: 8 });
  assert.equal([l.tally.unknown, l.tally.lost, l.tally.doubled], [1, 0, 0]);
});

test('scope kinds', () => {
  assert.equal(['tenant', 'ext:1001', 'queue:sales', 'presence', 'peers'].map((s) => kindOf(s as never)), ['tenant', 'ext', 'queue', 'other', 'other']);
});

test('tallies add up, and compare socket by socket', () => {
  const t = (patches: number, lost = 0) => ({ ...emptyTally(), patches, lost, byKind: { tenant: patches, ext: 0, queue: 0, other: 0 } });
  assert.equal(sumTallies([t(3, 1), t(4)]), { patches: 7, byKind: { tenant: 7, ext: 0, queue: 0, other: 0 }, lost: 1, doubled: 0, unknown: 0 });
  assert.equal(compareTallies({ a: t(3), b: t(4), c: t(1) }, { a: t(3), b: t(6), d: t(1) }), {
    sockets: 2,
    unmatched: 2,
    differing: 1,
    absoluteDifference: 2,
    largestDifference: 2,
  });
  assert.equal(perSocket([t(3), t(4), t(8)]), { min: 3, mean: 5, max: 8 });
  assert.equal(perSocket([]), { min: 0, mean: 0, max: 0 });
});

test('the split puts half the agents on each node, and both nodes in every load process', () => {
  const loads = 2;
  const agents = Array.from({ length: 1000 }, (_, i) => ({ load: i % loads, node: nodeOf(i, loads, 2) }));
  assert.is(agents.filter((a) => a.node === 0).length, 500);
  for (let j = 0; j < loads; j++) {
    const mine = agents.filter((a) => a.load === j);
    assert.is(mine.filter((a) => a.node === 0).length, mine.length / 2);
  }
  assert.ok(Array.from({ length: 10 }, (_, i) => nodeOf(i, 3, 1)).every((n) => n === 0), 'one node takes every agent');
});

test.run();
