import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeValue, plainHeaders } from '../../../server/pbx/headers.ts';
import { parseBackgroundJob, parseEvent } from '../../../server/pbx/parse.ts';
import type { PbxEvent } from '../../../server/pbx/events.ts';
import { fixture, fixtureNames } from './fixtures.ts';
import { FAX_CALL_VARIABLE } from '../../../server/pbx/fax.ts';

const parse = (name: string) => parseEvent(plainHeaders(fixture(name)).header);

/** What each capture must parse to; every fixture file must be listed. */
const expectations: Record<string, (event: PbxEvent | undefined) => void> = {
  'sofia-register__python-esl-tests.plain': (e) => {
    assert.equal(e, {
      kind: 'registered',
      at: 1245190546126571,
      registration: {
        user: '1000',
        // from-host: the To header's host, which sofia keys the registration on
        // (show registrations' realm column); realm is only the digest's.
        domain: '192.168.1.15',
        callId: '002D61B2-5F3A-DD11-BF4B-00132019B750@192.168.1.23',
        // The Contact header's URI, as show registrations' url has it.
        contact: 'sip:1000@192.168.1.23:5060;fs_nat=yes;fs_path=sip%3A1000%40192.168.1.23%3A5060',
        networkIp: '192.168.1.23',
        networkPort: 5060,
        userAgent: 'SIPPER for PhonerLite',
        expiresAt: 1245190546 + 900,
      },
    });
  },
  'channel-create__python-esl-tests.decoded': (e) => {
    assert.equal(e, {
      kind: 'channel-created',
      at: 1422468044671081,
      channel: {
        uuid: 'd0b1da34-a727-11e4-9728-6f83a2e5e50a',
        direction: 'inbound',
        domain: '192.168.50.4',
        extension: '100',
        callerIdName: 'edev - 100',
        callerIdNumber: '100',
        destination: '101',
        answeredAt: 0,
        createdAt: 1422468044671081,
      },
    });
  },
  'channel-hangup-complete__cgrates-capture.plain': (e) => {
    assert.equal(e, {
      kind: 'channel-hangup-complete',
      at: 1436280794030635,
      channel: {
        uuid: 'e3133bf7-dcde-4daf-9663-9a79ffcef5ad',
        direction: 'inbound',
        domain: 'cgrates.org',
        extension: '1001',
        callerIdName: '1001',
        callerIdNumber: '1001',
        destination: '1003',
        answeredAt: 1436280728971147,
        createdAt: 1436280728471153,
      },
      hangupCause: 'NORMAL_CLEARING',
      endedAt: 1436280794010851,
      billsec: 66,
      // The A-leg of 1001 calling 1003: outbound from 1001's point of view.
      cdr: {
        uuid: 'e3133bf7-dcde-4daf-9663-9a79ffcef5ad',
        direction: 'outbound',
        domain: 'cgrates.org',
        extension: '1001',
        callerIdName: '1001',
        callerIdNumber: '1001',
        destination: '1003',
        startedAt: 1436280728471153,
        answeredAt: 1436280728971147,
        endedAt: 1436280794010851,
        duration: 66,
        billsec: 66,
        hangupCause: 'NORMAL_CLEARING',
        readCodec: 'SPEEX',
        writeCodec: 'SPEEX',
        sipCallId: 'r3xaJ8CLpyTAIHWUZG7gtZQYgAPEGf9S',
        recordingPath: undefined,
        // This older FreeSWITCH set only the MOS of its rtp_audio_in_* figures.
        quality: { mos: 4.5, qualityPercentage: 0, packetsIn: 0, packetsOut: 0, skipPacketsIn: 0, flawsIn: 0, jitterMinVariance: 0, jitterMaxVariance: 0, jitterLossRate: 0, jitterBurstRate: 0 },
      },
    });
  },
  'heartbeat__python-esl-tests.plain': (e) => {
    assert.equal(e, { kind: 'heartbeat', at: 1421679979428652, uptimeMs: 147194552, sessions: 0 });
  },
  // BACKGROUND_JOB is not a live-state event; parseBackgroundJob reads it (below).
  'background-job__python-esl-tests.frame': (e) => assert.is(e, undefined),
};
// mod_callcenter's documented examples carry no Event-Date-Timestamp: `at` is 0.
const member = { uuid: '453324f8-3424-4322-4242362fd23d', cidName: 'Their Name', cidNumber: '555-555-5555', joinedAt: 9000 };
const cc: Record<string, unknown> = {
  'callcenter-agent-status-change__mod_callcenter-docs.decoded': { kind: 'agent-status-change', at: 0, agent: '1000@default', status: 'Available' },
  'callcenter-agent-state-change__mod_callcenter-docs.decoded': { kind: 'agent-state-change', at: 0, agent: '1000@default', state: 'Receiving' },
  'callcenter-agent-offering__mod_callcenter-docs.decoded': {
    kind: 'agent-offering',
    at: 0,
    queue: 'support@default',
    agent: 'AgentNameHere',
    // No joined time in agent-offering: the event's own time stands in.
    member: { ...member, cidName: 'CHOUINARD MO', cidNumber: '4385551212', joinedAt: 0 },
  },
  'callcenter-bridge-agent-start__mod_callcenter-docs.decoded': {
    kind: 'bridge-agent-start', at: 0, queue: 'support@default', agent: 'AgentNameHere', member, answeredAt: 10009,
  },
  'callcenter-bridge-agent-end__mod_callcenter-docs.decoded': { kind: 'bridge-agent-end', at: 0, queue: 'support@default', agent: 'AgentNameHere', member, endedAt: 10500 },
  'callcenter-bridge-agent-fail__mod_callcenter-docs.decoded': {
    kind: 'bridge-agent-fail', at: 0, queue: 'support@default', agent: 'AgentNameHere', member: { ...member, joinedAt: 0 }, hangupCause: 'CHECK FS HANGUP CAUSE',
  },
  'callcenter-member-queue-start__mod_callcenter-docs.decoded': {
    kind: 'member-queue-start', at: 0, queue: 'support@default', member: { ...member, cidName: 'CHOUINARD MO', cidNumber: '4385551212', joinedAt: 0 },
  },
  'callcenter-member-queue-end-cancel__mod_callcenter-docs.decoded': {
    kind: 'member-queue-end', at: 0, queue: 'support@default', member: { ...member, cidName: 'Marc O Robinson', cidNumber: '5145551212' },
    cause: 'Cancel', cancelReason: 'TIMEOUT', agent: undefined, leftAt: 10050,
  },
  'callcenter-member-queue-end-terminated__mod_callcenter-docs.decoded': {
    kind: 'member-queue-end', at: 0, queue: 'support@default', member: { ...member, cidName: 'CHOUINARD MO', cidNumber: '4385551212' },
    cause: 'Terminated', cancelReason: undefined, agent: undefined, leftAt: 10100, answeredAt: 10009,
  },
  'callcenter-members-count__mod_callcenter-docs.decoded': { kind: 'members-count', at: 0, queue: 'support@default', count: 1 },
};
for (const [name, expected] of Object.entries(cc)) expectations[name] = (e) => assert.equal(e, expected);

test('every ESL fixture has an expectation', () => {
  const names = fixtureNames();
  assert.ok(names.length >= 15, `found ${names.length} fixtures`);
  for (const name of names) assert.ok(expectations[name], `no expectation for fixture ${name}`);
});

for (const name of fixtureNames()) {
  test(`parses ${name}`, () => {
    const check = expectations[name];
    if (!check) assert.unreachable(`no expectation for ${name}`);
    else check(parse(name));
  });
}

test('background-job frame: job uuid, command and the body', () => {
  const { header, body } = plainHeaders(fixture('background-job__python-esl-tests.frame'));
  assert.equal(parseBackgroundJob(header, body), {
    jobUuid: '7f4db78a-17d7-11dd-b7a0-db4edd065621',
    command: 'originate',
    arg: "sofia/default/1005 '&park'",
    output: '+OK 7f4de4bc-17d7-11dd-b7a0-db4edd065621\n',
  });
});

test('values decode only when encoded, and malformed escapes stay as they are', () => {
  assert.is(decodeValue('sofia%3A%3Aregister'), 'sofia::register');
  assert.is(decodeValue('100% busy'), '100% busy');
  assert.is(decodeValue('plain'), 'plain');
});

test('sofia::register spelled with `status` parses like the `statusd` capture', () => {
  const text = fixture('sofia-register__python-esl-tests.plain').replace('statusd:', 'status:');
  assert.equal(parseEvent(plainHeaders(text).header), parse('sofia-register__python-esl-tests.plain'));
});

test("a hangup is a fax call only with our fax originate's variable (so no other hangup costs a fax query)", () => {
  const plain = fixture('channel-hangup-complete__cgrates-capture.plain');
  const marked = plain.replace('\n', `\nvariable_${FAX_CALL_VARIABLE}: true\n`);
  const e = parseEvent(plainHeaders(marked).header);
  assert.is(e?.kind === 'channel-hangup-complete' && e.faxCall, true);
  const unmarked = parse('channel-hangup-complete__cgrates-capture.plain');
  assert.is(unmarked?.kind === 'channel-hangup-complete' && 'faxCall' in unmarked, false);
});

test('sofia::unregister and sofia::expire', () => {
  // Values as `event json` (and modesl) hand them over: raw, never decoded again.
  const headers = (lines: Record<string, string>) => (name: string) => lines[name];
  assert.equal(
    parseEvent(
      headers({
        'Event-Name': 'CUSTOM',
        'Event-Subclass': 'sofia::unregister',
        'Event-Date-Timestamp': '1700000000000000',
        'from-user': '1001',
        'from-host': 'acme.pbx.test',
        'call-id': 'abc@host',
      }),
    ),
    { kind: 'unregistered', at: 1700000000000000, reason: 'unregister', user: '1001', domain: 'acme.pbx.test', callId: 'abc@host' },
  );
  assert.equal(
    parseEvent(
      headers({
        'Event-Name': 'CUSTOM',
        'Event-Subclass': 'sofia::expire',
        'Event-Date-Timestamp': '1700000000000001',
        user: '1002',
        host: 'acme.pbx.test',
        'call-id': 'def',
      }),
    ),
    { kind: 'unregistered', at: 1700000000000001, reason: 'expire', user: '1002', domain: 'acme.pbx.test', callId: 'def' },
  );
});

test('events we do not use, and events missing their key, give undefined', () => {
  assert.is(parseEvent(() => undefined), undefined);
  assert.is(parseEvent((n) => ({ 'Event-Name': 'CHANNEL_CREATE' })[n]), undefined);
  assert.is(parseEvent((n) => ({ 'Event-Name': 'RE_SCHEDULE' })[n]), undefined);
});

test.run();
