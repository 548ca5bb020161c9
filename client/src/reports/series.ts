// What the report pages draw and list, pure: a report's rows summed per
// interval (over every queue, or one), per agent over the whole range, and
// the totals — always by adding sums, so averages stay exact.
import {
  addAgentSums,
  addQueueSums,
  emptyAgentSums,
  emptyQueueSums,
  type AgentReport,
  type AgentSums,
  type QueueReport,
  type QueueSums,
} from '../../../common/reports.ts';

/** Every interval of the range in order, with the chosen queue's (or all queues') sums; empty intervals are zeros. */
export function queueSeries(report: QueueReport, queue: string | undefined): { start: string; sums: QueueSums }[] {
  const by = new Map<string, QueueSums>();
  for (const row of report.rows) {
    if (queue !== undefined && row.queue !== queue) continue;
    by.set(row.start, addQueueSums(by.get(row.start) ?? emptyQueueSums(), row));
  }
  return report.buckets.map((start) => ({ start, sums: by.get(start) ?? emptyQueueSums() }));
}

export const queueTotal = (series: { sums: QueueSums }[]): QueueSums => series.reduce((t, s) => addQueueSums(t, s.sums), emptyQueueSums());

/** Each agent's sums over the whole range, by agent name. */
export function agentTotals(report: AgentReport): { agent: string; sums: AgentSums }[] {
  const by = new Map<string, AgentSums>();
  for (const row of report.rows) by.set(row.agent, addAgentSums(by.get(row.agent) ?? emptyAgentSums(), row));
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([agent, sums]) => ({ agent, sums }));
}

/** `1001@acme.pbx.test` → `1001`: agents are named after their extension. */
export const agentLabel = (agent: string) => agent.slice(0, agent.lastIndexOf('@') >= 0 ? agent.lastIndexOf('@') : agent.length);

/** 75 → "1:15", 3725 → "1:02:05"; null → "—". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const two = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

export const percent = (ratio: number | null) => (ratio === null ? '—' : `${(ratio * 100).toFixed(1)} %`);

/** An interval's label on an axis: the time for intervals within a day, the date for days. */
export const shortLabel = (start: string, interval: QueueReport['interval']) => (interval === 'day' ? start.slice(5, 10) : start.slice(11, 16));
