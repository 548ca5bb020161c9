// A leg's call detail record from FreeSWITCH's own words. Two sources say
// the same thing: the CHANNEL_HANGUP_COMPLETE event on ESL, and the JSON
// document mod_json_cdr posts over HTTP. jsonCdrHeaders lets the second be
// read through the first's header names, so there is one parser.
//
// Values are read exactly as the lookup gives them: decoding is the
// transport's business (an `event plain` reader URL-decodes; a JSON document,
// ESL `event json` or mod_json_cdr with encode-values=false, is already the
// raw text, and a caller ID or Call-ID may really contain "%41").
import { int, reader, splitAddress, type HeaderLookup } from './headers.ts';
import { phoneDirection } from './direction.ts';
import { rtpAudioQuality } from './quality.ts';
import type { CallDetail, CcVisit, Micros } from './events.ts';

const seconds = (from: Micros, to: Micros) => (from && to > from ? Math.round((to - from) / 1_000_000) : 0);

/** The CDR of a hung-up leg, or undefined when it has no Unique-ID. `at` stands in for a missing hangup time. */
export function callDetail(header: HeaderLookup, at: Micros = 0): CallDetail | undefined {
  const get = reader(header);
  const uuid = get('Unique-ID') ?? get('variable_uuid');
  if (!uuid) return undefined;
  const presence = get('variable_presence_id') ?? get('Channel-Presence-ID');
  const [presenceUser, presenceHost] = splitAddress(presence);
  // Call-Direction is FreeSWITCH's point of view. A phone's own leg is
  // "inbound" to FreeSWITCH and carries the authenticated user; a leg
  // FreeSWITCH rings towards a phone is "outbound" and knows whom it dialled.
  const fsDirection = get('Call-Direction') ?? get('variable_direction');
  const caller = fsDirection !== 'outbound' ? get('variable_user_name') : undefined;
  const extension = fsDirection === 'outbound' ? (get('variable_dialed_user') ?? presenceUser) : caller;
  const startedAt = int(get('variable_start_uepoch') ?? get('Caller-Channel-Created-Time'));
  const answeredAt = int(get('variable_answer_uepoch') ?? get('Caller-Channel-Answered-Time'));
  const endedAt = int(get('variable_end_uepoch') ?? get('Caller-Channel-Hangup-Time')) || at;
  const duration = get('variable_duration');
  const billsec = get('variable_billsec');
  const quality = rtpAudioQuality(header);
  // Set by the served dialplan on a softphone's leg that took back a held call (server/xmlcurl/resume.ts).
  const resumeOf = get('variable_switchboard_resume_of');
  const queueVisit = ccVisit(get);
  return {
    uuid,
    direction: phoneDirection(!!caller),
    domain: get('variable_domain_name') ?? get('variable_dialed_domain') ?? presenceHost,
    extension: extension || undefined,
    callerIdName: get('Caller-Caller-ID-Name') ?? '',
    callerIdNumber: get('Caller-Caller-ID-Number') ?? '',
    destination: get('Caller-Destination-Number') ?? '',
    startedAt,
    answeredAt,
    endedAt,
    duration: duration !== undefined ? int(duration) : seconds(startedAt, endedAt),
    billsec: billsec !== undefined ? int(billsec) : seconds(answeredAt, endedAt),
    hangupCause: get('Hangup-Cause') ?? get('variable_hangup_cause') ?? 'NORMAL_CLEARING',
    readCodec: get('Channel-Read-Codec-Name') ?? get('variable_read_codec') ?? '',
    writeCodec: get('Channel-Write-Codec-Name') ?? get('variable_write_codec') ?? '',
    sipCallId: get('variable_sip_call_id') ?? '',
    recordingPath: get('variable_record_file_name') || undefined,
    ...(quality ? { quality } : {}),
    ...(resumeOf && { resumeOf }),
    ...(queueVisit && { queueVisit }),
  };
}

/** A member's leg: mod_callcenter's cc_* variables (cc_side=member), or undefined for any other leg. */
function ccVisit(get: (name: string) => string | undefined): CcVisit | undefined {
  const memberUuid = get('variable_cc_member_uuid');
  const queue = get('variable_cc_queue');
  const joinedAt = int(get('variable_cc_queue_joined_epoch'));
  // Agents' legs carry cc_queue and cc_member_uuid too, with cc_side=agent.
  if (get('variable_cc_side') !== 'member' || !memberUuid || !queue || !joinedAt) return undefined;
  const epoch = (name: string) => int(get(name)) || undefined;
  const cause = get('variable_cc_cause');
  const visit: CcVisit = { memberUuid, queue, joinedAt };
  const answeredAt = epoch('variable_cc_queue_answered_epoch');
  const terminatedAt = epoch('variable_cc_queue_terminated_epoch');
  const canceledAt = epoch('variable_cc_queue_canceled_epoch');
  if (answeredAt) visit.answeredAt = answeredAt;
  if (terminatedAt) visit.terminatedAt = terminatedAt;
  if (canceledAt) visit.canceledAt = canceledAt;
  if (cause === 'answered' || cause === 'cancel') visit.cause = cause;
  const reason = get('variable_cc_cancel_reason');
  if (reason) visit.cancelReason = reason;
  const agent = get('variable_cc_agent');
  if (agent) visit.agent = agent;
  return visit;
}

type Json = Record<string, unknown>;
const object = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** Event header → where switch_ivr_generate_json_cdr puts the same value. */
const PROFILE: Record<string, string> = {
  'Caller-Caller-ID-Name': 'caller_id_name',
  'Caller-Caller-ID-Number': 'caller_id_number',
  'Caller-Destination-Number': 'destination_number',
  'Unique-ID': 'uuid',
};
const TIMES: Record<string, string> = {
  'Caller-Channel-Created-Time': 'created_time',
  'Caller-Channel-Answered-Time': 'answered_time',
  'Caller-Channel-Hangup-Time': 'hangup_time',
};

/**
 * mod_json_cdr's document as event headers: `variables.x` is `variable_x`,
 * the caller profile and times are the Caller-* headers. `callflow` is an
 * array (newest profile first) since FreeSWITCH 1.8, a single object before.
 */
export function jsonCdrHeaders(document: unknown): HeaderLookup {
  const root = object(document);
  const variables = object(root.variables);
  const callflow = Array.isArray(root.callflow) ? object(root.callflow[0]) : object(root.callflow);
  const profile = object(callflow.caller_profile);
  const times = object(callflow.times);
  return (name) => {
    if (name.startsWith('variable_')) return text(variables[name.slice('variable_'.length)]);
    if (name === 'Call-Direction') return text(object(root.channel_data).direction) ?? text(variables.direction);
    if (name === 'Hangup-Cause') return text(variables.hangup_cause);
    if (PROFILE[name]) return text(profile[PROFILE[name]]);
    if (TIMES[name]) return text(times[TIMES[name]]);
    return undefined;
  };
}
