// An audit row of listen / whisper / barge (server/supervise/audit.ts) in
// words: what the supervisor did, from when to when, on which call. One row
// is one mode; `until` is empty while the mode lasts (or if the server that
// wrote it stopped before the end was known).
import type { AuditRow } from '../../../common/admin.ts';

const VERB: Record<string, string> = { listen: 'Listened', whisper: 'Whispered to the agent', barge: 'Talked with both' };

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The lines for a supervision row, or null for any other row. */
export function describeSupervision(row: Pick<AuditRow, 'action' | 'changes'>): string[] | null {
  if (!row.action.startsWith('supervise.')) return null;
  const { mode, call, from, until } = row.changes as { mode?: string; call?: string; from?: string; until?: string | null };
  if (typeof from !== 'string') return null;
  const verb = VERB[mode ?? ''] ?? 'Supervised';
  const when = typeof until === 'string' ? `${verb} from ${time(from)} to ${time(until)} (${duration(Date.parse(until) - Date.parse(from))})` : `${verb} from ${time(from)}; end not recorded yet`;
  return [when, ...(call ? [`Call ${call}`] : [])];
}
