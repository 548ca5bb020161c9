// CDR rows as SQL returns them, and as the pages and the CSV show them.
import type { CdrDirection, CdrRow, CdrStatus, RtpAudioQuality } from '../../common/cdr.ts';

/** RtpAudioQuality's fields and the cdr columns (FreeSWITCH's variable names) that keep them. */
export const QUALITY_FIELDS: [keyof RtpAudioQuality, string][] = [
  ['mos', 'rtp_audio_in_mos'],
  ['qualityPercentage', 'rtp_audio_in_quality_percentage'],
  ['packetsIn', 'rtp_audio_in_packet_count'],
  ['packetsOut', 'rtp_audio_out_packet_count'],
  ['skipPacketsIn', 'rtp_audio_in_skip_packet_count'],
  ['flawsIn', 'rtp_audio_in_flaw_total'],
  ['jitterMinVariance', 'rtp_audio_in_jitter_min_variance'],
  ['jitterMaxVariance', 'rtp_audio_in_jitter_max_variance'],
  ['jitterLossRate', 'rtp_audio_in_jitter_loss_rate'],
  ['jitterBurstRate', 'rtp_audio_in_jitter_burst_rate'],
];

/** The columns every CDR read selects (the recording's path stays on the server). */
export const CDR_COLUMNS = `"uuid", "extension", "direction", "status", "caller_id_name", "caller_id_number", "destination",
  "started_at", "answered_at", "ended_at", "duration", "billsec", "hangup_cause", "read_codec", "write_codec",
  "sip_call_id", "recording_path" is not null as "recorded", "cost"::text as "cost",
  ${QUALITY_FIELDS.map(([, column]) => `"${column}"::text as "${column}"`).join(', ')}`;

export interface CdrSqlRow {
  uuid: string;
  extension: string | null;
  direction: CdrDirection;
  status: CdrStatus;
  caller_id_name: string;
  caller_id_number: string;
  destination: string;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date;
  duration: number;
  billsec: number;
  hangup_cause: string;
  read_codec: string;
  write_codec: string;
  sip_call_id: string;
  recorded: boolean;
  cost: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** The quality columns come as text (numeric and bigint keep their digits); no MOS means the leg had no media. */
function quality(r: CdrSqlRow): RtpAudioQuality | null {
  const columns = r as unknown as Record<string, string | null>;
  if (columns.rtp_audio_in_mos == null) return null;
  return Object.fromEntries(QUALITY_FIELDS.map(([field, column]) => [field, Number(columns[column] ?? 0)])) as unknown as RtpAudioQuality;
}

export const cdrRow = (r: CdrSqlRow): CdrRow => ({
  uuid: r.uuid,
  extension: r.extension,
  direction: r.direction,
  status: r.status,
  callerIdName: r.caller_id_name,
  callerIdNumber: r.caller_id_number,
  destination: r.destination,
  startedAt: iso(r.started_at),
  answeredAt: r.answered_at ? iso(r.answered_at) : null,
  endedAt: iso(r.ended_at),
  duration: Number(r.duration),
  billsec: Number(r.billsec),
  hangupCause: r.hangup_cause,
  readCodec: r.read_codec,
  writeCodec: r.write_codec,
  sipCallId: r.sip_call_id,
  recorded: Boolean(r.recorded),
  cost: r.cost,
  quality: quality(r),
});
