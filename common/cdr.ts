// Call detail records as the CDR pages and the CSV export see them. A row is
// one leg of a call from the point of view of the user's extension.

export type CdrDirection = 'inbound' | 'outbound';

/** What became of the call, derived from FreeSWITCH's hangup cause and whether it was answered. */
export const CDR_STATUSES = ['answered', 'missed', 'busy', 'no-answer', 'rejected', 'cancelled', 'failed'] as const;
export type CdrStatus = (typeof CDR_STATUSES)[number];

export const CDR_STATUS_LABEL: Record<CdrStatus, string> = {
  answered: 'Answered',
  missed: 'Missed',
  busy: 'Busy',
  'no-answer': 'No answer',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/**
 * FreeSWITCH's own figures for the audio a leg received (and the packets it
 * sent), from its rtp_audio_* channel variables at hangup (server/pbx/quality.ts).
 */
export interface RtpAudioQuality {
  /** rtp_audio_in_mos: 1–4.5. */
  mos: number;
  /** rtp_audio_in_quality_percentage: 0–100. */
  qualityPercentage: number;
  /** rtp_audio_in_packet_count, rtp_audio_out_packet_count. */
  packetsIn: number;
  packetsOut: number;
  /** rtp_audio_in_skip_packet_count. */
  skipPacketsIn: number;
  /** rtp_audio_in_flaw_total. */
  flawsIn: number;
  /** rtp_audio_in_jitter_min_variance, rtp_audio_in_jitter_max_variance: ms². */
  jitterMinVariance: number;
  jitterMaxVariance: number;
  /** rtp_audio_in_jitter_loss_rate, rtp_audio_in_jitter_burst_rate. */
  jitterLossRate: number;
  jitterBurstRate: number;
}

export interface CdrRow {
  /** The leg's FreeSWITCH Unique-ID. */
  uuid: string;
  extension: string | null;
  direction: CdrDirection;
  status: CdrStatus;
  callerIdName: string;
  callerIdNumber: string;
  destination: string;
  /** ISO 8601 instants. */
  startedAt: string;
  answeredAt: string | null;
  endedAt: string;
  /** Seconds from start to hangup. */
  duration: number;
  /** Seconds from answer to hangup. */
  billsec: number;
  hangupCause: string;
  readCodec: string;
  writeCodec: string;
  sipCallId: string;
  /** Whether there is a recording to play (its path never leaves the server). */
  recorded: boolean;
  /** What the call debited, a decimal string; null when it was not billed. */
  cost: string | null;
  /** FreeSWITCH's audio figures for the leg; null when it had no media. */
  quality: RtpAudioQuality | null;
}

export interface CdrPage {
  rows: CdrRow[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

/** Query string of GET /api/cdr and /api/cdr.csv: ISO instants, `from` inclusive, `to` exclusive. */
export interface CdrQuery {
  from?: string;
  to?: string;
  before?: string;
  limit?: number;
}

export const CDR_PAGE_SIZE = 50;
export const CDR_MAX_PAGE_SIZE = 200;
