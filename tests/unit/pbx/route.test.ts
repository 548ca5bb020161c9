// Where a command goes when there are several FreeSWITCH servers
// (server/pbx/route.ts, server/pbx/whereabouts.ts): read from the commands
// our own builders write.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dropRegistrations, flushDirectoryEntry, flushWholeDirectory, setAgentStatus, setChannelVariable, transferChannel } from '../../../server/pbx/commands.ts';
import { eavesdropEnd, eavesdropMode, eavesdropOriginate } from '../../../server/pbx/eavesdrop.ts';
import { fsDirection } from '../../../server/pbx/direction.ts';
import type { Channel } from '../../../server/pbx/events.ts';
import { txfaxOriginate, uuidExists } from '../../../server/pbx/fax.ts';
import { commandTarget, joinRows } from '../../../server/pbx/route.ts';
import { boxCount } from '../../../server/pbx/voicemail.ts';
import { Whereabouts } from '../../../server/pbx/whereabouts.ts';

const UUID = 'a0a0a0a0-0000-4000-8000-000000000001';

test("a channel's commands go to the server holding it; eavesdrop to the server of the call listened to", () => {
  for (const command of [setChannelVariable(UUID, 'x', 'y'), transferChannel(UUID, '1002', 'acme.pbx.test'), uuidExists(UUID), eavesdropMode(UUID, 'barge'), eavesdropEnd(UUID)]) {
    assert.equal(commandTarget(command), { kind: 'channel', uuid: UUID }, command);
  }
  const command = eavesdropOriginate({ uuid: 'b0b0b0b0-0000-4000-8000-000000000002', supervisorExtension: '1007', domain: 'acme.pbx.test', targetUuid: UUID, agentExtension: '1001' });
  assert.equal(commandTarget(command), { kind: 'channel', uuid: UUID });
});

test('a call to a user goes where the user is registered; the fax gateway, queues and voicemail to the home server', () => {
  assert.equal(commandTarget('originate {origination_uuid=x}user/1001@Acme.pbx.test &park()'), { kind: 'user', user: '1001', domain: 'acme.pbx.test' });
  const fax = txfaxOriginate({ uuid: UUID, gateway: 'carrier', number: '+12025550147', tiffPath: '/tmp/f.tiff', domain: 'acme.pbx.test', ident: '1001', header: 'Acme', callerIdName: 'Acme', callerIdNumber: '1001' });
  assert.equal(commandTarget(fax), { kind: 'home' });
  assert.equal(commandTarget(setAgentStatus('1001@acme.pbx.test', 'Available')), { kind: 'home' });
  assert.equal(commandTarget(boxCount('1001', 'acme.pbx.test')), { kind: 'home' });
});

test("every server's copy: directory caches and sofia's registrations; a table from all", () => {
  for (const command of [flushWholeDirectory(), flushDirectoryEntry('1001', 'acme.pbx.test'), dropRegistrations('acme.pbx.test'), dropRegistrations('acme.pbx.test', '1001')]) {
    assert.equal(commandTarget(command), { kind: 'every' }, command);
  }
  assert.equal(commandTarget('show calls as json'), { kind: 'rows' });
  assert.equal(JSON.parse(joinRows(['{"row_count":1,"rows":[{"uuid":"a"}]}', '{"row_count": 0}'])), { row_count: 1, rows: [{ uuid: 'a' }] });
});

const channel = (uuid: string): Channel => ({
  uuid,
  direction: fsDirection('inbound'),
  domain: 'acme.pbx.test',
  extension: '1001',
  callerIdName: '',
  callerIdNumber: '1001',
  destination: '1002',
  answeredAt: 0,
  createdAt: 1,
});
const registration = (callId: string) => ({
  user: '1001',
  domain: 'acme.pbx.test',
  callId,
  contact: `sip:1001@10.0.0.5:${callId.length}`,
  networkIp: '10.0.0.5',
  networkPort: 5060,
  userAgent: '',
  expiresAt: 0,
});

test("whereabouts: a channel's server, a user's latest registration, a server's part forgotten with it", () => {
  const where = new Whereabouts();
  where.note('a', { kind: 'channel-created', at: 1, channel: channel('c1') });
  where.note('b', { kind: 'registered', at: 1, registration: registration('r1') });
  where.note('a', { kind: 'registered', at: 2, registration: registration('r2') });
  assert.is(where.channel('c1'), 'a');
  assert.is(where.user('1001', 'ACME.pbx.test'), 'a', 'the latest registration');
  where.note('b', { kind: 'registered', at: 3, registration: registration('r1') });
  assert.is(where.user('1001', 'acme.pbx.test'), 'b', 'refreshed on b');
  where.note('a', { kind: 'resync', at: 4, registrations: [], channels: [] });
  assert.is(where.channel('c1'), undefined);
  assert.is(where.user('1001', 'acme.pbx.test'), 'b');
  where.note('b', { kind: 'resync', at: 5, registrations: [], channels: [channel('c2')] });
  assert.is(where.user('1001', 'acme.pbx.test'), undefined);
  assert.is(where.channel('c2'), 'b');
  where.note('b', { kind: 'channel-hangup-complete', at: 6, channel: channel('c2') } as Parameters<Whereabouts['note']>[1]);
  assert.is(where.channel('c2'), undefined);
  where.note('b', { kind: 'registered', at: 7, registration: registration('r3') });
  where.note('a', { kind: 'unregistered', at: 8, reason: 'expire', user: '1001', domain: 'acme.pbx.test', callId: 'r3' });
  assert.is(where.user('1001', 'acme.pbx.test'), 'b', 'a server that does not hold it cannot unregister it');
  where.note('b', { kind: 'unregistered', at: 9, reason: 'unregister', user: '1001', domain: 'acme.pbx.test', callId: 'r3' });
  assert.is(where.user('1001', 'acme.pbx.test'), undefined);
});

test.run();
