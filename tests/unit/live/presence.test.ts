// Presence derived from legs, devices, DND and the agent's break (server/live/presence.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExtensionLive } from '../../../common/live.ts';
import { callOf, legOf, presenceOf, type CallLeg } from '../../../server/live/presence.ts';
import { fsDirection } from '../../../server/pbx/direction.ts';

const ext = (patch: Partial<ExtensionLive> = {}): ExtensionLive => ({ number: '1001', devices: [], dnd: false, agent: null, ...patch });
const device = { callId: 'c1', contact: 'sip:1001@10.0.0.5', networkIp: '10.0.0.5', networkPort: 5060, userAgent: 'x', expiresAt: 0 };
const leg = (patch: Partial<CallLeg>): CallLeg => ({ extension: '1001', toPhone: true, createdAt: 10_000_000, answeredAt: 0, peer: { name: 'A', number: '1' }, ...patch });

test('a channel is a leg only when it names one of the tenant\'s extensions; the peer is the caller, or the number dialled', () => {
  const known = new Map([['1001', true]]);
  const base = { uuid: 'u', domain: 'acme.pbx.test', callerIdName: 'Marc', callerIdNumber: '+1514', destination: '1002', answeredAt: 0, createdAt: 5 };
  assert.equal(legOf({ ...base, direction: fsDirection('outbound'), extension: '1001' }, known)!.peer, { name: 'Marc', number: '+1514' });
  assert.equal(legOf({ ...base, direction: fsDirection('inbound'), extension: '1001' }, known)!.peer, { name: '', number: '1002' });
  assert.is(legOf({ ...base, direction: fsDirection('inbound'), extension: '2001' }, known), null, 'not ours');
  assert.is(legOf({ ...base, direction: fsDirection('inbound'), extension: undefined }, known), null, 'a trunk leg');
});

test('an answered leg outranks one ringing, which outranks one placed; the latest answered wins', () => {
  assert.is(callOf([]), null);
  assert.is(callOf([leg({ toPhone: false }), leg({ toPhone: true })])!.state, 'ringing');
  assert.is(callOf([leg({ toPhone: true }), leg({ answeredAt: 20_000_000, toPhone: false })])!.state, 'talking');
  const latest = callOf([leg({ answeredAt: 20_000_000, peer: { name: 'old', number: '1' } }), leg({ answeredAt: 30_000_000, peer: { name: 'new', number: '2' } })])!;
  assert.equal([latest.since, latest.peer.name], [30_000_000, 'new']);
});

test('presence: a call first, then DND, then a break with its reason, then registered or not; since holds while the state does', () => {
  const onBreak = ext({ devices: [device], agent: { name: '1001@a', status: 'On Break', state: 'Waiting', call: null, reason: 'Lunch' } });
  assert.equal(presenceOf(onBreak, null, undefined, 100), { state: 'on-break', since: 100, online: true, dnd: false, breakReason: 'Lunch' });
  assert.is(presenceOf({ ...onBreak, dnd: true }, null, undefined, 100).state, 'dnd');
  assert.is(presenceOf({ ...onBreak, dnd: true }, callOf([leg({})]), undefined, 100).state, 'ringing');
  assert.is(presenceOf({ ...onBreak, agent: { ...onBreak.agent!, reason: undefined } }, null, undefined, 1).breakReason, '', 'on break, reason unknown');
  const idle = presenceOf(ext({ devices: [device] }), null, undefined, 100);
  assert.is(idle.state, 'idle');
  assert.is(presenceOf(ext({ devices: [device, { ...device, callId: 'c2' }] }), null, idle, 200).since, 100, 'a second device is no news');
  assert.equal(presenceOf(ext(), null, idle, 300), { state: 'offline', since: 300, online: false, dnd: false, breakReason: null });
});

test.run();
