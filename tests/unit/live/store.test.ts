// The live store and its pure reducers: events in, numbered patches out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Patch } from '../../../common/live.ts';
import type { Channel, PbxEvent, Registration } from '../../../server/pbx/events.ts';
import { reduceTenant } from '../../../server/live/reduce.ts';
import { initialTenantState, type TenantSeed } from '../../../server/live/state.ts';
import { LiveStore } from '../../../server/live/store.ts';

const acme: TenantSeed = {
  id: 't-acme',
  name: 'Acme',
  domain: 'acme.pbx.test',
  credit: '125.5000',
  currency: 'USD',
  queues: 3,
  extensions: [
    { number: '1001', dnd: false },
    { number: '1002', dnd: true },
  ],
};
const globex: TenantSeed = { ...acme, id: 't-globex', name: 'Globex', domain: 'globex.pbx.test', queues: 1 };

const reg = (user: string, domain = 'acme.pbx.test', callId = `call-${user}`): Registration => ({
  user,
  domain,
  callId,
  contact: `<sip:${user}@10.0.0.5:5060>`,
  networkIp: '10.0.0.5',
  networkPort: 5060,
  userAgent: 'Zoiper',
  expiresAt: 1_900_000_000,
});
const registered = (r: Registration, at = 1_700_000_000_000_000): PbxEvent => ({ kind: 'registered', at, registration: r });
const channel = (uuid: string, direction: Channel['direction'] = 'inbound', domain = 'acme.pbx.test'): Channel => ({
  uuid,
  direction,
  domain,
  extension: '1001',
  callerIdName: '1001',
  callerIdNumber: '1001',
  destination: '1002',
  answeredAt: 0,
  createdAt: 1,
});

function recorder() {
  const store = new LiveStore([acme, globex]);
  const patches: { tenantId: string; patch: Patch }[] = [];
  store.onPatch((tenantId, patch) => patches.push({ tenantId, patch }));
  return { store, patches };
}

test('a registration patches its extension and the tenant figures, numbered per scope', () => {
  const { store, patches } = recorder();
  store.ingest(registered(reg('1001')));
  assert.equal(
    patches.map((p) => [p.tenantId, p.patch.scope, p.patch.seq]),
    [
      ['t-acme', 'ext:1001', 1],
      ['t-acme', 'tenant', 1],
    ],
  );
  assert.equal(patches[1]!.patch.set, { devices: 1, activeExtensions: 1 });
  assert.is(patches[0]!.patch.eventAt, 1_700_000_000_000_000);
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'second-phone')));
  assert.equal(patches.at(-1)!.patch, { scope: 'tenant', seq: 2, set: { devices: 2, activeExtensions: 1 }, eventAt: 1_700_000_000_000_000 });
  assert.is(store.tenantState('t-acme')!.extensions.get('1001')!.devices.length, 2);
});

test('a refresh of the same device changes the device, not the counts', () => {
  const { store, patches } = recorder();
  store.ingest(registered(reg('1001')));
  patches.length = 0;
  store.ingest(registered({ ...reg('1001'), expiresAt: 1_900_000_600 }));
  assert.equal(patches.map((p) => p.patch.scope), ['ext:1001']);
});

test('events reach only the tenant whose SIP domain they name', () => {
  const { store, patches } = recorder();
  store.ingest(registered(reg('1001', 'GLOBEX.pbx.test')));
  assert.ok(patches.every((p) => p.tenantId === 't-globex'));
  assert.is(store.tenantState('t-acme')!.figures.devices, 0);
  store.ingest(registered(reg('1001', 'unknown.example')));
  store.ingest(registered(reg('9999')));
  assert.is(patches.length, 2, 'unknown domains and extensions are ignored');
});

test('unregister and expire remove only that device', () => {
  const { store } = recorder();
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'a')));
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'b')));
  store.ingest({ kind: 'unregistered', at: 2, reason: 'expire', user: '1001', domain: 'acme.pbx.test', callId: 'a' });
  const t = store.tenantState('t-acme')!;
  assert.equal(t.extensions.get('1001')!.devices.map((d) => d.callId), ['b']);
  assert.is(t.figures.devices, 1);
  store.ingest({ kind: 'unregistered', at: 3, reason: 'unregister', user: '1001', domain: 'acme.pbx.test', callId: 'b' });
  assert.is(t.figures.activeExtensions, 0);
});

test('calls are counted by their inbound leg, once', () => {
  const { store } = recorder();
  store.ingest({ kind: 'channel-created', at: 1, channel: channel('a-leg') });
  store.ingest({ kind: 'channel-created', at: 1, channel: channel('b-leg', 'outbound') });
  store.ingest({ kind: 'channel-created', at: 1, channel: channel('a-leg') });
  assert.is(store.tenantState('t-acme')!.figures.activeCalls, 1);
  const hangup = (uuid: string): PbxEvent => ({
    kind: 'channel-hangup-complete',
    at: 2,
    channel: channel(uuid),
    hangupCause: 'NORMAL_CLEARING',
    endedAt: 2,
    billsec: 0,
  });
  store.ingest(hangup('a-leg'));
  store.ingest(hangup('a-leg'));
  assert.is(store.tenantState('t-acme')!.figures.activeCalls, 0);
});

test('a resync replaces what we had with the PBX truth, and patches only differences', () => {
  const { store, patches } = recorder();
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'stale')));
  store.ingest({ kind: 'channel-created', at: 1, channel: channel('gone') });
  patches.length = 0;
  store.ingest({
    kind: 'resync',
    at: 5,
    registrations: [reg('1002'), reg('1001', 'globex.pbx.test')],
    channels: [channel('new-call')],
  });
  const acmeState = store.tenantState('t-acme')!;
  assert.equal(acmeState.extensions.get('1001')!.devices, []);
  assert.equal(acmeState.extensions.get('1002')!.devices.map((d) => d.callId), ['call-1002']);
  assert.equal(acmeState.figures.devices, 1);
  assert.equal([...acmeState.channels], ['new-call']);
  assert.is(store.tenantState('t-globex')!.figures.devices, 1);
  const before = patches.length;
  store.ingest({ kind: 'resync', at: 6, registrations: [reg('1002'), reg('1001', 'globex.pbx.test')], channels: [channel('new-call')] });
  assert.is(patches.length, before, 'the same truth twice patches nothing');
});

test('a resync keeps the user agent that show registrations does not report', () => {
  const { store, patches } = recorder();
  store.ingest(registered(reg('1001')));
  patches.length = 0;
  store.ingest({ kind: 'resync', at: 5, registrations: [{ ...reg('1001'), userAgent: '', contact: 'sip:1001@10.0.0.5:5060' }], channels: [] });
  assert.is(store.tenantState('t-acme')!.extensions.get('1001')!.devices[0]!.userAgent, 'Zoiper');
  assert.is(patches.length, 0, 'the same device read back is no change');
});

test('the link state reaches every tenant; app events change DND and credit', () => {
  const { store, patches } = recorder();
  store.ingest({ kind: 'link', at: 1, up: true });
  assert.equal(patches.map((p) => p.tenantId).sort(), ['t-acme', 't-globex']);
  store.ingest({ kind: 'dnd-changed', tenantId: 't-acme', extension: '1001', dnd: true });
  store.ingest({ kind: 'credit-changed', tenantId: 't-acme', credit: '99.0000' });
  const t = store.tenantState('t-acme')!;
  assert.is(t.extensions.get('1001')!.dnd, true);
  assert.is(t.figures.credit, '99.0000');
});

test('a snapshot holds the tenant and only the asked extensions, with their seqs', () => {
  const { store } = recorder();
  store.ingest(registered(reg('1001')));
  const snap = store.snapshot('t-acme', ['1002', '4711'])!;
  assert.is(snap.tenant.seq, 1);
  assert.equal(Object.keys(snap.extensions), ['1002']);
  assert.is(snap.extensions['1002']!.seq, 0);
  assert.is(store.snapshot('nope', []), undefined);
});

test('reducers do not mutate the state they are given', () => {
  const state = initialTenantState(acme);
  const frozen = JSON.stringify({ ...state, extensions: [...state.extensions], channels: [...state.channels] });
  reduceTenant(state, registered(reg('1001')));
  reduceTenant(state, { kind: 'channel-created', at: 1, channel: channel('x') });
  assert.is(JSON.stringify({ ...state, extensions: [...state.extensions], channels: [...state.channels] }), frozen);
});

test.run();
