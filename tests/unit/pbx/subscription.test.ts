// One source for the lists that must match: what connection.ts subscribes
// to is what parse.ts parses (its PARSED_EVENTS), every PbxEvent kind comes
// from a subscribed event (or from connection.ts itself), and every kind has
// somewhere to go: LiveStore routes it to a tenant, or a named server file
// reads it off pbx.onEvent. KINDS is a Record over PbxEvent['kind'], so a new
// kind does not compile until it says where it comes from and goes.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LiveStore } from '../../../server/live/store.ts';
import type { LiveEvent } from '../../../server/live/reduce.ts';
import { SUBSCRIPTION } from '../../../server/pbx/connection.ts';
import { DND_HEADERS, DND_SUBCLASS } from '../../../server/pbx/dnd-event.ts';
import type { PbxEvent } from '../../../server/pbx/events.ts';
import { PARSED_EVENTS, parseBackgroundJobEvent, parseEvent } from '../../../server/pbx/parse.ts';

type Headers = Record<string, string>;
/** An ESL event as FreeSWITCH would send it (event json: raw values), with the body for BACKGROUND_JOB. */
type Sample = { headers: Headers; body?: string };
/** Who reads a kind: LiveStore (routed to the tenant), a server file that takes it off pbx.onEvent, or nobody, with why. */
type Consumer = 'live' | `server/${string}.ts` | { unused: string };

const DOMAIN = 'acme.pbx.test';
const AT = '1764633600000000';
const custom = (subclass: string, headers: Headers): Sample => ({
  headers: { 'Event-Name': 'CUSTOM', 'Event-Subclass': subclass, 'Event-Date-Timestamp': AT, ...headers },
});
const named = (name: string, headers: Headers, body?: string): Sample => ({
  headers: { 'Event-Name': name, 'Event-Date-Timestamp': AT, ...headers },
  ...(body !== undefined && { body }),
});
const leg = { 'Unique-ID': 'leg-1', 'Call-Direction': 'inbound', variable_domain_name: DOMAIN, variable_user_name: '1001' };
const fax = { 'Unique-ID': 'fax-1', 'fax-success': '1', variable_domain_name: DOMAIN };
const cc = (action: string, headers: Headers = {}) =>
  custom('callcenter::info', {
    'CC-Action': action,
    'CC-Queue': `sales@${DOMAIN}`,
    'CC-Agent': `1001@${DOMAIN}`,
    'CC-Member-UUID': 'member-1',
    ...headers,
  });

const KINDS: Record<PbxEvent['kind'], { from: Sample[] | 'connection.ts'; to: Consumer[] }> = {
  registered: { from: [custom('sofia::register', { 'from-user': '1001', 'from-host': DOMAIN, 'call-id': 'c-1', expires: '300' })], to: ['live'] },
  unregistered: {
    from: [
      custom('sofia::unregister', { 'from-user': '1001', 'from-host': DOMAIN, 'call-id': 'c-1' }),
      custom('sofia::expire', { user: '1001', host: DOMAIN, 'call-id': 'c-1' }),
    ],
    to: ['live'],
  },
  'channel-created': { from: [named('CHANNEL_CREATE', leg)], to: ['live'] },
  'channel-answered': { from: [named('CHANNEL_ANSWER', leg)], to: ['live'] },
  'channel-hangup-complete': {
    from: [named('CHANNEL_HANGUP_COMPLETE', leg)],
    to: ['live', 'server/cdr/service.ts', 'server/fax/send-queue.ts'],
  },
  heartbeat: {
    from: [named('HEARTBEAT', { 'Uptime-msec': '1000', 'Session-Count': '0' })],
    to: [{ unused: 'parsed and subscribed (an event every 20 s on a quiet link), but nothing reads it yet' }],
  },
  'txfax-result': { from: [custom('spandsp::txfaxresult', fax)], to: ['server/fax/send-queue.ts'] },
  'rxfax-result': { from: [custom('spandsp::rxfaxresult', fax)], to: ['server/fax/service.ts'] },
  'background-job': {
    from: [named('BACKGROUND_JOB', { 'Job-UUID': 'job-1', 'Job-Command': 'originate' }, '-ERR INVALID_GATEWAY\n')],
    to: ['server/fax/send-queue.ts'],
  },
  'dnd-dialled': {
    from: [custom(DND_SUBCLASS, { [DND_HEADERS.user]: '1001', [DND_HEADERS.domain]: DOMAIN, [DND_HEADERS.dnd]: 'on' })],
    to: ['server/settings/dnd.ts'],
  },
  'agent-status-change': { from: [cc('agent-status-change', { 'CC-Agent-Status': 'Available' })], to: ['live'] },
  'agent-state-change': { from: [cc('agent-state-change', { 'CC-Agent-State': 'Waiting' })], to: ['live'] },
  'agent-offering': { from: [cc('agent-offering')], to: ['live'] },
  'bridge-agent-start': { from: [cc('bridge-agent-start')], to: ['live'] },
  'bridge-agent-end': { from: [cc('bridge-agent-end')], to: ['live'] },
  'bridge-agent-fail': { from: [cc('bridge-agent-fail')], to: ['live'] },
  'member-queue-start': { from: [cc('member-queue-start'), cc('member-queue-resume')], to: ['live'] },
  'member-queue-end': { from: [cc('member-queue-end', { 'CC-Cause': 'Cancel' })], to: ['live'] },
  'members-count': { from: [cc('members-count', { 'CC-Count': '1' })], to: ['live'] },
  'message-waiting': {
    from: [
      named('MESSAGE_WAITING', { 'MWI-Messages-Waiting': 'yes', 'Update-Reason': 'NEW', 'MWI-Message-Account': `1001@${DOMAIN}`, 'MWI-Voice-Message': '1/0' }),
      // mod_voicemail answering a phone's MESSAGE_QUERY for an empty box.
      named('MESSAGE_WAITING', { 'MWI-Messages-Waiting': 'no', 'MWI-Message-Account': `sip:1001@${DOMAIN}` }),
    ],
    to: ['live'],
  },
  resync: { from: 'connection.ts', to: ['live'] },
  link: { from: 'connection.ts', to: ['live', 'server/fax/service.ts'] },
};

/** Made by connection.ts itself, not parsed: what each looks like. */
const MADE: Partial<Record<PbxEvent['kind'], PbxEvent>> = {
  resync: { kind: 'resync', at: 1, registrations: [], channels: [] },
  link: { kind: 'link', at: 1, up: true },
};

const parse = (s: Sample): PbxEvent | undefined => {
  const header = (name: string) => s.headers[name];
  return parseEvent(header) ?? parseBackgroundJobEvent(header, s.body ?? '');
};

const entries = Object.entries(KINDS) as [PbxEvent['kind'], (typeof KINDS)[PbxEvent['kind']]][];
const words = SUBSCRIPTION.split(' ');

test('the subscription is built from what parse.ts parses, and is the string FreeSWITCH was recorded with', () => {
  assert.is(SUBSCRIPTION, ['event json', ...PARSED_EVENTS.names, 'CUSTOM', ...PARSED_EVENTS.subclasses].join(' '));
  // tests/fixtures/freeswitch/voicemail.json was recorded from FreeSWITCH 1.10.12 with this command; wire.json and
  // pbx.json with it before MESSAGE_WAITING joined (FreeSWITCH's +OK does not name the events: re-recorded, they agree).
  assert.is(
    SUBSCRIPTION,
    'event json CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE HEARTBEAT MESSAGE_WAITING BACKGROUND_JOB CUSTOM sofia::register sofia::unregister sofia::expire callcenter::info spandsp::txfaxresult spandsp::rxfaxresult switchboard::dnd',
  );
});

test('every parsed kind parses from a subscribed event', () => {
  for (const [kind, { from }] of entries) {
    if (from === 'connection.ts') continue;
    for (const sample of from) {
      const { 'Event-Name': name, 'Event-Subclass': subclass } = sample.headers;
      const what = `${kind} from ${name}${subclass ? ` ${subclass}` : ''}`;
      assert.ok(PARSED_EVENTS.names.includes(name!) || (name === 'CUSTOM' && PARSED_EVENTS.subclasses.includes(subclass!)), `${what}: not in PARSED_EVENTS`);
      assert.ok(words.includes(subclass ?? name!), `${what}: not subscribed`);
      assert.is(parse(sample)?.kind, kind, what);
    }
  }
});

test('every subscribed event is the source of some kind (nothing subscribed for nobody)', () => {
  const sources = entries.flatMap(([, { from }]) => (from === 'connection.ts' ? [] : from.map((s) => s.headers['Event-Subclass'] ?? s.headers['Event-Name'])));
  for (const word of [...PARSED_EVENTS.names, ...PARSED_EVENTS.subclasses]) assert.ok(sources.includes(word), `${word} is subscribed and parsed, but no kind in KINDS comes from it`);
  // And a table lookup cannot be fooled by Object.prototype.
  assert.is(parseEvent((n) => ({ 'Event-Name': 'constructor' })[n]), undefined);
  assert.is(parseEvent((n) => ({ 'Event-Name': 'CUSTOM', 'Event-Subclass': 'toString' })[n]), undefined);
});

test('every kind is routed: LiveStore takes it to the tenant, or a server file reads it', () => {
  const store = new LiveStore([
    { id: 't-acme', name: 'Acme', domain: DOMAIN, credit: '0', currency: 'EUR', queues: 1, extensions: [{ number: '1001', dnd: false }], queueNames: ['sales'] },
  ]);
  const route = (event: LiveEvent) => [...(store as unknown as { route(e: LiveEvent): Iterable<unknown> }).route(event)];
  // channel-answered carries only a UUID: the store knows the leg from its CHANNEL_CREATE.
  store.ingest(parse(KINDS['channel-created'].from[0] as Sample)!);
  let unused = 0;
  for (const [kind, { from, to }] of entries) {
    const events = from === 'connection.ts' ? [MADE[kind]!] : from.map((s) => parse(s)!);
    for (const event of events) assert.is(route(event).length, to.includes('live') ? 1 : 0, `${kind}: LiveStore routes it ${to.includes('live') ? 'to its tenant' : 'nowhere'}`);
    for (const consumer of to) {
      if (consumer === 'live') continue;
      if (typeof consumer === 'object') {
        unused++;
        assert.ok(consumer.unused.length > 10, `${kind}: say why nothing reads it`);
        continue;
      }
      const source = readFileSync(new URL(`../../../${consumer}`, import.meta.url), 'utf8');
      assert.ok(source.includes(`'${kind}'`), `${consumer} does not read ${kind}`);
    }
  }
  // Only the heartbeat goes unread today; another kind nobody reads is a mistake until it says why.
  assert.is(unused, 1);
});

test.run();
