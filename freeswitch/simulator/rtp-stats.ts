// The rtp_audio_* variables FreeSWITCH sets on a leg with media when it hangs
// up (switch_core_media.c set_stats, every one of them, in its order), for a
// call that flowed cleanly: 20 ms packets both ways while answered, 172 bytes
// each (160 bytes of G.711 + the RTP header), no loss, so R = 100 and MOS 4.50
// by do_mos (switch_rtp.c). A leg never answered had no RTP session here, so
// it gets none (recorded: tests/fixtures/freeswitch/pbx.json).
import type { SimChannel } from './truth.ts';

export function rtpAudioStats(c: SimChannel, hangupAt: number): string[] {
  if (!c.answeredAt) return [];
  const packets = Math.max(0, Math.floor((hangupAt - c.answeredAt) / 20_000));
  const bytes = String(packets * 172);
  const count = String(packets);
  const stats: [string, string][] = [
    ['in_raw_bytes', bytes],
    ['in_media_bytes', bytes],
    ['in_packet_count', count],
    ['in_media_packet_count', count],
    ['in_skip_packet_count', '1'],
    ['in_jitter_packet_count', '0'],
    ['in_dtmf_packet_count', '0'],
    ['in_cng_packet_count', '0'],
    ['in_flush_packet_count', '0'],
    ['in_largest_jb_size', '0'],
    ['in_jitter_min_variance', packets ? '0.52' : '0.00'],
    ['in_jitter_max_variance', packets ? '3.81' : '0.00'],
    ['in_jitter_loss_rate', '0.00'],
    ['in_jitter_burst_rate', '0.00'],
    ['in_mean_interval', packets ? '20.00' : '0.00'],
    ['in_flaw_total', '0'],
    ['in_quality_percentage', '100.00'],
    ['in_mos', '4.50'],
    ['out_raw_bytes', bytes],
    ['out_media_bytes', bytes],
    ['out_packet_count', count],
    ['out_media_packet_count', count],
    ['out_skip_packet_count', '0'],
    ['out_dtmf_packet_count', '0'],
    ['out_cng_packet_count', '0'],
    ['rtcp_packet_count', '0'],
    ['rtcp_octet_count', '0'],
  ];
  return stats.flatMap(([name, value]) => [`variable_rtp_audio_${name}`, value]);
}
