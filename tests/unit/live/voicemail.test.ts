// The voicemail count in an extension's scope: MESSAGE_WAITING sets it (only
// when it changed), a resync replaces the counts it read and leaves the rest,
// and each goes to its own tenant by the box's domain.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Patch } from '../../../common/live.ts';
import type { PbxEvent } from '../../../server/pbx/events.ts';
import type { TenantSeed } from '../../../server/live/state.ts';
import { LiveStore } from '../../../server/live/store.ts';

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
const mwi = (user: string, domain: string, n: number, s: number, at = 1): PbxEvent => ({ kind: 'message-waiting', at, user, domain, count: { new: n, saved: s } });

function recorder() {
  const store = new LiveStore([seed('t-acme', 'acme.pbx.test'), seed('t-globex', 'globex.pbx.test')]);
  const patches: { tenantId: string; patch: Patch }[] = [];
  store.onPatch((tenantId, patch) => patches.push({ tenantId, patch }));
  return { store, patches };
}

test('unknown until FreeSWITCH says; MESSAGE_WAITING patches the box\'s extension of the tenant whose domain it names', async () => {
  const { store, patches } = recorder();
  assert.is(store.snapshot('t-acme', ['1001'])!.extensions['1001']!.state.voicemail, undefined);
  store.ingest(mwi('1001', 'ACME.pbx.test', 1, 0, 42));
  await turn();
  assert.equal(patches, [{ tenantId: 't-acme', patch: { scope: 'ext:1001', seq: 1, eventAt: 42, set: { voicemail: { new: 1, saved: 0 } } } }]);
  assert.equal(store.snapshot('t-acme', ['1001'])!.extensions['1001']!.state.voicemail, { new: 1, saved: 0 });
  assert.is(store.snapshot('t-globex', ['1001'])!.extensions['1001']!.state.voicemail, undefined);
  // The same count again (a phone asked): nothing to send. An unknown box or domain: nothing.
  store.ingest(mwi('1001', 'acme.pbx.test', 1, 0));
  store.ingest(mwi('4999', 'acme.pbx.test', 3, 0));
  store.ingest(mwi('1001', 'nowhere.test', 3, 0));
  await turn();
  assert.is(patches.length, 1);
});

test('a resync replaces the counts it read, per tenant, and leaves the boxes it did not read (or all, without mod_voicemail)', async () => {
  const { store, patches } = recorder();
  store.ingest(mwi('1001', 'acme.pbx.test', 1, 0));
  store.ingest(mwi('1002', 'acme.pbx.test', 5, 5));
  await turn();
  patches.length = 0;
  store.ingest({ kind: 'resync', at: 2, registrations: [], channels: [] });
  await turn();
  assert.equal(patches, [], 'no voicemail read: counts stay');
  store.ingest({
    kind: 'resync',
    at: 3,
    registrations: [],
    channels: [],
    voicemail: [
      { user: '1001', domain: 'acme.pbx.test', count: { new: 0, saved: 1 } },
      { user: '1001', domain: 'globex.pbx.test', count: { new: 2, saved: 0 } },
    ],
  });
  await turn();
  assert.equal(
    patches.map((p) => [p.tenantId, p.patch.scope, p.patch.set]),
    [
      ['t-acme', 'ext:1001', { voicemail: { new: 0, saved: 1 } }],
      ['t-globex', 'ext:1001', { voicemail: { new: 2, saved: 0 } }],
    ],
  );
  assert.equal(store.snapshot('t-acme', ['1002'])!.extensions['1002']!.state.voicemail, { new: 5, saved: 5 }, 'not read: kept');
});

test.run();
