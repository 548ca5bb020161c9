// CHANNEL_CREATE / CHANNEL_ANSWER / CHANNEL_HANGUP_COMPLETE with the channel,
// caller-profile and variable headers switch_channel_event_set_data adds.
import type { EventStamper } from './event.ts';
import { SimEvent, localDateTime } from './event.ts';
import { rtpAudioStats } from './rtp-stats.ts';
import type { SimChannel } from './truth.ts';

type Phase = 'create' | 'answer' | 'hangup';

const STATE: Record<Phase, [state: string, number: string, callState: string, answerState: string]> = {
  create: ['CS_INIT', '2', 'DOWN', 'ringing'],
  answer: ['CS_EXECUTE', '4', 'ACTIVE', 'answered'],
  hangup: ['CS_REPORTING', '11', 'HANGUP', 'hangup'],
};

const CALLING: Record<Phase, [file: string, fn: string, line: number]> = {
  create: ['switch_core_state_machine.c', 'switch_core_session_run', 509],
  answer: ['switch_channel.c', 'switch_channel_perform_mark_answered', 3993],
  hangup: ['switch_core_state_machine.c', 'switch_core_session_reporting_state', 834],
};

const EVENT_NAME: Record<Phase, string> = {
  create: 'CHANNEL_CREATE',
  answer: 'CHANNEL_ANSWER',
  hangup: 'CHANNEL_HANGUP_COMPLETE',
};

const CODEC_RATE: Record<string, string> = { PCMU: '8000', PCMA: '8000', G722: '8000', G729: '8000', OPUS: '48000' };

export interface Hangup {
  cause: string;
  at: number;
}

export function channelEvent(s: EventStamper, c: SimChannel, phase: Phase, hangup?: Hangup): SimEvent {
  const [file, fn, line] = CALLING[phase];
  const at = hangup?.at ?? s.now();
  const h = s.stamp(EVENT_NAME[phase], undefined, file, fn, line, at);
  const [state, stateNumber, callState, answerState] = STATE[phase];
  const presenceId = `${c.extension}@${c.domain}`;
  // FreeSWITCH writes Hangup-Cause twice on hangup events; parsers must cope.
  if (hangup) h.push('Hangup-Cause', hangup.cause);
  h.push(
    'Channel-State', state,
    'Channel-Call-State', callState,
    'Channel-State-Number', stateNumber,
    'Channel-Name', c.name,
    'Unique-ID', c.uuid,
    'Call-Direction', c.direction,
    'Presence-Call-Direction', c.direction,
    'Channel-HIT-Dialplan', 'true',
    'Channel-Presence-ID', presenceId,
    'Channel-Call-UUID', c.uuid,
    'Answer-State', answerState,
  );
  if (hangup) h.push('Hangup-Cause', hangup.cause);
  // Once the codec is negotiated FreeSWITCH reports it right here: for a
  // phone's call that is on the INVITE, before CHANNEL_CREATE; for a leg it
  // places, on the answer (recorded: tests/fixtures/freeswitch/pbx.json).
  const codec = c.codec ?? 'PCMU';
  const rate = CODEC_RATE[codec] ?? '8000';
  const negotiated = c.direction === 'inbound' || (phase !== 'create' && c.answeredAt > 0);
  if (negotiated) {
    h.push(
      'Channel-Read-Codec-Name', codec,
      'Channel-Read-Codec-Rate', rate,
      'Channel-Write-Codec-Name', codec,
      'Channel-Write-Codec-Rate', rate,
    );
  }
  h.push(
    'Caller-Direction', c.direction,
    'Caller-Logical-Direction', c.direction,
    'Caller-Username', c.from,
    'Caller-Dialplan', 'XML',
    'Caller-Caller-ID-Name', c.callerIdName,
    'Caller-Caller-ID-Number', c.callerIdNumber,
    'Caller-Orig-Caller-ID-Name', c.callerIdName,
    'Caller-Orig-Caller-ID-Number', c.callerIdNumber,
    'Caller-Network-Addr', c.networkIp,
    'Caller-ANI', c.callerIdNumber,
    'Caller-Destination-Number', c.to,
    'Caller-Unique-ID', c.uuid,
    'Caller-Source', 'mod_sofia',
    'Caller-Context', c.domain,
    'Caller-Channel-Name', c.name,
    'Caller-Profile-Index', '1',
    'Caller-Profile-Created-Time', String(c.createdAt),
    'Caller-Channel-Created-Time', String(c.createdAt),
    'Caller-Channel-Answered-Time', String(c.answeredAt),
    'Caller-Channel-Progress-Time', '0',
    'Caller-Channel-Progress-Media-Time', '0',
    'Caller-Channel-Hangup-Time', String(hangup?.at ?? 0),
    'Caller-Channel-Transfer-Time', '0',
    'Caller-Channel-Resurrect-Time', '0',
    'Caller-Channel-Bridged-Time', '0',
    'Caller-Channel-Last-Hold', '0',
    'Caller-Channel-Hold-Accum', '0',
    'Caller-Screen-Bit', 'true',
    'Caller-Privacy-Hide-Name', 'false',
    'Caller-Privacy-Hide-Number', 'false',
    'variable_direction', c.direction,
    'variable_uuid', c.uuid,
    'variable_call_uuid', c.uuid,
    'variable_channel_name', c.name,
    'variable_sip_from_user', c.from,
    'variable_sip_from_host', c.domain,
    'variable_sip_to_user', c.to,
    'variable_sip_req_user', c.to,
    'variable_sip_network_ip', c.networkIp,
    'variable_sofia_profile_name', 'internal',
    'variable_presence_id', presenceId,
  );
  // A leg FreeSWITCH places gets its SIP Call-ID when the INVITE goes out,
  // after CHANNEL_CREATE, and domain_name only by the time it hangs up
  // (recorded: tests/fixtures/freeswitch/pbx.json).
  const outbound = c.direction === 'outbound';
  if (!outbound || phase !== 'create') h.push('variable_sip_call_id', c.sipCallId);
  if (!outbound || phase === 'hangup') h.push('variable_domain_name', c.domain);
  // The A-leg of a registered phone knows its authenticated user; a leg
  // FreeSWITCH originates to a user knows whom it dialled.
  if (c.direction === 'inbound') h.push('variable_user_name', c.extension);
  else h.push('variable_dialed_user', c.extension, 'variable_dialed_domain', c.domain);
  // Bridging a phone's call to user/<ext> leaves dialed_user/dialed_domain on the caller's leg too.
  if (c.direction === 'inbound' && c.dialedUser && phase !== 'create') h.push('variable_dialed_user', c.dialedUser, 'variable_dialed_domain', c.domain);
  if (negotiated) {
    h.push('variable_read_codec', codec, 'variable_read_rate', rate, 'variable_write_codec', codec, 'variable_write_rate', rate);
  }
  // Our dialplan sets record_file_name before record_session.
  if (c.recordFile !== undefined) h.push('variable_record_file_name', c.recordFile);
  if (hangup) {
    const duration = Math.max(0, Math.round((hangup.at - c.createdAt) / 1_000_000));
    const billsec = c.answeredAt ? Math.max(0, Math.round((hangup.at - c.answeredAt) / 1_000_000)) : 0;
    h.push(
      'variable_hangup_cause', hangup.cause,
      'variable_start_stamp', localDateTime(c.createdAt),
      'variable_start_epoch', String(Math.floor(c.createdAt / 1_000_000)),
      'variable_start_uepoch', String(c.createdAt),
      'variable_answer_epoch', String(Math.floor(c.answeredAt / 1_000_000)),
      'variable_answer_uepoch', String(c.answeredAt),
      'variable_end_stamp', localDateTime(hangup.at),
      'variable_end_epoch', String(Math.floor(hangup.at / 1_000_000)),
      'variable_end_uepoch', String(hangup.at),
      'variable_duration', String(duration),
      'variable_billsec', String(billsec),
      ...rtpAudioStats(c, hangup.at),
    );
    // Every channel variable rides on the hangup (switch_channel_event_set_extended_data); the ones above come first.
    for (const [name, value] of Object.entries(c.variables ?? {})) if (!h.includes(`variable_${name}`)) h.push(`variable_${name}`, value);
  }
  return new SimEvent(EVENT_NAME[phase], undefined, h);
}
