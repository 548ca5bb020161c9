// The calls held for a vanished softphone, in the extension's live state:
// offered to that extension's scope only, taken off when it was resumed or
// its time ran out, and when the held party hung up (FreeSWITCH's own
// CHANNEL_HANGUP_COMPLETE, seen by every node).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Patch, ResumableCall } from '../../../common/live.ts';
import type { TenantSeed } from '../../../server/live/state.ts';
import { LiveStore } from '../../../server/live/store.ts';
import { fsDirection } from '../../../server/pbx/direction.ts';

const seed = (id: string, domain: string): TenantSeed => ({
  id,
  name: id,
  domain,
  credit: '0',
  currency: 'USD',
  queues: 0,
  extensions: [
    { number: '1001', dnd: false },
    { number: '1002', dnd: false },
  ],
});
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const HELD: ResumableCall = { uuid: 'b0b0b0b0-0000-4000-8000-000000000001', name: 'Ben Okafor', number: '1002', until: 1_900_000_000_000 };

function recorder() {
  const store = new LiveStore([seed('t-acme', 'acme.pbx.test'), seed('t-globex', 'globex.pbx.test')]);
  const patches: { tenantId: string; patch: Patch }[] = [];
  store.onPatch((tenantId, patch) => patches.push({ tenantId, patch }));
  return { store, patches };
}

test('a held call is offered in its extension\'s scope only; none before', async () => {
  const { store, patches } = recorder();
  assert.is(store.snapshot('t-acme', ['1001'])!.extensions['1001']!.state.resumable, undefined);
  store.ingest({ kind: 'call-held-for-resume', tenantId: 't-acme', extension: '1001', call: HELD });
  await turn();
  assert.equal(patches, [{ tenantId: 't-acme', patch: { scope: 'ext:1001', seq: 1, set: { resumable: [HELD] } } }]);
  assert.equal(store.snapshot('t-acme', ['1001', '1002'])!.extensions['1002']!.state.resumable, undefined);
  assert.equal(store.snapshot('t-globex', ['1001'])!.extensions['1001']!.state.resumable, undefined);
});

test('resumed or timed out: the offer goes (an empty list, so the patch takes it away); twice is once', async () => {
  const { store, patches } = recorder();
  store.ingest({ kind: 'call-held-for-resume', tenantId: 't-acme', extension: '1001', call: HELD });
  store.ingest({ kind: 'call-resume-over', tenantId: 't-acme', extension: '1001', uuid: HELD.uuid });
  store.ingest({ kind: 'call-resume-over', tenantId: 't-acme', extension: '1001', uuid: HELD.uuid });
  await turn();
  assert.equal(patches.map((p) => p.patch.set), [{ resumable: [] }], 'merged in one turn: the latest value');
  assert.equal(store.snapshot('t-acme', ['1001'])!.extensions['1001']!.state.resumable, []);
});

test('the held party hangs up: FreeSWITCH\'s hangup (its destination the hold extension) takes the offer off', async () => {
  const { store, patches } = recorder();
  store.ingest({ kind: 'call-held-for-resume', tenantId: 't-acme', extension: '1001', call: HELD });
  await turn();
  store.ingest({
    kind: 'channel-hangup-complete',
    at: 5,
    channel: {
      uuid: HELD.uuid,
      direction: fsDirection('inbound'),
      domain: 'acme.pbx.test',
      extension: '1002',
      callerIdName: '1002',
      callerIdNumber: '1002',
      destination: 'switchboard-hold-1001',
      answeredAt: 1,
      createdAt: 1,
    },
    hangupCause: 'NORMAL_CLEARING',
    endedAt: 5,
    billsec: 4,
    cdr: {} as never,
  });
  await turn();
  assert.equal(patches.at(-1)!.patch.scope, 'ext:1001');
  assert.equal(patches.at(-1)!.patch.set, { resumable: [] });
});

test.run();
