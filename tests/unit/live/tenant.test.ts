// The live state brought to the database's word after an administrative
// change: extensions and queues come and go, DND and the tenant's figures are
// patched, what FreeSWITCH said (devices) is kept, a stale balance is never
// shown over a newer one, and a tenant can be added while the link is up or
// removed with everything it had.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Patch } from '../../../common/live.ts';
import type { TenantSeed } from '../../../server/live/state.ts';
import { LiveStore } from '../../../server/live/store.ts';

const acme: TenantSeed = {
  id: 't-acme',
  name: 'Acme',
  domain: 'acme.pbx.test',
  credit: '125.5000',
  currency: 'USD',
  creditVersion: 3,
  lowCreditThreshold: '20.0000',
  queues: 1,
  queueNames: ['sales'],
  extensions: [
    { number: '1001', dnd: false },
    { number: '1002', dnd: false },
  ],
};
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function recorder() {
  const store = new LiveStore([acme]);
  const patches: Patch[] = [];
  store.onPatch((_, patch) => patches.push(patch));
  store.ingest({
    kind: 'registered',
    at: 1,
    registration: { user: '1002', domain: 'acme.pbx.test', callId: 'c2', contact: 'sip:1002@10.0.0.2', networkIp: '10.0.0.2', networkPort: 5060, userAgent: 'Yealink', expiresAt: 2_000_000_000 },
  });
  store.flush();
  patches.length = 0;
  return { store, patches };
}

test('an extension added and one removed: scopes come and go, the figures count the devices that remain', async () => {
  const { store, patches } = recorder();
  store.upsertTenant({ ...acme, extensions: [{ number: '1001', dnd: true }, { number: '1050', dnd: false }] });
  await turn();
  const state = store.tenantState('t-acme')!;
  assert.equal([...state.extensions.keys()].sort(), ['1001', '1050']);
  assert.equal(state.extensions.get('1050'), { number: '1050', devices: [], dnd: false, agent: null });
  assert.equal(patches.find((p) => p.scope === 'ext:1001')!.set, { dnd: true });
  assert.equal(patches.find((p) => p.scope === 'figures')!.set, { devices: 0, activeExtensions: 0 });
  assert.not.ok(patches.some((p) => p.scope === 'tenant'), 'the counters go only to the pages that show them');
  assert.not.ok(patches.some((p) => p.scope === 'ext:1050'), 'a new scope is sent by snapshot, not by patch');
});

test('queues come and go; name, threshold and a newer balance are patched, an older balance is not', async () => {
  const { store, patches } = recorder();
  store.upsertTenant({ ...acme, name: 'Acme Ltd', queues: 2, queueNames: ['sales', 'vip'], lowCreditThreshold: '5.0000', credit: '175.5000', creditVersion: 4 });
  await turn();
  assert.ok(store.tenantState('t-acme')!.queues.has('vip'));
  assert.equal(patches.find((p) => p.scope === 'tenant')!.set, { tenantName: 'Acme Ltd', lowCreditThreshold: '5.0000', credit: '175.5000', creditVersion: 4 });
  assert.equal(patches.find((p) => p.scope === 'figures')!.set, { queues: 2 });
  patches.length = 0;
  // Read before a call was debited and delivered: older than what is shown.
  store.upsertTenant({ ...acme, name: 'Acme Ltd', queues: 1, queueNames: ['sales'], lowCreditThreshold: '5.0000', credit: '999.0000', creditVersion: 2 });
  await turn();
  assert.equal(patches.map((p) => [p.scope, p.set]), [['figures', { queues: 1 }]]);
  assert.not.ok(store.tenantState('t-acme')!.queues.has('vip'));
  // Nothing differs: nothing is sent.
  patches.length = 0;
  store.upsertTenant({ ...acme, name: 'Acme Ltd', queues: 1, queueNames: ['sales'], lowCreditThreshold: '5.0000', credit: '175.5000', creditVersion: 4 });
  await turn();
  assert.equal(patches, []);
});

test('a tenant added while the PBX link is up starts up, and its events are routed; removed, they are not', () => {
  const { store } = recorder();
  store.ingest({ kind: 'link', at: 2, up: true });
  store.upsertTenant({ ...acme, id: 't-new', name: 'New', domain: 'new.pbx.test', queueNames: [], queues: 0 });
  assert.is(store.tenantState('t-new')!.figures.pbxConnected, true);
  store.ingest({
    kind: 'registered',
    at: 3,
    registration: { user: '1001', domain: 'new.pbx.test', callId: 'n1', contact: 'sip:1001@10.0.0.9', networkIp: '10.0.0.9', networkPort: 5060, userAgent: 'x', expiresAt: 2_000_000_000 },
  });
  assert.is(store.tenantState('t-new')!.dashboard.devices, 1);
  store.removeTenant('t-new');
  assert.is(store.tenantState('t-new'), undefined);
  assert.equal(store.tenantIds(), ['t-acme']);
  assert.is(store.snapshot('t-new', ['1001']), undefined, 'nobody is served its state any more');
});

test.run();
