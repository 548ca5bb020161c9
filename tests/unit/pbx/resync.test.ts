import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lateMarginFrom, parseChannels, parseRegistrations, parseSofiaCallIds, resyncEvent, ShowError } from '../../../server/pbx/resync.ts';

test('no rows: FreeSWITCH prints {"row_count": 0} without rows', () => {
  assert.equal(parseRegistrations('{"row_count": 0}\n'), []);
  assert.equal(parseChannels('{"row_count":0}'), []);
});

test('-ERR and garbage are errors, not empty truth', () => {
  assert.throws(() => parseRegistrations('-ERR SQL Error [no such table]\n'), (e: Error) => e instanceof ShowError);
  assert.throws(() => parseChannels('<html>'), (e: Error) => e instanceof ShowError);
});

test('registrations rows', () => {
  const out = JSON.stringify({
    row_count: 1,
    rows: [
      {
        reg_user: '1001',
        realm: 'acme.pbx.test',
        token: 'abc@198.51.100.7',
        url: 'sofia/internal/sip:1001@198.51.100.7:5062;fs_nat=yes',
        expires: '1700003660',
        network_ip: '198.51.100.7',
        network_port: '5062',
        network_proto: 'udp',
        hostname: 'fs1',
        metadata: '',
      },
    ],
  });
  assert.equal(parseRegistrations(out), [
    {
      user: '1001',
      domain: 'acme.pbx.test',
      callId: 'abc@198.51.100.7',
      contact: 'sip:1001@198.51.100.7:5062;fs_nat=yes',
      networkIp: '198.51.100.7',
      networkPort: 5062,
      userAgent: '',
      // show registrations' expires includes sofia's late margin (60 s by default).
      expiresAt: 1700003600,
    },
  ]);
  assert.is(parseRegistrations(out, 5)[0]?.expiresAt, 1700003655, 'the margin FreeSWITCH reports');
});

test('the late margin: global_getvar answers a number, or nothing when the variable is unset', () => {
  assert.is(lateMarginFrom('3'), 3);
  assert.is(lateMarginFrom(''), 60);
  assert.is(lateMarginFrom('-ERR global_getvar Command not found!\n'), 60);
});

test('channels rows: domain and extension from presence_id, answered from callstate', () => {
  const row = (uuid: string, callstate: string, presence_id: string) => ({
    uuid,
    direction: 'inbound',
    created_epoch: '1700000000',
    cid_name: 'Alice',
    cid_num: '1001',
    dest: '1002',
    presence_id,
    callstate,
  });
  const out = JSON.stringify({ row_count: 2, rows: [row('u1', 'ACTIVE', '1001@acme.pbx.test'), row('u2', 'RINGING', '')] });
  const [a, b] = parseChannels(out);
  assert.equal(a, {
    uuid: 'u1',
    direction: 'inbound',
    domain: 'acme.pbx.test',
    extension: '1001',
    callerIdName: 'Alice',
    callerIdNumber: '1001',
    destination: '1002',
    answeredAt: 1700000000_000000,
    createdAt: 1700000000_000000,
  });
  assert.is(b?.answeredAt, 0);
  assert.is(b?.domain, undefined);
  assert.is(b?.extension, undefined);
});

test('resyncEvent puts both together', () => {
  const e = resyncEvent(5, '{"row_count": 0}\n', '{"row_count": 0}\n');
  assert.equal(e, { kind: 'resync', at: 5, registrations: [], channels: [] });
});


/** `sofia xmlstatus profile internal reg` as FreeSWITCH 1.10.12 prints it (one phone). */
const SOFIA_XML = `<?xml version="1.0" encoding="ISO-8859-1"?>
<profile>
  <registrations>
    <registration>
        <call-id>1-27695@127.0.0.1</call-id>
        <user>1001@acme.pbx.test</user>
        <contact>&quot;&quot; &lt;sip:1001@127.0.0.1:44921;transport=UDP&gt;</contact>
        <agent>sipp-device-44921</agent>
        <status>Registered(UDP)(unknown) exp(2026-12-06 20:17:29) expsecs(358)</status>
        <ping-status>Reachable</ping-status>
        <ping-time>0.00</ping-time>
        <host>vm</host>
        <network-ip>127.0.0.1</network-ip>
        <network-port>44921</network-port>
        <sip-auth-user>1001</sip-auth-user>
        <sip-auth-realm>acme.pbx.test</sip-auth-realm>
        <mwi-account>1001@acme.pbx.test</mwi-account>
    </registration>
  </registrations>
</profile>
`;

test("sofia's own table: its Call-IDs; anything else (no such profile) filters nothing", () => {
  assert.equal([...parseSofiaCallIds(SOFIA_XML)!], ['1-27695@127.0.0.1']);
  assert.equal([...parseSofiaCallIds('<?xml version="1.0"?>\n<profile>\n  <registrations>\n  </registrations>\n</profile>\n')!], []);
  assert.is(parseSofiaCallIds('Invalid Profile!\n'), undefined);
  assert.is(parseSofiaCallIds(''), undefined);
});

test("a core row sofia no longer holds (flush_inbound_reg) is left out of the resync", () => {
  const row = (token: string) => ({ reg_user: '1001', realm: 'acme.pbx.test', token, url: 'sofia/internal/sip:1001@127.0.0.1:5060', expires: '1796588207', network_ip: '127.0.0.1', network_port: '5060', network_proto: 'udp', hostname: 'vm', metadata: '' });
  const core = JSON.stringify({ row_count: 2, rows: [row('1-27695@127.0.0.1'), row('ghost@127.0.0.1')] });
  const resync = resyncEvent(1, core, '{"row_count": 0}', 60, SOFIA_XML);
  assert.equal(resync.kind === 'resync' && resync.registrations.map((r) => r.callId), ['1-27695@127.0.0.1']);
  const unfiltered = resyncEvent(1, core, '{"row_count": 0}', 60, '-ERR no such command');
  assert.is(unfiltered.kind === 'resync' && unfiltered.registrations.length, 2);
});

test.run();
