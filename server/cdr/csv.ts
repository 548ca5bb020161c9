// CDRs as CSV (RFC 4180), pure. Cells a spreadsheet would run as a formula
// (=, +, -, @ first) are quoted with a leading apostrophe: a caller ID name
// is text someone else chose.
import { CDR_STATUS_LABEL, type CdrRow } from '../../common/cdr.ts';

export const CSV_HEADER = [
  'Date/time (UTC)', 'Direction', 'Status', 'Caller ID name', 'Caller ID number', 'Destination', 'Extension',
  'Duration (s)', 'Billsec (s)', 'Hangup cause', 'Read codec', 'Write codec', 'SIP call ID', 'Cost', 'UUID',
  'MOS', 'Quality (%)', 'Packets in', 'Packets out', 'Flaws in', 'Jitter max variance (ms²)', 'Loss rate',
];

function cell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: (string | number | null)[]) => cells.map(cell).join(',') + '\r\n';

export const csvRow = (r: CdrRow) =>
  csvLine([
    r.startedAt,
    r.direction,
    CDR_STATUS_LABEL[r.status],
    r.callerIdName,
    r.callerIdNumber,
    r.destination,
    r.extension,
    r.duration,
    r.billsec,
    r.hangupCause,
    r.readCodec,
    r.writeCodec,
    r.sipCallId,
    r.cost,
    r.uuid,
    // FreeSWITCH's own figures, with its two decimals (empty for a leg without media).
    r.quality?.mos.toFixed(2) ?? null,
    r.quality?.qualityPercentage.toFixed(2) ?? null,
    r.quality?.packetsIn ?? null,
    r.quality?.packetsOut ?? null,
    r.quality?.flawsIn ?? null,
    r.quality?.jitterMaxVariance.toFixed(2) ?? null,
    r.quality?.jitterLossRate.toFixed(2) ?? null,
  ]);
