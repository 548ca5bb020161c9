// Finding the call a vanished softphone was in, from what FreeSWITCH 1.10.12
// really sent (tests/fixtures/freeswitch/resume.json): the reload's
// sofia::unregister names only the REGISTER's Call-ID (no contact), so the
// contact comes from that registration's sofia::register; `show calls as
// json` has the leg FreeSWITCH placed to that contact, named after it.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEvent } from '../../../server/pbx/parse.ts';
import { bridgedPairs, callsOf, contactAddress, peerOf, placedTo } from '../../../server/resume/legs.ts';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/freeswitch/resume.json', import.meta.url), 'utf8')) as {
  showCallsAsJson: string;
  unregisterOnReload: Record<string, string>;
  registerOf1001: Record<string, string>;
};

test('the reload\'s sofia::unregister (reason socket-disconnection) parses as 1001\'s unregister with the REGISTER\'s Call-ID', () => {
  const e = fixture.unregisterOnReload;
  assert.is(e.reason, 'socket-disconnection');
  assert.is(e.contact, undefined, 'FreeSWITCH names no contact here');
  const event = parseEvent((name) => e[name]);
  assert.equal(event && { ...event, at: 0 }, { kind: 'unregistered', at: 0, reason: 'unregister', user: '1001', domain: 'acme.pbx.test', callId: fixture.registerOf1001['call-id'] });
});

test('contactAddress: user@host of sofia\'s Contact, display name and parameters dropped', () => {
  assert.is(contactAddress(fixture.registerOf1001.contact!), 'fuip5hj7@e48ea9ajfe3m.invalid');
  assert.is(contactAddress('sip:1001@127.0.0.1:5062;transport=UDP'), '1001@127.0.0.1');
  assert.is(contactAddress('nonsense'), undefined);
});

test('show calls as json: 1001\'s talking leg is the one placed to its contact; the other party is 1002\'s own leg', () => {
  const pairs = bridgedPairs(fixture.showCallsAsJson);
  assert.is(pairs.length, 2, 'one row, both ways round');
  const mine = callsOf(pairs, '1001@acme.pbx.test');
  assert.is(mine.length, 1);
  const [agent, other] = mine[0]!;
  assert.ok(placedTo(agent, contactAddress(fixture.registerOf1001.contact!)!));
  assert.not.ok(placedTo(other, contactAddress(fixture.registerOf1001.contact!)!));
  assert.is(other.name, 'sofia/internal/1002@acme.pbx.test');
  // The caller's own leg says only what its phone sent (1002); the leg to 1001 carries the directory's name.
  assert.equal(peerOf(agent), { name: 'Ben Okafor', number: '1002' });
  assert.is(callsOf(pairs, '1003@acme.pbx.test').length, 0);
});

test('no calls: FreeSWITCH\'s empty answer', () => {
  assert.equal(bridgedPairs('{"row_count":0}'), []);
  assert.equal(bridgedPairs(''), []);
});

test('a ringing call is not held (not yet answered)', () => {
  const rows = JSON.parse(fixture.showCallsAsJson) as { rows: Record<string, string>[] };
  rows.rows[0]!.b_callstate = 'RINGING';
  assert.is(callsOf(bridgedPairs(JSON.stringify(rows)), '1001@acme.pbx.test').length, 0);
});

test.run();
