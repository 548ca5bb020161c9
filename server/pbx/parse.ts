// ESL event headers → typed PbxEvent. Pure: no I/O, no modesl. Values arrive
// as they are: `event json` values are FreeSWITCH's own, raw, and modesl
// URL-decodes `event plain` ones itself (as headers.ts plainHeaders does).
import { callDetail } from './cdr.ts';
import { contactUri } from './contact.ts';
import { parseCallCenter } from './callcenter.ts';
import { DND_HEADERS, DND_SUBCLASS } from './dnd-event.ts';
import type { HeaderLookup } from './headers.ts';
import type { BackgroundJob, CallDirection, Channel, FaxResult, Micros, PbxEvent, Registration } from './events.ts';

/** Decodes only what is encoded; a stray `%` in an already-decoded value stays as it is. */
export function decodeValue(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

type Get = (name: string) => string | undefined;

// Not decoded again: a second decode turned a literal `%41` or `100%25` in a
// caller name or SIP header into something FreeSWITCH never sent.
const reader = (header: HeaderLookup): Get => (name) => {
  const raw = header(name);
  return raw === undefined || raw === null ? undefined : String(raw);
};

const int = (value: string | undefined): number => {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) ? n : 0;
};

/** Event-Date-Timestamp; some recorders spell it Event-Date-timestamp. */
const eventTime = (get: Get): Micros => int(get('Event-Date-Timestamp') ?? get('Event-Date-timestamp'));

const direction = (value: string | undefined): CallDirection => (value === 'outbound' ? 'outbound' : 'inbound');

/** user@host → [user, host]. */
const splitAddress = (value: string | undefined): [string | undefined, string | undefined] => {
  if (!value) return [undefined, undefined];
  const at = value.lastIndexOf('@');
  return at === -1 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)];
};

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
  const dir = direction(get('Call-Direction') ?? get('Caller-Direction') ?? get('variable_direction'));
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

/**
 * One ESL event as a PbxEvent, or undefined for events Switchboard does not
 * use or that lack what makes them useful.
 */
export function parseEvent(header: HeaderLookup): PbxEvent | undefined {
  const get = reader(header);
  const at = eventTime(get);
  switch (get('Event-Name')) {
    case 'CUSTOM':
      switch (get('Event-Subclass')) {
        case 'sofia::register':
          return registered(get, at);
        case 'sofia::unregister':
          return unregistered(get, at, 'unregister');
        case 'sofia::expire':
          return unregistered(get, at, 'expire');
        case 'spandsp::txfaxresult': {
          const fax = faxResult(get);
          return fax && { kind: 'txfax-result', at, fax };
        }
        case 'spandsp::rxfaxresult': {
          const fax = faxResult(get);
          return fax && { kind: 'rxfax-result', at, fax };
        }
        case DND_SUBCLASS:
          return dndDialled(get, at);
        case 'callcenter::info':
          return parseCallCenter(get, at);
        default:
          return undefined;
      }
    case 'CHANNEL_CREATE': {
      const ch = channel(get);
      return ch && { kind: 'channel-created', at, channel: ch };
    }
    case 'CHANNEL_ANSWER': {
      const uuid = get('Unique-ID');
      return uuid ? { kind: 'channel-answered', at, uuid, answeredAt: int(get('Caller-Channel-Answered-Time')) || at } : undefined;
    }
    case 'CHANNEL_HANGUP_COMPLETE':
      return hangupComplete(get, at);
    case 'HEARTBEAT':
      return { kind: 'heartbeat', at, uptimeMs: int(get('Uptime-msec')), sessions: int(get('Session-Count')) };
    default:
      return undefined;
  }
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
