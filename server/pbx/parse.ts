// ESL event headers → typed PbxEvent. Pure: no I/O, no modesl. Values arrive
// as they are: `event json` values are FreeSWITCH's own, raw, and modesl
// URL-decodes `event plain` ones itself (as headers.ts plainHeaders does).
import { callDetail } from './cdr.ts';
import { contactUri } from './contact.ts';
import { parseCallCenter } from './callcenter.ts';
import { DND_HEADERS, DND_SUBCLASS } from './dnd-event.ts';
import { int, reader, splitAddress, type Get, type HeaderLookup } from './headers.ts';
import { fsDirection } from './direction.ts';
import { messageWaiting } from './voicemail.ts';
import { FAX_CALL_VARIABLE } from './fax.ts';
import type { BackgroundJob, Channel, FaxResult, Micros, PbxEvent, Registration } from './events.ts';

/** Event-Date-Timestamp; some recorders spell it Event-Date-timestamp. */
const eventTime = (get: Get): Micros => int(get('Event-Date-Timestamp') ?? get('Event-Date-timestamp'));

function registered(get: Get, at: Micros): PbxEvent | undefined {
  // sofia names the address of record (the To header: whose device it is)
  // from-user/from-host, and the From header to-user/to-host; username/realm
  // are the digest credentials. The AOR is what the registrations table keys
  // on (show registrations: reg_user, realm).
  const user = get('from-user') ?? get('username');
  const domain = get('from-host') ?? get('realm');
  const callId = get('call-id');
  if (!user || !domain || !callId) return undefined;
  // `expires` is the interval the device asked for, counted from the event.
  const registration: Registration = {
    user,
    domain,
    callId,
    contact: contactUri(get('contact') ?? ''),
    networkIp: get('network-ip') ?? '',
    networkPort: int(get('network-port')),
    userAgent: get('user-agent') ?? '',
    expiresAt: Math.floor(at / 1_000_000) + int(get('expires')),
  };
  return { kind: 'registered', at, registration };
}

function unregistered(get: Get, at: Micros, reason: 'unregister' | 'expire'): PbxEvent | undefined {
  // sofia::unregister names the AOR from-user/from-host (its username/realm
  // are the digest's, "unknown" when the REGISTER was not challenged);
  // sofia::expire names it user/host (its realm is the stored digest realm).
  const user = get('from-user') ?? get('user') ?? get('username');
  const domain = get('from-host') ?? get('host') ?? get('realm');
  const callId = get('call-id');
  if (!user || !domain || !callId) return undefined;
  return { kind: 'unregistered', at, reason, user, domain, callId };
}

function channel(get: Get): Channel | undefined {
  const uuid = get('Unique-ID');
  if (!uuid) return undefined;
  const dir = fsDirection(get('Call-Direction') ?? get('Caller-Direction') ?? get('variable_direction'));
  const [presenceUser, presenceHost] = splitAddress(get('variable_presence_id') ?? get('Channel-Presence-ID'));
  // A phone's own leg knows its authenticated user; a leg rung towards a
  // user knows whom it dialled.
  const extension =
    dir === 'inbound'
      ? (get('variable_user_name') ?? get('variable_dialed_user'))
      : (get('variable_dialed_user') ?? get('variable_user_name'));
  return {
    uuid,
    direction: dir,
    domain: get('variable_domain_name') ?? get('variable_dialed_domain') ?? presenceHost,
    extension: extension ?? presenceUser,
    callerIdName: get('Caller-Caller-ID-Name') ?? '',
    callerIdNumber: get('Caller-Caller-ID-Number') ?? '',
    destination: get('Caller-Destination-Number') ?? '',
    answeredAt: int(get('Caller-Channel-Answered-Time')),
    createdAt: int(get('Caller-Channel-Created-Time')),
  };
}

function hangupComplete(get: Get, at: Micros): PbxEvent | undefined {
  const ch = channel(get);
  const cdr = callDetail(get, at);
  if (!ch || !cdr) return undefined;
  const endedAt = int(get('Caller-Channel-Hangup-Time')) || at;
  const billsec = get('variable_billsec');
  const response = get('variable_current_application_response');
  return {
    kind: 'channel-hangup-complete',
    at,
    channel: ch,
    hangupCause: get('Hangup-Cause') ?? get('variable_hangup_cause') ?? 'NORMAL_CLEARING',
    endedAt,
    billsec: billsec !== undefined ? int(billsec) : ch.answeredAt ? Math.round((endedAt - ch.answeredAt) / 1_000_000) : 0,
    cdr,
    // What the last application said when it gave up, e.g. txfax's "Cannot send non-existant fax file".
    ...(response !== undefined && { applicationResponse: response }),
    ...(get(`variable_${FAX_CALL_VARIABLE}`) === 'true' && { faxCall: true as const }),
  };
}

function dndDialled(get: Get, at: Micros): PbxEvent | undefined {
  const user = get(DND_HEADERS.user);
  const domain = get(DND_HEADERS.domain);
  const dnd = get(DND_HEADERS.dnd);
  if (!user || !domain || (dnd !== 'on' && dnd !== 'off')) return undefined;
  return { kind: 'dnd-dialled', at, user, domain, dnd: dnd === 'on' };
}

/** mod_spandsp adds the fax-* headers after the channel's own (switch_channel_event_set_data). */
function faxResult(get: Get): FaxResult | undefined {
  const uuid = get('Unique-ID');
  if (!uuid) return undefined;
  return {
    uuid,
    success: get('fax-success') === '1',
    resultCode: int(get('fax-result-code')),
    resultText: get('fax-result-text') ?? '',
    transferredPages: int(get('fax-document-transferred-pages')),
    totalPages: int(get('fax-document-total-pages')),
    remoteStationId: get('fax-remote-station-id') ?? '',
    domain: get('variable_domain_name') ?? get('variable_dialed_domain'),
    extension: get('variable_dialed_user') ?? get('Caller-Destination-Number'),
    callerIdNumber: get('Caller-Caller-ID-Number') ?? '',
    destination: get('Caller-Destination-Number') ?? '',
    filename: get('variable_fax_filename'),
  };
}

type Parser = (get: Get, at: Micros) => PbxEvent | undefined;

const fax =
  (kind: 'txfax-result' | 'rxfax-result'): Parser =>
  (get, at) => {
    const result = faxResult(get);
    return result && { kind, at, fax: result };
  };

/** Event-Name → its parser, for the events read from headers alone. */
const BY_EVENT_NAME = new Map<string, Parser>([
  [
    'CHANNEL_CREATE',
    (get, at) => {
      const ch = channel(get);
      return ch && { kind: 'channel-created', at, channel: ch };
    },
  ],
  [
    'CHANNEL_ANSWER',
    (get, at) => {
      const uuid = get('Unique-ID');
      return uuid ? { kind: 'channel-answered', at, uuid, answeredAt: int(get('Caller-Channel-Answered-Time')) || at } : undefined;
    },
  ],
  ['CHANNEL_HANGUP_COMPLETE', hangupComplete],
  ['HEARTBEAT', (get, at) => ({ kind: 'heartbeat', at, uptimeMs: int(get('Uptime-msec')), sessions: int(get('Session-Count')) })],
  // mod_voicemail: a box's count changed, or it answered a phone's question; what desk phones' lights show.
  ['MESSAGE_WAITING', messageWaiting],
]);

/** Event-Subclass of a CUSTOM event → its parser. */
const BY_SUBCLASS = new Map<string, Parser>([
  ['sofia::register', registered],
  ['sofia::unregister', (get, at) => unregistered(get, at, 'unregister')],
  ['sofia::expire', (get, at) => unregistered(get, at, 'expire')],
  ['callcenter::info', parseCallCenter],
  ['spandsp::txfaxresult', fax('txfax-result')],
  ['spandsp::rxfaxresult', fax('rxfax-result')],
  [DND_SUBCLASS, dndDialled],
]);

/**
 * Every event this file parses, as FreeSWITCH names them: connection.ts
 * subscribes to exactly these. `names` are Event-Names (BACKGROUND_JOB is
 * read by parseBackgroundJobEvent: its output is the body), `subclasses` the
 * CUSTOM Event-Subclasses. Taken from the parsers' own tables, so a parser
 * added is a subscription added.
 */
export const PARSED_EVENTS: { readonly names: readonly string[]; readonly subclasses: readonly string[] } = {
  names: [...BY_EVENT_NAME.keys(), 'BACKGROUND_JOB'],
  subclasses: [...BY_SUBCLASS.keys()],
};

/**
 * One ESL event as a PbxEvent, or undefined for events Switchboard does not
 * use or that lack what makes them useful.
 */
export function parseEvent(header: HeaderLookup): PbxEvent | undefined {
  const get = reader(header);
  const name = get('Event-Name');
  const parse = name === 'CUSTOM' ? BY_SUBCLASS.get(get('Event-Subclass') ?? '') : BY_EVENT_NAME.get(name ?? '');
  return parse?.(get, eventTime(get));
}

/**
 * The fax result a fax leg's CDR carries: spandsp leaves it in the channel's
 * fax_* variables, which mod_json_cdr posts with the rest. The same result as
 * spandsp::txfaxresult (the leg we originated) or rxfaxresult (a fax DID's
 * inbound leg), for when no node heard that event (the only node was down
 * when the fax ended); undefined for a leg no fax ran on.
 */
export function faxResultOfCdr(header: HeaderLookup): PbxEvent | undefined {
  const get = reader(header);
  if (get('variable_fax_success') === undefined) return undefined;
  const asEvent: Get = (name) =>
    name === 'Unique-ID' ? (get('Unique-ID') ?? get('variable_uuid')) : get(name.startsWith('fax-') ? `variable_${name.replace(/-/g, '_')}` : name);
  return fax(get('Call-Direction') === 'outbound' ? 'txfax-result' : 'rxfax-result')(asEvent, int(get('variable_end_uepoch')));
}

export type { BackgroundJob };

/** A BACKGROUND_JOB carries a bgapi command's output as its body. */
export function parseBackgroundJob(header: HeaderLookup, body: string): BackgroundJob | undefined {
  const get = reader(header);
  const jobUuid = get('Job-UUID');
  if (get('Event-Name') !== 'BACKGROUND_JOB' || !jobUuid) return undefined;
  return { jobUuid, command: get('Job-Command') ?? '', arg: get('Job-Command-Arg') ?? '', output: body };
}

/** BACKGROUND_JOB as a PbxEvent; its body (the output) is not a header, so the caller hands it over. */
export function parseBackgroundJobEvent(header: HeaderLookup, body: string): PbxEvent | undefined {
  const job = parseBackgroundJob(header, body);
  return job && { kind: 'background-job', at: eventTime(reader(header)), job };
}
