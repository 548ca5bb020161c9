// Reports as CSV (RFC 4180), pure: one line per interval and queue (or
// agent), the figures the page shows, seconds rounded to whole ones.
import { agentFigures, queueFigures, type AgentReport, type QueueReport } from '../../common/reports.ts';
import { csvLine } from '../cdr/csv.ts';

const secs = (v: number | null) => (v === null ? null : Math.round(v));
const pct = (v: number | null) => (v === null ? null : (v * 100).toFixed(1));

export function queueReportCsv(r: QueueReport): string {
  let out = csvLine([
    `Interval start (${r.timezone})`, 'Queue', 'Offered', 'Answered', 'Abandoned', 'Average time before abandon (s)', 'Longest time before abandon (s)',
    'Average wait (s)', 'Longest wait (s)', 'Average talk (s)', 'Average handle (s)', `Answered within ${r.thresholdSeconds} s`, 'Service level (%)',
  ]);
  for (const row of r.rows) {
    const f = queueFigures(row);
    out += csvLine([
      row.start, row.queue, f.offered, f.answered, f.abandoned, secs(f.averageAbandon), secs(f.longestAbandon),
      secs(f.averageWait), secs(f.longestWait), secs(f.averageTalk), secs(f.averageHandle), row.answeredWithin, pct(f.serviceLevel),
    ]);
  }
  return out;
}

export function agentReportCsv(r: AgentReport): string {
  const reasons = [...new Set(r.rows.flatMap((row) => Object.keys(row.reasons)))].sort();
  let out = csvLine([
    `Interval start (${r.timezone})`, 'Agent', 'Answered', 'Average talk (s)', 'Average handle (s)', 'Available (s)', 'On Break (s)', 'Logged Out (s)',
    ...reasons.map((reason) => `On Break: ${reason || 'no reason'} (s)`), 'Occupancy (%)',
  ]);
  for (const row of r.rows) {
    const f = agentFigures(row);
    out += csvLine([
      row.start, row.agent, f.answered, secs(f.averageTalk), secs(f.averageHandle), secs(f.available), secs(f.onBreak), secs(f.loggedOut),
      ...reasons.map((reason) => secs(row.reasons[reason] ?? 0)), pct(f.occupancy),
    ]);
  }
  return out;
}
