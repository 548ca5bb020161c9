// mod_json_cdr's documents as FreeSWITCH 1.10.12 itself wrote them (spooled
// to err-log-dir by tests/freeswitch/cdr.test.ts with our json_cdr.conf.xml,
// hostname scrubbed): both legs of an internal call 1001 → 1002 whose caller
// ID, Call-ID, X- headers and SDP carry quotes, a backslash, "%41" and
// non-ASCII. The values are raw: nothing may decode them.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cdrJsonText } from '../../../server/http/freeswitch-cdr.ts';
import { callDetail, jsonCdrHeaders } from '../../../server/pbx/cdr.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/freeswitch/json-cdr/${name}.cdr.json`, import.meta.url), 'utf8');
const detail = (text: string) => callDetail(jsonCdrHeaders(JSON.parse(cdrJsonText(text)!)));

test("the caller's leg: FreeSWITCH's own values, %41 and all", () => {
  assert.equal(detail(fixture('internal-call-caller-leg')), {
    uuid: '787d3918-a434-4451-9a0e-f9c98278f647',
    direction: 'outbound',
    domain: 'acme.pbx.test',
    extension: '1001',
    // sofia URL-decoded the From display name itself (check_decode): FreeSWITCH says "A".
    callerIdName: 'Zoë \\"Q\\" A',
    callerIdNumber: '1001',
    destination: '1002',
    startedAt: 1796161494237534,
    answeredAt: 1796161494517543,
    endedAt: 1796161497577519,
    duration: 3,
    billsec: 3,
    hangupCause: 'NORMAL_CLEARING',
    readCodec: 'PCMU',
    writeCodec: 'PCMU',
    sipCallId: 'cdr-%41-"q"\\-1-23621@127.0.0.1',
    recordingPath: undefined,
    // FreeSWITCH's rtp_audio_in_* figures for this leg (sipp sent it no RTP).
    quality: { mos: 4.5, qualityPercentage: 100, packetsIn: 0, packetsOut: 0, skipPacketsIn: 2, flawsIn: 0, jitterMinVariance: 0, jitterMaxVariance: 0, jitterLossRate: 0, jitterBurstRate: 0 },
  });
});

test("the called phone's leg: the directory's caller ID, FreeSWITCH's own Call-ID", () => {
  const cdr = detail(fixture('internal-call-callee-leg'));
  assert.is(cdr?.direction, 'inbound');
  assert.is(cdr?.extension, '1002');
  assert.is(cdr?.callerIdName, 'Zoë "Q" %41 & <Co>');
  assert.is(cdr?.sipCallId, '492549f7-6873-1240-35be-ce2c39ddb46a');
  assert.is(cdr?.billsec, 3);
});

test('the body is read for what it is, whatever its label', () => {
  const text = fixture('internal-call-caller-leg');
  // encode=false: the JSON text (FreeSWITCH labels it a form when disable-100-continue is on).
  assert.is(cdrJsonText(text), text);
  // encode=true: the form field cdr.
  assert.is(cdrJsonText(`cdr=${encodeURIComponent(text.trim())}`), text.trim());
  assert.is(cdrJsonText('uuid=x'), undefined);
  // Raw CR/LF inside values stay escaped in the JSON text, so it parses.
  assert.ok(JSON.parse(text).variables.switch_r_sdp.includes('\r\n'));
});

test.run();
