// Several FreeSWITCH servers in the live state (server/live/servers.ts and the
// reducers): each server's registrations and calls are its own part; a resync
// (or an outage: a resync that found nothing) replaces that part only; a
// phone registered on two servers, or moving between them, is one device.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fsDirection } from '../../../server/pbx/direction.ts';
import type { Channel, PbxEvent, Registration } from '../../../server/pbx/events.ts';
import type { TenantSeed } from '../../../server/live/state.ts';
import { LiveStore } from '../../../server/live/store.ts';

const DOMAIN = 'acme.pbx.test';
const A = '127.0.0.1:8021';
const B = '127.0.0.1:8022';
const seed: TenantSeed = {
  id: 't-acme',
  name: 'Acme',
  domain: DOMAIN,
  credit: '0',
  currency: 'USD',
  queues: 0,
  extensions: ['1001', '1002', '1003', '1007'].map((number) => ({ number, dnd: false })),
};

const reg = (user: string, callId: string, port = 5060, expiresAt = 1_900_000_000): Registration => ({
  user,
  domain: DOMAIN,
  callId,
  contact: `sip:${user}@10.0.0.5:${port}`,
  networkIp: '10.0.0.5',
  networkPort: port,
  userAgent: 'Zoiper',
  expiresAt,
});
const registered = (server: string | undefined, r: Registration): PbxEvent => ({ kind: 'registered', at: 1, registration: r, ...(server && { server }) });
const unregistered = (server: string, r: Registration): PbxEvent => ({ kind: 'unregistered', at: 2, reason: 'expire', user: r.user, domain: DOMAIN, callId: r.callId, server });
const call = (uuid: string, extension: string): Channel => ({
  uuid,
  direction: fsDirection('inbound'),
  domain: DOMAIN,
  extension,
  callerIdName: extension,
  callerIdNumber: extension,
  destination: '1002',
  answeredAt: 0,
  createdAt: 1,
});
const created = (server: string, channel: Channel): PbxEvent => ({ kind: 'channel-created', at: 1, channel, server });
const resync = (server: string | undefined, registrations: Registration[], channels: Channel[] = []): PbxEvent => ({
  kind: 'resync',
  at: 3,
  registrations,
  channels,
  ...(server && { server }),
});

function store() {
  const live = new LiveStore([seed]);
  const state = () => live.tenantState('t-acme')!;
  const devices = (ext: string) => state().extensions.get(ext)!.devices.map((d) => d.callId).sort();
  const figures = () => {
    const { devices: n, activeExtensions, activeCalls } = state().dashboard;
    return { devices: n, activeExtensions, activeCalls };
  };
  return { live, state, devices, figures };
}

const deskA = reg('1001', 'desk@a', 5060);
const mobileB = reg('1001', 'mobile@b', 5070);
const phone2B = reg('1002', 'phone2@b', 5080);

test('phones on two servers: each device counted once, each extension once', () => {
  const { live, devices, figures } = store();
  live.ingest(registered(A, deskA));
  live.ingest(registered(B, mobileB));
  live.ingest(registered(B, phone2B));
  assert.equal(devices('1001'), ['desk@a', 'mobile@b']);
  assert.equal(figures(), { devices: 3, activeExtensions: 2, activeCalls: 0 });
});

test('one phone registered on both servers (same Call-ID, or same contact) is one device', () => {
  const { live, devices, figures } = store();
  live.ingest(registered(A, deskA));
  live.ingest(registered(B, deskA));
  assert.equal(devices('1001'), ['desk@a']);
  assert.equal(figures(), { devices: 1, activeExtensions: 1, activeCalls: 0 });
  // A restart with a new Call-ID from the same contact, on the other server.
  live.ingest(registered(B, { ...deskA, callId: 'desk-restarted', expiresAt: 1_900_000_100 }));
  assert.equal(devices('1001'), ['desk-restarted'], 'the newest registration of the contact');
  assert.is(figures().devices, 1);
});

test('a phone moving from A to B is not lost when A lets its old registration go', () => {
  const { live, devices, figures } = store();
  live.ingest(registered(A, deskA));
  live.ingest(registered(B, deskA));
  live.ingest(unregistered(A, deskA));
  assert.equal(devices('1001'), ['desk@a'], 'B still holds it');
  assert.equal(figures(), { devices: 1, activeExtensions: 1, activeCalls: 0 });
  live.ingest(unregistered(B, deskA));
  assert.equal(devices('1001'), []);
  assert.equal(figures(), { devices: 0, activeExtensions: 0, activeCalls: 0 });
});

test("an unregister from the server that does not hold the device changes nothing", () => {
  const { live, devices } = store();
  live.ingest(registered(B, mobileB));
  live.ingest(unregistered(A, mobileB));
  assert.equal(devices('1001'), ['mobile@b']);
});

test("a server's resync replaces its own phones and calls only", () => {
  const { live, state, devices, figures } = store();
  live.ingest(registered(A, deskA));
  live.ingest(registered(B, mobileB));
  live.ingest(registered(B, phone2B));
  live.ingest(created(A, call('call-a', '1001')));
  live.ingest(created(B, call('call-b', '1002')));
  assert.equal(figures(), { devices: 3, activeExtensions: 2, activeCalls: 2 });

  // A read back: 1003 registered meanwhile, 1001's desk phone went, its call ended.
  const r3 = reg('1003', 'phone3@a', 5090);
  live.ingest(resync(A, [r3]));
  assert.equal(devices('1001'), ['mobile@b'], "B's device stays");
  assert.equal(devices('1002'), ['phone2@b']);
  assert.equal(devices('1003'), ['phone3@a']);
  assert.equal([...state().channels], ['call-b'], "B's call stays");
  assert.ok(state().legs.has('call-b') && !state().legs.has('call-a'));
  assert.equal(figures(), { devices: 3, activeExtensions: 3, activeCalls: 1 });
  assert.is(state().presence['1002']?.state, 'dialling', "1002's presence still shows B's call");
});

test('a server down (an empty resync of its own): its phones and calls go, the other its stay; its resync brings back its part only', () => {
  const { live, state, devices, figures } = store();
  live.ingest(registered(A, deskA));
  live.ingest(registered(B, mobileB));
  live.ingest(registered(B, phone2B));
  live.ingest(created(A, call('call-a', '1001')));
  live.ingest(created(B, call('call-b', '1002')));

  live.ingest(resync(B, []));
  assert.equal(devices('1001'), ['desk@a']);
  assert.equal(devices('1002'), []);
  assert.equal([...state().channels], ['call-a']);
  assert.equal(figures(), { devices: 1, activeExtensions: 1, activeCalls: 1 });
  assert.is(state().presence['1002']?.state, 'offline', "1002 is off B's call, without a phone");

  live.ingest(resync(B, [mobileB, phone2B], [call('call-b', '1002')]));
  assert.equal(devices('1001'), ['desk@a', 'mobile@b']);
  assert.equal(devices('1002'), ['phone2@b']);
  assert.equal([...state().channels].sort(), ['call-a', 'call-b']);
  assert.equal(figures(), { devices: 3, activeExtensions: 2, activeCalls: 2 });
  assert.is(state().channelOn.get('call-b'), B, 'the call is known to be on B');
});

test("a supervision on B's legs is not ended by A's resync, and is by B's", () => {
  const { live, state } = store();
  const agent = { ...call('agent-leg', '1001'), direction: fsDirection('outbound') };
  const sup = { ...call('sup-leg', '1007'), direction: fsDirection('outbound') };
  live.ingest(created(B, agent));
  live.ingest(created(B, sup));
  live.ingest({
    kind: 'supervision',
    tenantId: 't-acme',
    extension: '1001',
    supervision: {
      extension: '1001',
      supervisorExtension: '1007',
      userId: 'u',
      name: 'Grace',
      mode: 'listen',
      supervisorUuid: 'sup-leg',
      targetUuid: 'agent-leg',
      auditId: '1',
      since: 1,
      listenShown: true,
    },
  });
  live.ingest(resync(A, []));
  assert.ok(state().supervisions.has('1001'), 'A knows nothing of it: it goes on');
  live.ingest(resync(B, []));
  assert.not.ok(state().supervisions.has('1001'), "B's legs are gone: it is over");
});

test("a queue agent whose only phone is on a server that goes away shows without a phone; back with it", () => {
  const live = new LiveStore([{ ...seed, queues: 1, queueNames: ['sales'] }]);
  const agent = '1001@acme.pbx.test';
  // The home server (A) runs the queues; the agent's phone is on B.
  live.ingest({
    ...resync(A, []),
    callcenter: [
      {
        name: 'sales@acme.pbx.test',
        callsAnswered: 0,
        callsAbandoned: 0,
        members: [],
        agents: [{ name: agent, status: 'Available', state: 'Waiting', lastStatusChange: 1, lastBridgeEnd: 0, wrapUpTime: 0 }],
        tiers: [{ agent, level: 1, position: 1 }],
      },
    ],
  } as PbxEvent);
  const shown = () => live.tenantState('t-acme')!.queues.get('sales')!.agents[0]!;
  live.ingest(registered(B, mobileB));
  assert.ok(!('phone' in shown()), 'a phone: the usual, not said');
  live.ingest(resync(B, []));
  assert.is(shown().phone, false, 'B gone: no phone to ring');
  live.ingest(resync(B, [mobileB]));
  assert.ok(!('phone' in shown()), "B's read-back gives it back");
});

test('one FreeSWITCH (events without a server): a resync still replaces everything', () => {
  const { live, state, devices, figures } = store();
  live.ingest(registered(undefined, deskA));
  live.ingest({ kind: 'channel-created', at: 1, channel: call('call-1', '1001') });
  live.ingest(resync(undefined, [mobileB]));
  assert.equal(devices('1001'), ['mobile@b']);
  assert.equal([...state().channels], []);
  assert.equal(figures(), { devices: 1, activeExtensions: 1, activeCalls: 0 });
});

test.run();
