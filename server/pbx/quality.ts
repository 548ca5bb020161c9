// FreeSWITCH's own figures for the audio a leg received and sent. On hangup
// (switch_core_session_hangup_state → switch_core_media_set_stats) the core
// copies the leg's RTP statistics into channel variables named
// rtp_audio_<stat> (switch_core_media.c, set_stats), so both the
// CHANNEL_HANGUP_COMPLETE event and mod_json_cdr's document carry them. A leg
// that never had an RTP session (unanswered, no early media) has none.
//
// What they mean, from switch_rtp.c:
// * in_quality_percentage is R = (received − flaws) / received × 100, and
//   in_mos = 1 + 0.035·R + 0.000007·R·(R − 60)·(100 − R) (do_mos): FreeSWITCH's
//   MOS counts lost and late packets only, not delay.
// * in_flaw_total: packets lost (sequence gaps, check_jitter), plus every
//   read interval that found no packet once none had come for two seconds
//   (rtp_common_read), with a penalty for consecutive ones (do_mos).
// * in_jitter_min_variance / max_variance: the variance of the packets'
//   inter-arrival time, in ms² (check_jitter).
// * in_jitter_loss_rate / burst_rate: burstr_calculate's loss and burst ratios.
// * in_skip_packet_count: reads answered with comfort noise instead of a
//   packet (during an RFC 2833 event, or while the stream is muted).
import type { RtpAudioQuality } from '../../common/cdr.ts';
import { reader, type HeaderLookup } from './headers.ts';

const number = (value: string | undefined): number | undefined => {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
};

/** The leg's audio figures, or undefined when FreeSWITCH set none (no RTP session, so no MOS). */
export function rtpAudioQuality(header: HeaderLookup): RtpAudioQuality | undefined {
  const get = reader(header);
  const mos = number(get('variable_rtp_audio_in_mos'));
  if (mos === undefined) return undefined;
  const n = (value: string | undefined) => number(value) ?? 0;
  return {
    mos,
    qualityPercentage: n(get('variable_rtp_audio_in_quality_percentage')),
    packetsIn: n(get('variable_rtp_audio_in_packet_count')),
    packetsOut: n(get('variable_rtp_audio_out_packet_count')),
    skipPacketsIn: n(get('variable_rtp_audio_in_skip_packet_count')),
    flawsIn: n(get('variable_rtp_audio_in_flaw_total')),
    jitterMinVariance: n(get('variable_rtp_audio_in_jitter_min_variance')),
    jitterMaxVariance: n(get('variable_rtp_audio_in_jitter_max_variance')),
    jitterLossRate: n(get('variable_rtp_audio_in_jitter_loss_rate')),
    jitterBurstRate: n(get('variable_rtp_audio_in_jitter_burst_rate')),
  };
}
