// The scripted ESL scenario that is run once against a real FreeSWITCH (the
// recorder, tests/freeswitch/record-fixtures.ts) and on every test run
// against the simulator (tests/integration/pbx/conformance.test.ts). Only
// the phones differ: sipp devices there, the simulator's script here. Every
// byte in between goes over an EslTap, so the two can be compared frame by
// frame.
import { randomUUID } from 'node:crypto';
import { SUBSCRIPTION } from '../../../server/pbx/connection.ts';
import { contentType, EslTap, frameHeader, jsonEvent, type TapFrame } from './esl-tap.ts';

/** The PBX under test and its phones. */
export interface ScenarioPbx {
  port: number;
  password: string;
  domain: string;
  /** A device of `user` registers for `expires` s; later it unregisters (Expires: 0) or simply goes quiet. */
  register(user: string, expires: number, end: 'unregister' | 'lapse'): Promise<ScenarioDevice>;
  /** A device of `user` that answers the next call to it (registered first). */
  answeringPhone(user: string): Promise<ScenarioDevice>;
  /**
   * A phone of `from` dials `to` (whose answering phone is up): the dialplan
   * bridges it, `to` answers, and after `holdMs` the caller hangs up.
   * Resolves when the caller's side is done.
   */
  phoneCall(from: string, to: string, holdMs: number): Promise<void>;
  /**
   * A phone of `from` dials the queue `queue` (name@domain) and is held
   * there until mod_callcenter bridges it to an available agent, whose
   * answering phone is up; `holdMs` after that the caller hangs up.
   */
  queueCall(from: string, queue: string, holdMs: number): Promise<void>;
  /** How long sofia may take to expire a device of `expires` s (the simulator expires it at once). */
  expiryWaitMs(expires: number): number;
}

export interface ScenarioDevice {
  /** Unregisters now (or lets the lapsing device go quiet); resolves once it has. */
  end(): Promise<void>;
  close(): Promise<void>;
}

/** Every step's frames, in the order they arrived. */
export type Recording = Record<string, TapFrame[]>;

/**
 * The users the scenario's phones are (demo seed, Acme: 1001-1008 are people,
 * 1006 an agent of the billing queue, 1008's phone the one an admin drops
 * with flush_inbound_reg; 1009 is spare and never registers).
 */
export const USERS = { caller: '1001', leaver: '1002', lapser: '1003', dialler: '1005', callee: '1004', agent: '1006', flushed: '1008', absent: '1009' };
const FLUSHED_EXPIRES_S = 120;
const LAPSE_EXPIRES_S = 10;

const isEvent = (name: string, subclass?: string) => (e: Record<string, string>) =>
  e['Event-Name'] === name && (subclass === undefined || e['Event-Subclass'] === subclass);

async function authed(pbx: ScenarioPbx): Promise<EslTap> {
  const tap = await EslTap.open(pbx.port);
  await tap.next((f) => contentType(f) === 'auth/request', 5000, 'auth/request');
  const reply = await tap.command(`auth ${pbx.password}`);
  if (frameHeader(reply, 'Reply-Text') !== '+OK accepted') throw new Error(`auth refused: ${JSON.stringify(reply)}`);
  return tap;
}

/** Replies to a list of commands on one connection, one step each. */
async function commands(tap: EslTap, rec: Recording, prefix: string, list: [step: string, command: string][]) {
  for (const [step, command] of list) rec[`${prefix}/${step}`] = [await tap.command(command)];
}

/** Mod_event_socket's own words: auth, pre-auth commands, and the listener commands we send or might. */
export async function wireScenario(pbx: ScenarioPbx): Promise<Recording> {
  const rec: Recording = {};
  // Commands before auth: answered, the connection stays, auth still works.
  const early = await EslTap.open(pbx.port);
  rec['pre-auth/greeting'] = [await early.next(() => true, 5000, 'auth/request')];
  await commands(early, rec, 'pre-auth', [
    ['api', 'api status'],
    ['event', 'event json ALL'],
    ['filter', 'filter Event-Name HEARTBEAT'],
    ['unknown', 'frobnicate'],
    ['auth', `auth ${pbx.password}`],
  ]);
  early.close();

  // A wrong password: refused, then the line is closed.
  const wrong = await EslTap.open(pbx.port);
  await wrong.next(() => true, 5000, 'auth/request');
  rec['wrong-password/reply'] = [await wrong.command('auth not-the-password')];
  await waitClosed(wrong);
  rec['wrong-password/after'] = wrong.untaken();
  wrong.close();

  const tap = await authed(pbx);
  await commands(tap, rec, 'listener', [
    ['linger', 'linger'],
    ['linger-seconds', 'linger 30'],
    ['nolinger', 'nolinger'],
    ['nolog', 'nolog'],
    ['noevents-unsubscribed', 'noevents'],
    ['event-unknown-name', 'event json FROBNICATE'],
    ['event-unknown-and-known', 'event plain FROBNICATE HEARTBEAT'],
    ['event-custom-only-subclass', 'event json CUSTOM frob::nicate'],
    ['noevents', 'noevents'],
    ['subscription', SUBSCRIPTION],
    ['filter-add', 'filter Event-Name HEARTBEAT'],
    ['filter-add-word', 'filter add Event-Name CUSTOM'],
    ['filter-delete', 'filter delete Event-Name HEARTBEAT'],
    ['filter-delete-name', 'filter delete Event-Name'],
    ['filter-delete-all', 'filter delete all'],
    ['filter-no-value', 'filter Event-Name'],
    ['unknown-command', 'frobnicate'],
    ['api-unknown', 'api frobnicate now'],
    // A bgapi's BACKGROUND_JOB comes only to a connection subscribed to it.
    ['event-background-job', 'event json BACKGROUND_JOB'],
  ]);
  tap.send('bgapi status');
  const accepted = await tap.next((f) => contentType(f) === 'command/reply', 5000, 'the bgapi reply');
  const job = frameHeader(accepted, 'Job-UUID');
  rec['listener/bgapi'] = [accepted, await tap.event((e) => isEvent('BACKGROUND_JOB')(e) && e['Job-UUID'] === job, 10_000, 'BACKGROUND_JOB')];
  rec['listener/exit'] = [await tap.command('exit')];
  await waitClosed(tap);
  rec['listener/after-exit'] = tap.untaken().filter((f) => contentType(f) !== 'text/event-json');
  tap.close();
  return rec;
}

/** Registrations, a call and the API commands Switchboard sends, with the events our subscription delivers. */
export async function pbxScenario(pbx: ScenarioPbx): Promise<Recording> {
  const rec: Recording = {};
  const events = await authed(pbx);
  await events.command('noevents');
  rec['subscribe'] = [await events.command(SUBSCRIPTION)];
  // The same event as `event plain` writes it: values URL-encoded (json's are raw).
  const plain = await authed(pbx);
  rec['subscribe-plain'] = [await plain.command('event plain CUSTOM sofia::unregister')];
  const api = await authed(pbx);
  rec['subscribe-background-job'] = [await api.command('event json BACKGROUND_JOB')];
  const d = pbx.domain;
  rec['api/show-registrations-empty'] = [await api.command('api show registrations as json')];

  // One device that will lapse; it is registered first, as sofia takes a minute past its expiry.
  const lapser = await pbx.register(USERS.lapser, LAPSE_EXPIRES_S, 'lapse');
  const lapseStart = Date.now();
  rec['event/register'] = [await events.event((e) => isEvent('CUSTOM', 'sofia::register')(e) && e['from-user'] === USERS.lapser, 15_000, 'sofia::register')];
  await lapser.end();

  const leaver = await pbx.register(USERS.leaver, 120, 'unregister');
  await events.event((e) => isEvent('CUSTOM', 'sofia::register')(e) && e['from-user'] === USERS.leaver, 15_000, 'sofia::register of the leaver');
  rec['api/show-registrations'] = [await api.command('api show registrations as json')];
  rec['api/show-registrations-text'] = [await api.command('api show registrations')];
  await leaver.end();
  rec['event/unregister'] = [await events.event(isEvent('CUSTOM', 'sofia::unregister'), 15_000, 'sofia::unregister')];
  rec['event/unregister-plain'] = [await plain.next((f) => contentType(f) === 'text/event-plain', 15_000, 'sofia::unregister, plain')];
  plain.close();
  await leaver.close();

  // A call FreeSWITCH places to a phone that answers, as follow-me and click-to-call do.
  const phone = await pbx.answeringPhone(USERS.caller);
  await events.event((e) => isEvent('CUSTOM', 'sofia::register')(e) && e['from-user'] === USERS.caller, 15_000, 'sofia::register of the phone');
  const uuid = randomUUID();
  api.send(`bgapi originate {origination_uuid=${uuid},origination_caller_id_number=1007,origination_caller_id_name=Conformance}user/${USERS.caller}@${d} &park`);
  const accepted = await api.next((f) => contentType(f) === 'command/reply', 5000, 'the bgapi reply');
  const job = frameHeader(accepted, 'Job-UUID');
  const created = await events.event((e) => isEvent('CHANNEL_CREATE')(e) && e['Unique-ID'] === uuid, 15_000, 'CHANNEL_CREATE');
  const background = await api.next((f) => jsonEvent(f)?.['Job-UUID'] === job, 30_000, 'BACKGROUND_JOB of the originate');
  const answered = await events.event((e) => isEvent('CHANNEL_ANSWER')(e) && e['Unique-ID'] === uuid, 1000, `CHANNEL_ANSWER (the originate said ${jsonEvent(background)?._body})`);
  rec['event/channel-create'] = [created];
  rec['event/channel-answer'] = [answered];
  rec['api/bgapi-originate'] = [accepted, background];
  rec['api/show-channels'] = [await api.command('api show channels as json')];
  rec['api/uuid-exists-live'] = [await api.command(`api uuid_exists ${uuid}`)];
  rec['api/uuid-kill'] = [await api.command(`api uuid_kill ${uuid}`)];
  rec['event/channel-hangup-complete'] = [
    await events.event((e) => isEvent('CHANNEL_HANGUP_COMPLETE')(e) && e['Unique-ID'] === uuid, 15_000, 'CHANNEL_HANGUP_COMPLETE'),
  ];
  rec['api/uuid-exists-gone'] = [await api.command(`api uuid_exists ${uuid}`)];
  // FreeSWITCH updates its channels table through a queue: the row outlives the hangup event a while.
  let empty = await api.command('api show channels as json');
  for (let i = 0; i < 50 && !empty.body.startsWith('{"row_count": 0}'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    empty = await api.command('api show channels as json');
  }
  rec['api/show-channels-empty'] = [empty];
  await phone.end();
  await phone.close();

  // A phone calls another through our dialplan: the caller's leg (inbound) and the leg rung to the callee (outbound).
  const callee = await pbx.answeringPhone(USERS.callee);
  await events.event((e) => isEvent('CUSTOM', 'sofia::register')(e) && e['from-user'] === USERS.callee, 15_000, 'sofia::register of the callee');
  const phoneCall = pbx.phoneCall(USERS.dialler, USERS.callee, 1500);
  const leg = (name: string, direction: string) => (e: Record<string, string>) =>
    isEvent(name)(e) && e['Call-Direction'] === direction && e['Caller-Destination-Number'] === USERS.callee;
  for (const [direction, label] of [['inbound', 'caller'], ['outbound', 'callee']] as const) {
    rec[`event/${label}-leg-create`] = [await events.event(leg('CHANNEL_CREATE', direction), 15_000, `CHANNEL_CREATE of the ${label}'s leg`)];
  }
  for (const [direction, label] of [['outbound', 'callee'], ['inbound', 'caller']] as const) {
    rec[`event/${label}-leg-answer`] = [await events.event(leg('CHANNEL_ANSWER', direction), 15_000, `CHANNEL_ANSWER of the ${label}'s leg`)];
  }
  await phoneCall;
  for (const [direction, label] of [['inbound', 'caller'], ['outbound', 'callee']] as const) {
    rec[`event/${label}-leg-hangup-complete`] = [await events.event(leg('CHANNEL_HANGUP_COMPLETE', direction), 15_000, `CHANNEL_HANGUP_COMPLETE of the ${label}'s leg`)];
  }
  await callee.close();

  await commands(api, rec, 'api', [
    ['originate-not-registered', `api originate user/${USERS.absent}@${d} &park`],
    ['originate-no-user', `api originate user/4999@${d} &park`],
    ['originate-no-gateway', 'api originate sofia/gateway/no-such-gateway/5551234 &park'],
    ['xml-flush-cache', `api xml_flush_cache id ${USERS.caller} ${d}`],
    ['callcenter-queue-list', 'api callcenter_config queue list'],
    ['callcenter-agent-unknown', "api callcenter_config agent set status nobody@nowhere 'Available'"],
    ['callcenter-queue-unknown-agents', 'api callcenter_config queue list agents no-such-queue'],
  ]);
  // The first queue listed, read the way callcenter-resync.ts reads every queue.
  const queue = /\n([^|\n]+)\|/.exec(rec['api/callcenter-queue-list']![0]!.body)?.[1];
  if (queue) {
    await commands(api, rec, 'api', [
      ['callcenter-queue-agents', `api callcenter_config queue list agents ${queue}`],
      ['callcenter-queue-members', `api callcenter_config queue list members ${queue}`],
      ['callcenter-queue-tiers', `api callcenter_config queue list tiers ${queue}`],
    ]);
    // What callcenter-provision.ts sends to make mod_callcenter match our database.
    const agent = `conformance@${d}`;
    await commands(api, rec, 'api', [
      ['callcenter-agent-list', 'api callcenter_config agent list'],
      ['callcenter-agent-add', `api callcenter_config agent add ${agent} callback`],
      ['callcenter-agent-add-again', `api callcenter_config agent add ${agent} callback`],
      ['callcenter-agent-add-bad-type', `api callcenter_config agent add other-${agent} telepathy`],
      ['callcenter-agent-set-contact', `api callcenter_config agent set contact ${agent} user/${USERS.absent}@${d}`],
      ['callcenter-agent-set-max-no-answer', `api callcenter_config agent set max_no_answer ${agent} 3`],
      ['callcenter-agent-set-bad-key', `api callcenter_config agent set colour ${agent} blue`],
      ['callcenter-tier-add', `api callcenter_config tier add ${queue} ${agent} 1 9`],
      ['callcenter-tier-add-again', `api callcenter_config tier add ${queue} ${agent} 1 9`],
      ['callcenter-tier-add-no-queue', `api callcenter_config tier add no-such-queue@${d} ${agent} 1 1`],
      ['callcenter-tier-add-no-agent', `api callcenter_config tier add ${queue} nobody@${d} 1 1`],
      ['callcenter-tier-set-level', `api callcenter_config tier set level ${queue} ${agent} 2`],
      ['callcenter-tier-set-position-missing', `api callcenter_config tier set position ${queue} nobody@${d} 2`],
      ['callcenter-tier-del', `api callcenter_config tier del ${queue} ${agent}`],
      ['callcenter-agent-del', `api callcenter_config agent del ${agent}`],
      ['callcenter-queue-load-unknown', `api callcenter_config queue load no-such-queue@${d}`],
      ['callcenter-queue-reload', `api callcenter_config queue reload ${queue}`],
    ]);
    await queueCall(pbx, rec, events, api, queue);
  }
  await commands(api, rec, 'api', [
    ['global-getvar-late-margin', 'api global_getvar sip_expires_late_margin'],
    ['global-getvar-unset', 'api global_getvar no_such_variable_at_all'],
  ]);
  api.send('bgapi originate sofia/gateway/no-such-gateway/5551234 &park');
  const refused = await api.next((f) => contentType(f) === 'command/reply', 5000, 'the bgapi reply');
  const refusedJob = frameHeader(refused, 'Job-UUID');
  rec['api/bgapi-originate-no-gateway'] = [refused, await api.next((f) => jsonEvent(f)?.['Job-UUID'] === refusedJob, 15_000, 'BACKGROUND_JOB of the failed originate')];

  // The lapsed device: sofia::expire once its expiry (plus sofia's margin) has passed.
  const left = pbx.expiryWaitMs(LAPSE_EXPIRES_S) - (Date.now() - lapseStart);
  rec['event/expire'] = [
    await events.event((e) => isEvent('CUSTOM', 'sofia::expire')(e) && [e['user'], e['username'], e['from-user']].includes(USERS.lapser), Math.max(left, 0) + 30_000, 'sofia::expire'),
  ];
  await lapser.close();
  await flushScenario(pbx, rec, events, api);
  rec['event/heartbeat'] = [await events.event(isEvent('HEARTBEAT'), 25_000, 'HEARTBEAT')];
  api.close();
  events.close();
  return rec;
}

/**
 * An admin drops a phone (server/pbx/commands.ts): `flush_inbound_reg
 * user@domain` deletes sofia's rows and fires sofia::expire, while the core's
 * table (`show registrations`) keeps the row until it expires; the resync
 * reads sofia's own table (`sofia xmlstatus … reg`, server/pbx/resync.ts) to
 * tell them apart. Run last, when the phones that answered calls are still
 * registered (Expires 300) and the lapsed device is gone.
 */
async function flushScenario(pbx: ScenarioPbx, rec: Recording, events: EslTap, api: EslTap) {
  const user = USERS.flushed;
  const device = await pbx.register(user, FLUSHED_EXPIRES_S, 'lapse');
  const registered = jsonEvent(await events.event((e) => isEvent('CUSTOM', 'sofia::register')(e) && e['from-user'] === user, 15_000, 'sofia::register of the flushed phone'))!;
  // The core writes its table through a queue: wait until it holds the row, so that "still there" after the flush means kept.
  for (let i = 0; i < 50 && !(await api.command('api show registrations as json')).body.includes(registered['call-id']!); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  rec['api/sofia-xmlstatus-reg'] = [await api.command('api sofia xmlstatus profile internal reg')];
  rec['api/sofia-flush-inbound-reg'] = [await api.command(`api sofia profile internal flush_inbound_reg ${user}@${pbx.domain}`)];
  rec['event/flush-expire'] = [await events.event((e) => isEvent('CUSTOM', 'sofia::expire')(e) && e['call-id'] === registered['call-id'], 15_000, 'sofia::expire of the flushed phone')];
  rec['api/show-registrations-after-flush'] = [await api.command('api show registrations as json')];
  rec['api/sofia-xmlstatus-reg-after-flush'] = [await api.command('api sofia xmlstatus profile internal reg')];
  await commands(api, rec, 'api', [
    ['sofia-flush-inbound-reg-no-match', `api sofia profile internal flush_inbound_reg ${USERS.absent}@${pbx.domain}`],
    ['sofia-flush-inbound-reg-no-profile', `api sofia profile nosuch flush_inbound_reg ${user}@${pbx.domain}`],
    ['sofia-xmlstatus-no-profile', 'api sofia xmlstatus profile nosuch reg'],
  ]);
  // Its REGISTER was answered (sipp is done); the simulator's device has nothing left to expire.
  await device.end();
  await device.close();
}

/**
 * One caller through mod_callcenter: its agent (a tier of `queue`) set
 * Available over ESL, the caller queued, offered, bridged, done; the first
 * callcenter::info of each CC-Action for that queue is kept.
 */
async function queueCall(pbx: ScenarioPbx, rec: Recording, events: EslTap, api: EslTap, queue: string) {
  const agent = `${USERS.agent}@${pbx.domain}`;
  const phone = await pbx.answeringPhone(USERS.agent);
  await events.event((e) => isEvent('CUSTOM', 'sofia::register')(e) && e['from-user'] === USERS.agent, 15_000, "sofia::register of the agent's phone");
  const cc = (action: string) => (e: Record<string, string>) => isEvent('CUSTOM', 'callcenter::info')(e) && e['CC-Action'] === action;
  rec['api/callcenter-agent-set-status'] = [await api.command(`api callcenter_config agent set status ${agent} 'Available'`)];
  rec['event/cc-agent-status-change'] = [await events.event((e) => cc('agent-status-change')(e) && e['CC-Agent'] === agent, 10_000, 'agent-status-change')];
  const call = pbx.queueCall(USERS.dialler, queue, 2000);
  const ofQueue = (action: string) => (e: Record<string, string>) => cc(action)(e) && e['CC-Queue'] === queue;
  for (const action of ['member-queue-start', 'members-count', 'agent-offering', 'bridge-agent-start']) {
    rec[`event/cc-${action}`] = [await events.event(ofQueue(action), 30_000, action)];
  }
  rec['event/cc-agent-state-change'] = [await events.event((e) => cc('agent-state-change')(e) && e['CC-Agent'] === agent, 10_000, 'agent-state-change')];
  await call;
  for (const action of ['bridge-agent-end', 'member-queue-end']) {
    rec[`event/cc-${action}`] = [await events.event(ofQueue(action), 15_000, action)];
  }
  await api.command(`api callcenter_config agent set status ${agent} 'Logged Out'`);
  await phone.close();
}

async function waitClosed(tap: EslTap) {
  const until = Date.now() + 3000;
  while (!tap.closed && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}
