// Queue and agent reports as the REST API answers and the report pages show
// them. The server sends each interval's sums (so totals over a range stay
// exact); the averages, the service level and occupancy are derived from
// them here, by both sides, with the formulas the page states.
import { z } from 'zod';

export const REPORT_INTERVALS = ['15m', 'hour', 'day'] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];
export const INTERVAL_SECONDS: Record<ReportInterval, number> = { '15m': 900, hour: 3600, day: 86_400 };
export const INTERVAL_LABEL: Record<ReportInterval, string> = { '15m': '15 minutes', hour: 'Hour', day: 'Day' };

/** At most this many intervals per report (range ÷ interval): 31 days of 15 minutes, 4 months of hours, 8 years of days. */
export const MAX_REPORT_BUCKETS = 3000;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates are YYYY-MM-DD.');

/** The query of GET /api/reports/queues and /api/reports/agents: whole local days, `to` included. */
export const reportQuerySchema = z
  .object({
    from: day,
    to: day,
    interval: z.enum(REPORT_INTERVALS, { message: 'The interval is 15m, hour or day.' }),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .superRefine((q, ctx) => {
    const from = Date.parse(`${q.from}T00:00:00Z`);
    const to = Date.parse(`${q.to}T00:00:00Z`);
    if (Number.isNaN(from) || Number.isNaN(to)) {
      ctx.addIssue({ code: 'custom', message: 'Not a calendar date.' });
      return;
    }
    if (to < from) ctx.addIssue({ code: 'custom', message: 'The range ends before it starts.', path: ['to'] });
    const buckets = ((to - from) / 1000 + 86_400) / INTERVAL_SECONDS[q.interval];
    if (buckets > MAX_REPORT_BUCKETS) {
      ctx.addIssue({
        code: 'custom',
        message: `That is ${Math.ceil(buckets)} intervals; at most ${MAX_REPORT_BUCKETS} per report. Choose a shorter range or a longer interval.`,
        path: ['interval'],
      });
    }
  });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** One queue's calls in one interval: sums and maxima, seconds. */
export interface QueueSums {
  /** Callers who joined the queue in the interval. */
  offered: number;
  answered: number;
  abandoned: number;
  /** Answered within the service-level threshold (joined → answered). */
  answeredWithin: number;
  /** Joined → answered, answered calls. */
  waitSum: number;
  waitMax: number;
  /** Joined → left, abandoned calls. */
  abandonSum: number;
  abandonMax: number;
  /** Answered → ended, answered calls that ended (`talked` of them). */
  talked: number;
  talkSum: number;
  /** Talk plus the agent's wrap-up, the same calls. */
  handleSum: number;
}

export interface QueueReportRow extends QueueSums {
  queue: string;
  /** The interval's start, local time of the report's time zone: `YYYY-MM-DD HH:MM`. */
  start: string;
}

/** One agent in one interval: its queue calls and its time in each status and break reason, seconds. */
export interface AgentSums {
  answered: number;
  talked: number;
  talkSum: number;
  handleSum: number;
  /** mod_callcenter status → seconds in it within the interval. */
  status: Record<string, number>;
  /** Break reason → seconds On Break for it ('' when we do not know why). */
  reasons: Record<string, number>;
}

export interface AgentReportRow extends AgentSums {
  agent: string;
  start: string;
}

export interface ReportMeta {
  /** IANA zone the intervals are cut in: the server's (tenants have none of their own yet). */
  timezone: string;
  interval: ReportInterval;
  from: string;
  to: string;
  /** Every interval's start, in order (rows exist only where something happened). */
  buckets: string[];
}

export interface QueueReport extends ReportMeta {
  thresholdSeconds: number;
  queues: string[];
  rows: QueueReportRow[];
}

export interface AgentReport extends ReportMeta {
  agents: string[];
  rows: AgentReportRow[];
}

export const emptyQueueSums = (): QueueSums => ({
  offered: 0, answered: 0, abandoned: 0, answeredWithin: 0, waitSum: 0, waitMax: 0, abandonSum: 0, abandonMax: 0, talked: 0, talkSum: 0, handleSum: 0,
});

export function addQueueSums(a: QueueSums, b: QueueSums): QueueSums {
  return {
    offered: a.offered + b.offered,
    answered: a.answered + b.answered,
    abandoned: a.abandoned + b.abandoned,
    answeredWithin: a.answeredWithin + b.answeredWithin,
    waitSum: a.waitSum + b.waitSum,
    waitMax: Math.max(a.waitMax, b.waitMax),
    abandonSum: a.abandonSum + b.abandonSum,
    abandonMax: Math.max(a.abandonMax, b.abandonMax),
    talked: a.talked + b.talked,
    talkSum: a.talkSum + b.talkSum,
    handleSum: a.handleSum + b.handleSum,
  };
}

export const emptyAgentSums = (): AgentSums => ({ answered: 0, talked: 0, talkSum: 0, handleSum: 0, status: {}, reasons: {} });

const addRecord = (a: Record<string, number>, b: Record<string, number>) => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
};

export const addAgentSums = (a: AgentSums, b: AgentSums): AgentSums => ({
  answered: a.answered + b.answered,
  talked: a.talked + b.talked,
  talkSum: a.talkSum + b.talkSum,
  handleSum: a.handleSum + b.handleSum,
  status: addRecord(a.status, b.status),
  reasons: addRecord(a.reasons, b.reasons),
});

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

/** The figures a row shows, derived from its sums; null where there is nothing to average. */
export function queueFigures(s: QueueSums) {
  return {
    offered: s.offered,
    answered: s.answered,
    abandoned: s.abandoned,
    averageAbandon: ratio(s.abandonSum, s.abandoned),
    longestAbandon: s.abandoned ? s.abandonMax : null,
    averageWait: ratio(s.waitSum, s.answered),
    longestWait: s.answered ? s.waitMax : null,
    averageTalk: ratio(s.talkSum, s.talked),
    averageHandle: ratio(s.handleSum, s.talked),
    /** Answered within the threshold ÷ calls that ended (answered + abandoned), 0–1: the wallboard's own formula (common/queue-alerts.ts), so a caller still waiting counts for neither. */
    serviceLevel: ratio(s.answeredWithin, s.answered + s.abandoned),
  };
}

/** Statuses in which mod_callcenter may offer the agent a call. */
export const AVAILABLE_STATUSES = ['Available', 'Available (On Demand)'];

export function agentFigures(s: AgentSums) {
  const available = AVAILABLE_STATUSES.reduce((t, k) => t + (s.status[k] ?? 0), 0);
  return {
    answered: s.answered,
    averageTalk: ratio(s.talkSum, s.talked),
    averageHandle: ratio(s.handleSum, s.talked),
    available,
    onBreak: s.status['On Break'] ?? 0,
    loggedOut: s.status['Logged Out'] ?? 0,
    /** Handle time ÷ time Available (talk happens while Available), 0–1. */
    occupancy: available > 0 ? Math.min(1, s.handleSum / available) : null,
  };
}
