// CDR rows as SQL returns them, and as the pages and the CSV show them.
import type { CdrDirection, CdrRow, CdrStatus } from '../../common/cdr.ts';

/** The columns every CDR read selects (the recording's path stays on the server). */
export const CDR_COLUMNS = `"uuid", "extension", "direction", "status", "caller_id_name", "caller_id_number", "destination",
  "started_at", "answered_at", "ended_at", "duration", "billsec", "hangup_cause", "read_codec", "write_codec",
  "sip_call_id", "recording_path" is not null as "recorded", "cost"::text as "cost"`;

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
});
