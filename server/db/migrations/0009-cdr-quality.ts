// FreeSWITCH's own audio figures for each CDR leg, named as its channel
// variables are (rtp_audio_*, set on hangup by switch_core_media_set_stats):
// the MOS and R it computes, the packets in and out, the flaws, the jitter
// variances and the loss and burst ratios. Null for a leg without media, and
// for every row recorded before this migration.
import { Migration } from '@mikro-orm/migrations';

const QUALITY_COLUMNS = [
  ['rtp_audio_in_mos', 'numeric(4,2)'],
  ['rtp_audio_in_quality_percentage', 'numeric(5,2)'],
  ['rtp_audio_in_packet_count', 'bigint'],
  ['rtp_audio_out_packet_count', 'bigint'],
  ['rtp_audio_in_skip_packet_count', 'bigint'],
  ['rtp_audio_in_flaw_total', 'bigint'],
  ['rtp_audio_in_jitter_min_variance', 'numeric(14,2)'],
  ['rtp_audio_in_jitter_max_variance', 'numeric(14,2)'],
  ['rtp_audio_in_jitter_loss_rate', 'numeric(10,2)'],
  ['rtp_audio_in_jitter_burst_rate', 'numeric(10,2)'],
] as const;

export class Migration0009CdrQuality extends Migration {
  override async up(): Promise<void> {
    for (const [name, type] of QUALITY_COLUMNS) this.addSql(`alter table "cdr" add column "${name}" ${type} null;`);
  }

  override async down(): Promise<void> {
    for (const [name] of QUALITY_COLUMNS) this.addSql(`alter table "cdr" drop column "${name}";`);
  }
}
