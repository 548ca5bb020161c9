// How a CDR reads on screen.
import { CDR_STATUS_LABEL, type CdrRow } from '../../../common/cdr.ts';

/** 0:07, 4:05, 1:02:03. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export const formatCallTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** The badge colour of a status. */
export const statusState = (row: CdrRow) =>
  row.status === 'answered' ? 'ok' : row.status === 'missed' || row.status === 'failed' ? 'warn' : undefined;

export const statusLabel = (row: CdrRow) => CDR_STATUS_LABEL[row.status];

/** "Alice Moreno <1001>", or just the number when the name says nothing more. */
export const callerId = (row: CdrRow) =>
  row.callerIdName && row.callerIdName !== row.callerIdNumber ? `${row.callerIdName} <${row.callerIdNumber}>` : row.callerIdNumber || 'Unknown';
