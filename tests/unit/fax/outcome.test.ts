// What a fax attempt's end means, from what FreeSWITCH 1.10.12 really sent
// (recorded from the real-PBX suite, tests/freeswitch/fax.test.ts): a
// BACKGROUND_JOB for an originate through a gateway it does not have, and
// the hangup of a txfax whose file it could not find (no txfaxresult).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hangupOutcome, refusedOutcome } from '../../../server/fax/outcome.ts';
import { refusedOriginate, txfaxOriginate } from '../../../server/pbx/fax.ts';
import { parseBackgroundJobEvent, parseEvent } from '../../../server/pbx/parse.ts';

const lookup = (h: Record<string, string>) => (name: string) => h[name];

const UUID = '6b59b3e7-5fd0-43e1-bfb7-1eb3381b9659';
/** `event json` BACKGROUND_JOB, as FreeSWITCH sent it (_body is what modesl hands over as the body). */
const invalidGateway = {
  'Event-Name': 'BACKGROUND_JOB',
  'Core-UUID': 'a02d2f37-8f24-4286-b20a-6fa944b00b27',
  'Event-Date-Timestamp': '1796160684830459',
  'Event-Calling-File': 'mod_event_socket.c',
  'Event-Calling-Function': 'api_exec',
  'Job-UUID': 'e962fa34-e2bd-4b5b-a368-7034e436d767',
  'Job-Command': 'originate',
  'Job-Command-Arg': `{origination_uuid=${UUID}}sofia/gateway/nosuch/+442079460190 &txfax(/tmp/x.tif)`,
};

test('BACKGROUND_JOB -ERR INVALID_GATEWAY: the fax is Failed at once, naming the gateway', () => {
  const event = parseBackgroundJobEvent(lookup(invalidGateway), '-ERR INVALID_GATEWAY\n');
  assert.ok(event && event.kind === 'background-job');
  const refused = refusedOriginate(event.kind === 'background-job' ? event.job : { command: '', arg: '', output: '' });
  assert.equal(refused, { uuid: UUID, cause: 'INVALID_GATEWAY', gateway: 'nosuch' });
  assert.equal(refusedOutcome(refused!.cause, refused!.gateway), {
    kind: 'failed',
    reason: "The fax gateway 'nosuch' does not exist in FreeSWITCH (FAX_GATEWAY)",
  });
});

test('other refusals keep their meaning: busy is retried, +OK and other commands are not refusals', () => {
  const job = (output: string, command = 'originate', arg = invalidGateway['Job-Command-Arg']) => ({ command, arg, output });
  assert.equal(refusedOutcome(refusedOriginate(job('-ERR USER_BUSY\n'))!.cause, 'carrier'), { kind: 'retry', reason: 'The line was busy' });
  assert.is(refusedOriginate(job(`+OK ${UUID}\n`)), undefined);
  assert.is(refusedOriginate(job('-ERR INVALID_GATEWAY\n', 'status')), undefined);
  assert.is(refusedOriginate(job('-ERR INVALID_GATEWAY\n', 'originate', `{origination_uuid=${UUID}}user/1001@acme.pbx.test &park`)), undefined, 'not a fax');
});

test('our own originate is read back by refusedOriginate (any node can attribute the job)', () => {
  const command = txfaxOriginate({
    uuid: UUID, number: '+442079460190', gateway: 'carrier', tiffPath: '/spool/tiff/x.tif', domain: 'acme.pbx.test',
    ident: '+14155550110', header: 'Acme Support', callerIdName: 'Acme Support', callerIdNumber: '+14155550110',
  });
  assert.match(command, /absolute_codec_string=\^\^:PCMU:PCMA/, 'fax goes over G.711 only');
  const arg = command.replace(/^originate /, '');
  assert.equal(refusedOriginate({ command: 'originate', arg, output: '-ERR INVALID_GATEWAY\n' }), { uuid: UUID, cause: 'INVALID_GATEWAY', gateway: 'carrier' });
});

/** The answered txfax leg that hung up without a txfaxresult: the file was not there. */
const noFileHangup = {
  'Event-Name': 'CHANNEL_HANGUP_COMPLETE',
  'Event-Date-Timestamp': '1796160805199000',
  'Unique-ID': 'fbceb972-d4b2-4c76-a203-fe31b155f2a7',
  'Call-Direction': 'outbound',
  'Hangup-Cause': 'NORMAL_CLEARING',
  'Caller-Destination-Number': '+442079460190',
  'Caller-Channel-Created-Time': '1796160805099000',
  'Caller-Channel-Answered-Time': '1796160805139000',
  'Caller-Channel-Hangup-Time': '1796160805179000',
  variable_current_application: 'txfax',
  variable_current_application_data: '/tmp/nonexist.tif',
  variable_current_application_response: 'Cannot send non-existant fax file',
};

test('an answered fax call that ends without a txfaxresult because the file is missing: Failed, saying so', () => {
  const event = parseEvent(lookup(noFileHangup));
  assert.ok(event && event.kind === 'channel-hangup-complete');
  if (event.kind !== 'channel-hangup-complete') return;
  assert.is(event.applicationResponse, 'Cannot send non-existant fax file');
  const outcome = hangupOutcome({ cause: event.hangupCause, answered: event.channel.answeredAt > 0, applicationResponse: event.applicationResponse, file: '/spool/tiff/x.tif' });
  assert.is(outcome.kind, 'failed');
  assert.match(outcome.kind === 'failed' ? outcome.reason : '', /^The file could not be read: FreeSWITCH cannot find the fax document \(\/spool\/tiff\/x\.tif\); it must share the fax folder \(FAX_SPOOL_DIR\)/);
});

test('hangups before an answer keep the cause words', () => {
  assert.equal(hangupOutcome({ cause: 'NO_ANSWER', answered: false }), { kind: 'retry', reason: 'Nobody answered' });
  assert.equal(hangupOutcome('UNALLOCATED_NUMBER'), { kind: 'failed', reason: 'The number does not exist' });
  assert.equal(hangupOutcome({ cause: 'NORMAL_CLEARING', answered: true }), {
    kind: 'failed',
    reason: 'The phone system answered the fax call but could not send the document',
  });
});

test.run();
