// The client's patch ordering: apply the next patch, drop duplicates, ask for
// a snapshot once when one was lost, and ignore scopes it was never told about.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classify, createSequencer, extensionNumber, seqsOf } from '../../../client/src/live/sequencer.ts';
import { LIVE_PROTOCOL, type DashboardFigures, type ExtensionLive, type Snapshot, type TenantFigures } from '../../../common/live.ts';

const tenant: TenantFigures = {
  tenantName: 'Acme',
  credit: '12.50',
  currency: 'USD',
  pbxConnected: true,
};
const ext = (number: string): ExtensionLive => ({ number, devices: [], dnd: false, agent: null });
const snapshot = (tenantSeq: number, extSeqs: Record<string, number>): Snapshot => ({
  protocol: LIVE_PROTOCOL,
  at: Date.now(),
  tenant: { seq: tenantSeq, state: tenant },
  extensions: Object.fromEntries(Object.entries(extSeqs).map(([n, seq]) => [n, { seq, state: ext(n) }])),
  queues: {},
});

test('classify: next, duplicate, gap, unknown scope', () => {
  assert.is(classify(5, 6), 'apply');
  assert.is(classify(5, 5), 'duplicate');
  assert.is(classify(5, 1), 'duplicate');
  assert.is(classify(5, 7), 'gap');
  assert.is(classify(0, 1), 'apply');
  assert.is(classify(undefined, 1), 'unknown-scope');
  assert.is(classify(5, 6.5), 'duplicate');
});

test('patches are ignored until the first snapshot', () => {
  const s = createSequencer();
  assert.ok(s.waiting);
  assert.is(s.accept({ scope: 'tenant', seq: 1 }), 'waiting');
  assert.is(s.seq('tenant'), undefined);
});

test('the snapshot sets each scope seq; the next patch applies and advances', () => {
  const s = createSequencer();
  s.snapshot(snapshot(10, { '1001': 3 }));
  assert.not.ok(s.waiting);
  assert.is(s.seq('tenant'), 10);
  assert.is(s.seq('ext:1001'), 3);
  assert.is(s.accept({ scope: 'tenant', seq: 11 }), 'apply');
  assert.is(s.accept({ scope: 'tenant', seq: 12 }), 'apply');
  assert.is(s.seq('tenant'), 12);
  assert.is(s.accept({ scope: 'ext:1001', seq: 4 }), 'apply');
  assert.is(s.seq('ext:1001'), 4);
});

test('scopes are sequenced independently', () => {
  const s = createSequencer();
  s.snapshot(snapshot(100, { '1001': 0, '1002': 7 }));
  assert.is(s.accept({ scope: 'ext:1001', seq: 1 }), 'apply');
  assert.is(s.accept({ scope: 'ext:1002', seq: 8 }), 'apply');
  assert.is(s.accept({ scope: 'tenant', seq: 101 }), 'apply');
});

test('a duplicate (seq ≤ current) is dropped and changes nothing', () => {
  const s = createSequencer();
  s.snapshot(snapshot(10, {}));
  assert.is(s.accept({ scope: 'tenant', seq: 10 }), 'duplicate');
  assert.is(s.accept({ scope: 'tenant', seq: 3 }), 'duplicate');
  assert.is(s.seq('tenant'), 10);
  assert.not.ok(s.waiting);
  assert.is(s.accept({ scope: 'tenant', seq: 11 }), 'apply');
});

test('a gap is reported once, then every patch waits for the next snapshot', () => {
  const s = createSequencer();
  s.snapshot(snapshot(10, { '1001': 1 }));
  assert.is(s.accept({ scope: 'tenant', seq: 12 }), 'gap');
  assert.ok(s.waiting);
  assert.is(s.seq('tenant'), 10);
  // Even the patch that would have been next, and other scopes, now wait.
  assert.is(s.accept({ scope: 'tenant', seq: 11 }), 'waiting');
  assert.is(s.accept({ scope: 'ext:1001', seq: 2 }), 'waiting');
  assert.is(s.accept({ scope: 'tenant', seq: 20 }), 'waiting');
  // The resync snapshot resumes from its own seqs.
  s.snapshot(snapshot(15, { '1001': 2 }));
  assert.not.ok(s.waiting);
  assert.is(s.accept({ scope: 'tenant', seq: 15 }), 'duplicate');
  assert.is(s.accept({ scope: 'tenant', seq: 16 }), 'apply');
  assert.is(s.accept({ scope: 'ext:1001', seq: 3 }), 'apply');
});

test('a patch for an extension the snapshot did not contain is ignored', () => {
  const s = createSequencer();
  s.snapshot(snapshot(1, { '1001': 1 }));
  assert.is(s.accept({ scope: 'ext:2002', seq: 1 }), 'unknown-scope');
  assert.is(s.seq('ext:2002'), undefined);
  assert.not.ok(s.waiting);
  assert.is(s.accept({ scope: 'tenant', seq: 2 }), 'apply');
});

test('a new snapshot forgets scopes it no longer contains', () => {
  const s = createSequencer();
  s.snapshot(snapshot(1, { '1001': 1, '1002': 1 }));
  s.snapshot(snapshot(1, { '1001': 1 }));
  assert.is(s.accept({ scope: 'ext:1002', seq: 2 }), 'unknown-scope');
});

test('pause() (a disconnect) drops patches until the next snapshot', () => {
  const s = createSequencer();
  s.snapshot(snapshot(1, {}));
  s.pause();
  assert.is(s.accept({ scope: 'tenant', seq: 2 }), 'waiting');
  s.snapshot(snapshot(5, {}));
  assert.is(s.accept({ scope: 'tenant', seq: 6 }), 'apply');
});

const counters: DashboardFigures = { activeExtensions: 1, extensions: 3, devices: 1, queues: 2, activeCalls: 0, faxInbound: 0, faxOutbound: 0 };

test('the counters are sequenced only after a snapshot that holds them (the socket watches them)', () => {
  const s = createSequencer();
  s.snapshot(snapshot(1, {}));
  assert.is(s.accept({ scope: 'figures', seq: 1 }), 'unknown-scope', 'a tab that does not watch them drops their patches, and asks nothing');
  assert.not.ok(s.waiting);
  s.snapshot({ ...snapshot(1, {}), figures: { seq: 7, state: counters } });
  assert.is(s.accept({ scope: 'figures', seq: 8 }), 'apply');
  assert.is(s.accept({ scope: 'figures', seq: 10 }), 'gap');
  // Stopped watching (or a reconnect's first snapshot): the scope is unknown again.
  s.snapshot(snapshot(1, {}));
  assert.is(s.accept({ scope: 'figures', seq: 11 }), 'unknown-scope');
});

test('snapshot extension keys may be numbers or ext: scopes', () => {
  assert.is(extensionNumber('1001'), '1001');
  assert.is(extensionNumber('ext:1001'), '1001');
  const seqs = seqsOf(snapshot(4, { 'ext:1003': 9 }));
  assert.is(seqs.get('ext:1003'), 9);
  assert.is(seqs.get('tenant'), 4);
});

test.run();
