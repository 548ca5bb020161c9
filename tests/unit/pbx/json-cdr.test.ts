// The two ways a CDR reaches us say the same thing: the simulator's
// CHANNEL_HANGUP_COMPLETE (built like the cgrates capture) and the JSON
// mod_json_cdr posts for the same channel parse to one CallDetail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { channelEvent } from '../../../freeswitch/simulator/channel.ts';
import { EventStamper } from '../../../freeswitch/simulator/event.ts';
import { jsonCdrDocument } from '../../../freeswitch/simulator/json-cdr.ts';
import type { SimChannel } from '../../../freeswitch/simulator/truth.ts';
import { callDetail, jsonCdrHeaders } from '../../../server/pbx/cdr.ts';
import { plainHeaders } from '../../../server/pbx/headers.ts';
import { parseEvent, faxResultOfCdr } from '../../../server/pbx/parse.ts';

const now = 1_700_000_000_000_000;
const stamper = new EventStamper('core-uuid', 'sim', '127.0.0.1', () => now);

const channel = (over: Partial<SimChannel>): SimChannel => ({
  uuid: '6f3c1a0e-8a43-4b57-9d0b-2a4c5e6f7a8b',
  direction: 'inbound',
  domain: 'acme.pbx.test',
  from: '1001',
  to: '+442079460123',
  extension: '1001',
  callerIdName: 'Alice Moreno, "Sales" & Co',
  callerIdNumber: '1001',
  name: 'sofia/internal/1001@acme.pbx.test',
  sipCallId: 'a84b4c76e66710@192.0.2.10',
  networkIp: '192.0.2.10',
  createdAt: now,
  answeredAt: now + 4_000_000,
  codec: 'OPUS',
  recordFile: 'acme/2024/11/6f3c1a0e.wav',
  ...over,
});

test('a phone placing a recorded call: ESL and JSON CDR give the same record', () => {
  const event = channelEvent(stamper, channel({}), 'hangup', { cause: 'NORMAL_CLEARING', at: now + 65_600_000 });
  const fromEsl = parseEvent((name) => event.header(name));
  assert.is(fromEsl?.kind, 'channel-hangup-complete');
  const cdr = fromEsl?.kind === 'channel-hangup-complete' ? fromEsl.cdr : undefined;
  assert.equal(cdr, {
    uuid: '6f3c1a0e-8a43-4b57-9d0b-2a4c5e6f7a8b',
    direction: 'outbound',
    domain: 'acme.pbx.test',
    extension: '1001',
    callerIdName: 'Alice Moreno, "Sales" & Co',
    callerIdNumber: '1001',
    destination: '+442079460123',
    startedAt: now,
    answeredAt: now + 4_000_000,
    endedAt: now + 65_600_000,
    duration: 66,
    billsec: 62,
    hangupCause: 'NORMAL_CLEARING',
    readCodec: 'OPUS',
    writeCodec: 'OPUS',
    sipCallId: 'a84b4c76e66710@192.0.2.10',
    recordingPath: 'acme/2024/11/6f3c1a0e.wav',
    // 61.6 s answered: 3,080 packets of 20 ms each way, none lost.
    quality: { mos: 4.5, qualityPercentage: 100, packetsIn: 3080, packetsOut: 3080, skipPacketsIn: 1, flawsIn: 0, jitterMinVariance: 0.52, jitterMaxVariance: 3.81, jitterLossRate: 0, jitterBurstRate: 0 },
  });
  // Over the wire as `event plain` (URL-encoded values) too.
  const plain = plainHeaders(event.frame('plain').split('\n\n').slice(1).join('\n\n')).header;
  assert.equal(callDetail(plain), cdr);
  // mod_json_cdr's document, through JSON text as it travels.
  const document = JSON.parse(JSON.stringify(jsonCdrDocument(event)));
  assert.equal(callDetail(jsonCdrHeaders(document)), cdr);
});

test('a leg FreeSWITCH rang towards a phone is inbound for that phone; unanswered means no codec and 0 billsec', () => {
  const rung = channel({ direction: 'outbound', from: '+14155550100', to: '1002', extension: '1002', answeredAt: 0, recordFile: undefined });
  delete rung.recordFile;
  const event = channelEvent(stamper, rung, 'hangup', { cause: 'NO_ANSWER', at: now + 30_000_000 });
  const cdr = callDetail(jsonCdrHeaders(JSON.parse(JSON.stringify(jsonCdrDocument(event)))));
  assert.is(cdr?.direction, 'inbound');
  assert.is(cdr?.extension, '1002');
  assert.is(cdr?.billsec, 0);
  assert.is(cdr?.duration, 30);
  assert.is(cdr?.readCodec, '');
  assert.is(cdr?.recordingPath, undefined);
  assert.is(cdr?.hangupCause, 'NO_ANSWER');
  assert.is(cdr?.quality, undefined, 'no media, no MOS');
});

test('FreeSWITCH before 1.8 sent callflow as one object; a CDR without uuid is no CDR', () => {
  const event = channelEvent(stamper, channel({}), 'hangup', { cause: 'NORMAL_CLEARING', at: now + 10_000_000 });
  const document = jsonCdrDocument(event) as { callflow: unknown[] };
  const old = { ...document, callflow: document.callflow[0] };
  assert.is(callDetail(jsonCdrHeaders(old))?.callerIdName, 'Alice Moreno, "Sales" & Co');
  assert.is(callDetail(jsonCdrHeaders({ variables: {} })), undefined);
  assert.is(callDetail(jsonCdrHeaders('nonsense')), undefined);
});

test("a fax leg's CDR carries spandsp's result (the fax_* variables): the same result as spandsp::txfaxresult or rxfaxresult", () => {
  // mod_json_cdr's document for the originated fax leg: txfax's result is in its channel variables.
  const leg = (variables: Record<string, string>, direction = 'outbound') =>
    jsonCdrHeaders({ channel_data: { direction }, variables: { uuid: '0d6c3f0e-1b2a-4c3d-8e9f-a0b1c2d3e4f5', domain_name: 'acme.pbx.test', end_uepoch: String(now), ...variables } });
  const sent = faxResultOfCdr(leg({ fax_success: '1', fax_result_code: '0', fax_result_text: 'OK', fax_document_transferred_pages: '3', fax_document_total_pages: '3' }));
  assert.equal(sent?.kind === 'txfax-result' && { uuid: sent.fax.uuid, success: sent.fax.success, pages: sent.fax.transferredPages, text: sent.fax.resultText }, {
    uuid: '0d6c3f0e-1b2a-4c3d-8e9f-a0b1c2d3e4f5',
    success: true,
    pages: 3,
    text: 'OK',
  });
  const failed = faxResultOfCdr(leg({ fax_success: '0', fax_result_code: '49', fax_result_text: 'The call dropped prematurely' }));
  assert.equal(failed?.kind === 'txfax-result' && [failed.fax.success, failed.fax.resultCode, failed.fax.resultText], [false, 49, 'The call dropped prematurely']);
  // The receiving side: rxfax's inbound leg, with the file it wrote.
  const received = faxResultOfCdr(leg({ fax_success: '1', fax_document_transferred_pages: '2', fax_filename: '/var/spool/fax/rx/x.tif', dialed_user: '1001' }, 'inbound'));
  assert.equal(received?.kind === 'rxfax-result' && [received.fax.filename, received.fax.extension, received.fax.domain, received.fax.transferredPages], ['/var/spool/fax/rx/x.tif', '1001', 'acme.pbx.test', 2]);
  // No fax ran on the leg: nothing to settle.
  assert.is(faxResultOfCdr(leg({})), undefined);
});

test.run();
