// The live store and its pure reducers: events in, numbered patches out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isDirectoryScope, type Patch } from '../../../common/live.ts';
import { fsDirection, phoneDirection } from '../../../server/pbx/direction.ts';
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
  contact: `sip:${user}@10.0.0.5:5060;line=${callId}`,
  networkIp: '10.0.0.5',
  networkPort: 5060,
  userAgent: 'Zoiper',
  expiresAt: 1_900_000_000,
});
const registered = (r: Registration, at = 1_700_000_000_000_000): PbxEvent => ({ kind: 'registered', at, registration: r });
const channel = (uuid: string, direction: 'inbound' | 'outbound' = 'inbound', domain = 'acme.pbx.test'): Channel => ({
  uuid,
  direction: fsDirection(direction),
  domain,
  extension: '1001',
  callerIdName: '1001',
  callerIdNumber: '1001',
  destination: '1002',
  answeredAt: 0,
  createdAt: 1,
});

/** Patches go out at the end of the event-loop turn, merged per scope. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The patches the store sends; presence's own (derived from the same events) are kept apart, for the presence tests. */
function recorder() {
  const store = new LiveStore([acme, globex]);
  const patches: { tenantId: string; patch: Patch }[] = [];
  const directory: { tenantId: string; patch: Patch }[] = [];
  store.onPatch((tenantId, patch) => (isDirectoryScope(patch.scope) ? directory : patches).push({ tenantId, patch }));
  return { store, patches, directory };
}

test('a registration patches its extension and the tenant counters, numbered per scope', async () => {
  const { store, patches } = recorder();
  store.ingest(registered(reg('1001')));
  assert.is(patches.length, 0, 'not before the end of the turn');
  await turn();
  assert.equal(
    patches.map((p) => [p.tenantId, p.patch.scope, p.patch.seq]),
    [
      ['t-acme', 'ext:1001', 1],
      ['t-acme', 'figures', 1],
    ],
  );
  assert.equal(patches[1]!.patch.set, { devices: 1, activeExtensions: 1 });
  assert.is(patches[0]!.patch.eventAt, 1_700_000_000_000_000);
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'second-phone')));
  await turn();
  assert.equal(patches.at(-1)!.patch, { scope: 'figures', seq: 2, set: { devices: 2, activeExtensions: 1 }, eventAt: 1_700_000_000_000_000 });
  assert.is(store.tenantState('t-acme')!.extensions.get('1001')!.devices.length, 2);
});

test('a refresh of the same device changes the device, not the counts', async () => {
  const { store, patches } = recorder();
  store.ingest(registered(reg('1001')));
  await turn();
  patches.length = 0;
  store.ingest(registered({ ...reg('1001'), expiresAt: 1_900_000_600 }));
  await turn();
  assert.equal(patches.map((p) => p.patch.scope), ['ext:1001']);
});

test('events reach only the tenant whose SIP domain they name', async () => {
  const { store, patches } = recorder();
  store.ingest(registered(reg('1001', 'GLOBEX.pbx.test')));
  await turn();
  assert.ok(patches.every((p) => p.tenantId === 't-globex'));
  assert.is(store.tenantState('t-acme')!.dashboard.devices, 0);
  store.ingest(registered(reg('1001', 'unknown.example')));
  store.ingest(registered(reg('9999')));
  await turn();
  assert.is(patches.length, 2, 'unknown domains and extensions are ignored');
});

test('unregister and expire remove only that device', () => {
  const { store } = recorder();
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'a')));
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'b')));
  store.ingest({ kind: 'unregistered', at: 2, reason: 'expire', user: '1001', domain: 'acme.pbx.test', callId: 'a' });
  const t = store.tenantState('t-acme')!;
  assert.equal(t.extensions.get('1001')!.devices.map((d) => d.callId), ['b']);
  assert.is(t.dashboard.devices, 1);
  store.ingest({ kind: 'unregistered', at: 3, reason: 'unregister', user: '1001', domain: 'acme.pbx.test', callId: 'b' });
  assert.is(t.dashboard.activeExtensions, 0);
});

test('calls are counted by their inbound leg, once', () => {
  const { store } = recorder();
  store.ingest({ kind: 'channel-created', at: 1, channel: channel('a-leg') });
  store.ingest({ kind: 'channel-created', at: 1, channel: channel('b-leg', 'outbound') });
  store.ingest({ kind: 'channel-created', at: 1, channel: channel('a-leg') });
  assert.is(store.tenantState('t-acme')!.dashboard.activeCalls, 1);
  const hangup = (uuid: string): PbxEvent => ({
    kind: 'channel-hangup-complete',
    at: 2,
    channel: channel(uuid),
    hangupCause: 'NORMAL_CLEARING',
    endedAt: 2,
    billsec: 0,
    cdr: {
      uuid, direction: phoneDirection(true), domain: 'acme.pbx.test', extension: '1001', callerIdName: '', callerIdNumber: '1001',
      destination: '1002', startedAt: 1, answeredAt: 0, endedAt: 2, duration: 0, billsec: 0, hangupCause: 'NORMAL_CLEARING',
      readCodec: '', writeCodec: '', sipCallId: '', recordingPath: undefined,
    },
  });
  store.ingest(hangup('a-leg'));
  store.ingest(hangup('a-leg'));
  assert.is(store.tenantState('t-acme')!.dashboard.activeCalls, 0);
});

test('a resync replaces what we had with the PBX truth, and patches only differences', async () => {
  const { store, patches } = recorder();
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'stale')));
  store.ingest({ kind: 'channel-created', at: 1, channel: channel('gone') });
  await turn();
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
  assert.equal(acmeState.dashboard.devices, 1);
  assert.equal([...acmeState.channels], ['new-call']);
  assert.is(store.tenantState('t-globex')!.dashboard.devices, 1);
  await turn();
  const before = patches.length;
  assert.ok(before > 0);
  store.ingest({ kind: 'resync', at: 6, registrations: [reg('1002'), reg('1001', 'globex.pbx.test')], channels: [channel('new-call')] });
  await turn();
  assert.is(patches.length, before, 'the same truth twice patches nothing');
});

test('a REGISTER from a contact already held under another Call-ID replaces that device (multiple-registrations=contact)', async () => {
  const { store } = recorder();
  store.ingest(registered({ ...reg('1001', 'acme.pbx.test', 'before-reboot'), contact: 'sip:1001@10.0.0.5:5060' }));
  store.ingest(registered({ ...reg('1001', 'acme.pbx.test', 'other-phone'), contact: 'sip:1001@10.0.0.6:5060' }));
  store.ingest(registered({ ...reg('1001', 'acme.pbx.test', 'after-reboot'), contact: 'sip:1001@10.0.0.5:5060' }));
  const t = store.tenantState('t-acme')!;
  assert.equal(t.extensions.get('1001')!.devices.map((d) => d.callId).sort(), ['after-reboot', 'other-phone']);
  assert.is(t.dashboard.devices, 2);
});

test('a resync keeps the user agent that show registrations does not report', async () => {
  const { store, patches } = recorder();
  store.ingest(registered(reg('1001')));
  await turn();
  patches.length = 0;
  store.ingest({ kind: 'resync', at: 5, registrations: [{ ...reg('1001'), userAgent: '', contact: 'sip:1001@10.0.0.5:5060' }], channels: [] });
  await turn();
  assert.is(store.tenantState('t-acme')!.extensions.get('1001')!.devices[0]!.userAgent, 'Zoiper');
  assert.is(patches.length, 0, 'the same device read back is no change');
});

test('the link state reaches every tenant; app events change DND and credit', async () => {
  const { store, patches } = recorder();
  store.ingest({ kind: 'link', at: 1, up: true });
  await turn();
  assert.equal(patches.map((p) => p.tenantId).sort(), ['t-acme', 't-globex']);
  store.ingest({ kind: 'dnd-changed', tenantId: 't-acme', extension: '1001', dnd: true });
  store.ingest({ kind: 'credit-changed', tenantId: 't-acme', credit: '99.0000' });
  const t = store.tenantState('t-acme')!;
  assert.is(t.extensions.get('1001')!.dnd, true);
  assert.is(t.figures.credit, '99.0000');
});

test('a snapshot holds the tenant and only the asked extensions, with their seqs; the counters only when watched', () => {
  const { store } = recorder();
  store.ingest(registered(reg('1001')));
  const snap = store.snapshot('t-acme', ['1002', '4711'])!;
  assert.is(snap.tenant.seq, 0, 'a registration changes the counters, not what every page shows');
  assert.is(snap.figures, undefined, 'no page of this socket shows the counters');
  assert.not.ok('devices' in snap.tenant.state);
  const watching = store.snapshot('t-acme', [], [], { figures: true })!;
  assert.equal(watching.figures, { seq: 1, state: { activeExtensions: 1, extensions: 2, devices: 1, queues: 3, activeCalls: 0, faxInbound: 0, faxOutbound: 0 } });
  assert.equal(Object.keys(snap.extensions), ['1002']);
  assert.is(snap.extensions['1002']!.seq, 0);
  assert.is(store.snapshot('nope', []), undefined);
});

test('two events in one turn make one patch per scope: the sets merged, latest wins, and the earliest event time', async () => {
  const { store, patches } = recorder();
  const T = 1_700_000_000_000_000;
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'desk'), T));
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'mobile'), T + 500));
  store.ingest({ kind: 'channel-created', at: T + 900, channel: channel('a-leg') });
  await turn();
  assert.equal(patches.map((p) => [p.patch.scope, p.patch.seq]), [['ext:1001', 1], ['figures', 1]], 'in the order of their first change');
  assert.equal(patches[1]!.patch, { scope: 'figures', seq: 1, eventAt: T, set: { devices: 2, activeExtensions: 1, activeCalls: 1 } });
  assert.equal(patches[0]!.patch.set, { devices: store.tenantState('t-acme')!.extensions.get('1001')!.devices });
  assert.is(patches[0]!.patch.eventAt, T);
  // The next turn starts afresh: its own patch, the next seq, its own event time.
  store.ingest({ kind: 'unregistered', at: T + 2000, reason: 'unregister', user: '1001', domain: 'acme.pbx.test', callId: 'desk' });
  await turn();
  assert.equal(patches.slice(2).map((p) => [p.patch.scope, p.patch.seq, p.patch.eventAt]), [['ext:1001', 2, T + 2000], ['figures', 2, T + 2000]]);
});

test('an event alone in its turn goes out alone, and seqs stay gapless over many turns', async () => {
  const { store, patches } = recorder();
  for (let i = 0; i < 20; i++) {
    // Bursts of 1–4 events per turn.
    for (let j = 0; j <= i % 4; j++) store.ingest(registered(reg('1001', 'acme.pbx.test', `phone-${i}-${j}`), i * 1000 + j));
    await turn();
  }
  for (const scope of ['ext:1001', 'figures'] as const) {
    const seqs = patches.filter((p) => p.patch.scope === scope).map((p) => p.patch.seq);
    assert.equal(seqs, Array.from({ length: 20 }, (_, i) => i + 1), `${scope}: one patch per turn, 1, 2, 3, …`);
  }
  assert.is((patches.filter((p) => p.patch.scope === 'figures').at(-1)!.patch.set as { devices?: number }).devices, 50);
});

test('a snapshot taken while changes wait sends them first: the snapshot carries their seq, nothing is applied twice or skipped', async () => {
  const { store, patches } = recorder();
  store.ingest(registered(reg('1001')));
  await turn();
  // A client that follows the patches from here on: seq, and the state it shows.
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'second')));
  const before = patches.length;
  const snap = store.snapshot('t-acme', ['1001'], [], { figures: true })!;
  assert.is(patches.length, before + 2, 'the waiting patches went out before the snapshot was built');
  assert.is(snap.figures!.seq, 2);
  assert.is(snap.figures!.state.devices, 2);
  assert.is(snap.extensions['1001']!.seq, 2);
  await turn();
  assert.is(patches.length, before + 2, 'and the end of the turn does not send them again');
  // A client that took the snapshot applies only what comes next: seq 3, exactly once.
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'third')));
  const snap2 = store.snapshot('t-acme', ['1001'], [], { figures: true })!;
  await turn();
  const figureSeqs = patches.filter((p) => p.patch.scope === 'figures').map((p) => p.patch.seq);
  assert.equal(figureSeqs, [1, 2, 3]);
  assert.is(snap2.figures!.seq, 3);
  assert.is(snap2.figures!.state.devices, 3);
});

test('reducers do not mutate the state they are given', () => {
  const state = initialTenantState(acme);
  const frozen = JSON.stringify({ ...state, extensions: [...state.extensions], channels: [...state.channels] });
  reduceTenant(state, registered(reg('1001')));
  reduceTenant(state, { kind: 'channel-created', at: 1, channel: channel('x') });
  assert.is(JSON.stringify({ ...state, extensions: [...state.extensions], channels: [...state.channels] }), frozen);
});

test('presence follows a call on a phone: ringing, talking with whom, free again; one patch per turn, to the presence and peers scopes', async () => {
  const { store, directory } = recorder();
  store.ingest(registered(reg('1001')));
  await turn();
  assert.equal(directory.map((p) => [p.patch.scope, p.patch.set]), [['presence', { '1001': { state: 'idle', since: 1_700_000_000, online: true, dnd: false, breakReason: null } }]]);
  directory.length = 0;

  // FreeSWITCH rings 1001 (its outbound leg to the phone), on behalf of a caller.
  const ring: Channel = { ...channel('leg-1', 'outbound'), callerIdName: 'Marc Robinson', callerIdNumber: '+15145551212', createdAt: 1_700_000_010_000_000 };
  store.ingest({ kind: 'channel-created', at: 1_700_000_010_000_000, channel: ring });
  await turn();
  assert.equal(
    directory.map((p) => [p.patch.scope, p.patch.seq, p.patch.set]),
    [
      ['presence', 2, { '1001': { state: 'ringing', since: 1_700_000_010, online: true, dnd: false, breakReason: null } }],
      ['peers', 1, { '1001': { name: 'Marc Robinson', number: '+15145551212' } }],
    ],
  );
  directory.length = 0;
  store.ingest({ kind: 'channel-answered', at: 1_700_000_014_000_000, uuid: 'leg-1', answeredAt: 1_700_000_014_000_000 });
  await turn();
  assert.equal(directory.map((p) => [p.patch.scope, p.patch.set]), [['presence', { '1001': { state: 'talking', since: 1_700_000_014, online: true, dnd: false, breakReason: null } }]]);
  directory.length = 0;
  store.ingest({ kind: 'channel-hangup-complete', at: 1_700_000_050_000_000, channel: ring, hangupCause: 'NORMAL_CLEARING', endedAt: 1_700_000_050_000_000, billsec: 36, cdr: {} as never });
  await turn();
  assert.equal(
    directory.map((p) => [p.patch.scope, p.patch.set]),
    [
      ['presence', { '1001': { state: 'idle', since: 1_700_000_050, online: true, dnd: false, breakReason: null } }],
      ['peers', { '1001': null }],
    ],
  );
  const state = store.tenantState('t-acme')!;
  assert.equal(state.peers, {});
  assert.is(state.legs.size, 0);
  assert.is(state.legsOf.size, 0, 'no leg left behind in the index');
  assert.equal(store.snapshot('t-acme', [], [], { presence: true, peers: false })!.presence!.state['1002']!.state, 'dnd', 'the snapshot holds every extension');
  assert.is(store.snapshot('t-acme', [], [], { presence: true, peers: false })!.peers, undefined, 'peers only when asked for');
  assert.is(store.snapshot('t-acme', [])!.presence, undefined, 'presence only when watched');
});

test('a second device of an idle extension is no presence news; the resync clears a call that ended unseen', async () => {
  const { store, directory } = recorder();
  store.ingest(registered(reg('1001')));
  store.ingest({ kind: 'channel-created', at: 1_700_000_010_000_000, channel: { ...channel('leg-2', 'inbound'), createdAt: 1_700_000_010_000_000 } });
  await turn();
  assert.equal(store.tenantState('t-acme')!.presence['1001']!.state, 'dialling');
  assert.equal(store.tenantState('t-acme')!.peers['1001'], { name: '', number: '1002' }, 'the number it dialled');
  directory.length = 0;
  store.ingest(registered(reg('1001', 'acme.pbx.test', 'call-second')));
  await turn();
  assert.equal(directory, [], 'still dialling');
  store.ingest({ kind: 'resync', at: 1_700_000_060_000_000, registrations: [reg('1001')], channels: [] });
  await turn();
  assert.equal(store.tenantState('t-acme')!.presence['1001']!.state, 'idle');
  assert.equal(store.tenantState('t-acme')!.peers, {});
});

test.run();
