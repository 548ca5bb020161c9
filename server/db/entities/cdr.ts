// One call leg as FreeSWITCH reported it when it hung up. The primary key
// is the leg's Unique-ID: every node and mod_json_cdr's post may insert it,
// ON CONFLICT DO NOTHING lets exactly one row (and one debit) land. Written
// and read with SQL in server/cdr/; the schema lives here for the migrator.
import { EntitySchema } from '@mikro-orm/core';
import { CDR_STATUSES, type CdrDirection, type CdrStatus } from '../../../common/cdr.ts';
import { Tenant } from './tenant.ts';
import { User } from './user.ts';

export class Cdr {
  uuid!: string;
  tenant!: Tenant;
  /** The extension's owner when the call ended: whose CDR page shows it. */
  user!: User | null;
  extension!: string | null;
  direction!: CdrDirection;
  status!: CdrStatus;
  callerIdName!: string;
  callerIdNumber!: string;
  destination!: string;
  startedAt!: Date;
  answeredAt!: Date | null;
  endedAt!: Date;
  duration!: number;
  billsec!: number;
  hangupCause!: string;
  readCodec!: string;
  writeCodec!: string;
  sipCallId!: string;
  /** Relative to the recordings directory, as FreeSWITCH reported it. */
  recordingPath!: string | null;
  /** What the call debited, numeric(14,4); null when it was not billed. */
  cost!: string | null;
  ratePrefix!: string | null;
  // FreeSWITCH's own audio figures of the leg (rtp_audio_*, migration 0009): null without media.
  // Written and read with SQL only (server/cdr/capture.ts, rows.ts): declared here for the migrator.
  rtpAudioInMos!: string | null;
  rtpAudioInQualityPercentage!: string | null;
  rtpAudioInPacketCount!: string | null;
  rtpAudioOutPacketCount!: string | null;
  rtpAudioInSkipPacketCount!: string | null;
  rtpAudioInFlawTotal!: string | null;
  rtpAudioInJitterMinVariance!: string | null;
  rtpAudioInJitterMaxVariance!: string | null;
  rtpAudioInJitterLossRate!: string | null;
  rtpAudioInJitterBurstRate!: string | null;
}

export const CdrSchema = new EntitySchema<Cdr>({
  class: Cdr,
  tableName: 'cdr',
  // Written as in the migration: MikroORM cannot spell a descending or covering index itself.
  indexes: [
    {
      name: 'cdr_owner_started_index',
      expression: 'create index "cdr_owner_started_index" on "cdr" ("tenant_id", "user_id", "started_at" desc, "uuid" desc)',
    },
    {
      name: 'cdr_tenant_started_index',
      expression: 'create index "cdr_tenant_started_index" on "cdr" ("tenant_id", "started_at") include ("billsec")',
    },
  ],
  properties: {
    uuid: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade' },
    user: { kind: 'm:1', entity: () => User, nullable: true, deleteRule: 'set null' },
    extension: { type: 'string', columnType: 'varchar(32)', nullable: true },
    direction: { enum: true, items: () => ['inbound', 'outbound'], type: 'string', columnType: 'text' },
    status: { enum: true, items: () => [...CDR_STATUSES], type: 'string', columnType: 'text' },
    callerIdName: { type: 'string', columnType: 'text' },
    callerIdNumber: { type: 'string', columnType: 'text' },
    destination: { type: 'string', columnType: 'text' },
    startedAt: { type: 'datetime', columnType: 'timestamptz' },
    answeredAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    endedAt: { type: 'datetime', columnType: 'timestamptz' },
    duration: { type: 'integer' },
    billsec: { type: 'integer' },
    hangupCause: { type: 'string', columnType: 'text' },
    readCodec: { type: 'string', columnType: 'text' },
    writeCodec: { type: 'string', columnType: 'text' },
    sipCallId: { type: 'string', columnType: 'text' },
    recordingPath: { type: 'string', columnType: 'text', nullable: true },
    cost: { type: 'decimal', precision: 14, scale: 4, nullable: true },
    ratePrefix: { type: 'string', columnType: 'varchar(16)', nullable: true },
    rtpAudioInMos: { type: 'decimal', precision: 4, scale: 2, nullable: true },
    rtpAudioInQualityPercentage: { type: 'decimal', precision: 5, scale: 2, nullable: true },
    rtpAudioInPacketCount: { type: 'bigint', nullable: true },
    rtpAudioOutPacketCount: { type: 'bigint', nullable: true },
    rtpAudioInSkipPacketCount: { type: 'bigint', nullable: true },
    rtpAudioInFlawTotal: { type: 'bigint', nullable: true },
    rtpAudioInJitterMinVariance: { type: 'decimal', precision: 14, scale: 2, nullable: true },
    rtpAudioInJitterMaxVariance: { type: 'decimal', precision: 14, scale: 2, nullable: true },
    rtpAudioInJitterLossRate: { type: 'decimal', precision: 10, scale: 2, nullable: true },
    rtpAudioInJitterBurstRate: { type: 'decimal', precision: 10, scale: 2, nullable: true },
  },
});
