// Queue alerts: the thresholds a tenant's admin sets per queue, and one pure
// evaluation of a queue's live state against them at a given moment. The
// wallboard's tiles, the banner and the desktop notifications all read it,
// so they can never disagree; it runs on every patch (a caller joining
// crosses "callers waiting" at once) and on every tick of the page's clock
// (the longest wait crosses with time alone, no message needed).
import type { QueueAlertThresholds, QueueLive, QueueMember } from './live.ts';

export type { QueueAlertThresholds };

export const QUEUE_ALERT_KINDS = ['waiting', 'longest-wait', 'service-level'] as const;
export type QueueAlertKind = (typeof QUEUE_ALERT_KINDS)[number];

/** One threshold crossed, with the figure that crossed it. */
export interface QueueAlert {
  queue: string;
  kind: QueueAlertKind;
  /** Callers, seconds, or percent. */
  value: number;
  threshold: number;
}

/** Callers not yet talking to an agent (an offer that is ringing still counts as waiting). */
export const waitingMembers = (q: QueueLive): QueueMember[] => q.members.filter((m) => m.state !== 'Answered');

/** Seconds the longest-waiting caller has waited at `nowSeconds`; 0 with nobody waiting. */
export function longestWait(q: QueueLive, nowSeconds: number): number {
  const waiting = waitingMembers(q);
  if (!waiting.length) return 0;
  return Math.max(0, nowSeconds - Math.min(...waiting.map((m) => m.joinedAt)));
}

/** Share of today's callers answered within the threshold, in %; null before the first call. */
export function serviceLevel(q: QueueLive): number | null {
  const offered = q.answered + q.abandoned;
  return offered ? Math.round((100 * q.answeredWithinThreshold) / offered) : null;
}

const set = (n: number | null | undefined): n is number => typeof n === 'number';

/**
 * The thresholds `q` crosses at `nowSeconds`, in QUEUE_ALERT_KINDS order:
 * callers waiting at or above theirs, a wait at or above its seconds, a
 * service level below its percentage (none before the day's first call).
 */
export function queueAlerts(q: QueueLive, thresholds: QueueAlertThresholds | undefined, nowSeconds: number): QueueAlert[] {
  if (!thresholds) return [];
  const alerts: QueueAlert[] = [];
  const { waitingCallers, longestWaitSeconds, serviceLevelPercent } = thresholds;
  if (set(waitingCallers)) {
    const waiting = waitingMembers(q).length;
    if (waiting >= waitingCallers) alerts.push({ queue: q.name, kind: 'waiting', value: waiting, threshold: waitingCallers });
  }
  if (set(longestWaitSeconds)) {
    const wait = Math.floor(longestWait(q, nowSeconds));
    if (wait > 0 && wait >= longestWaitSeconds) alerts.push({ queue: q.name, kind: 'longest-wait', value: wait, threshold: longestWaitSeconds });
  }
  if (set(serviceLevelPercent)) {
    const sl = serviceLevel(q);
    if (sl !== null && sl < serviceLevelPercent) alerts.push({ queue: q.name, kind: 'service-level', value: sl, threshold: serviceLevelPercent });
  }
  return alerts;
}

/** Every queue's alerts, queues by name. */
export const allQueueAlerts = (queues: QueueLive[], nowSeconds: number): QueueAlert[] =>
  [...queues].sort((a, b) => a.name.localeCompare(b.name)).flatMap((q) => queueAlerts(q, q.alerts, nowSeconds));

/** 75 → "1:15". */
const clockWords = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/** What crossed, without the queue: "4 callers waiting (alert at 3)". */
export function alertFigureWords(a: QueueAlert): string {
  switch (a.kind) {
    case 'waiting':
      return `${a.value} caller${a.value === 1 ? '' : 's'} waiting (alert at ${a.threshold})`;
    case 'longest-wait':
      return `a caller waiting ${clockWords(a.value)} (alert at ${clockWords(a.threshold)})`;
    case 'service-level':
      return `service level ${a.value}% (alert below ${a.threshold}%)`;
  }
}

/** The banner's and the notification's words: "Sales: 4 callers waiting (alert at 3)". */
export const alertWords = (a: QueueAlert): string => `${a.queue[0]!.toUpperCase()}${a.queue.slice(1)}: ${alertFigureWords(a)}`;

/** An alert's identity across evaluations: the same queue and figure is the same alert, whatever its value now. */
export const alertKey = (a: Pick<QueueAlert, 'queue' | 'kind'>): string => `${a.queue}\u0000${a.kind}`;

/**
 * What changed between two evaluations: the alerts that were not active
 * before (each crossing is raised once, however many ticks it lasts) and the
 * keys of those that recovered.
 */
export function alertTransitions(before: ReadonlySet<string>, now: readonly QueueAlert[]): { raised: QueueAlert[]; cleared: string[]; active: Set<string> } {
  const active = new Set(now.map(alertKey));
  return {
    raised: now.filter((a) => !before.has(alertKey(a))),
    cleared: [...before].filter((key) => !active.has(key)),
    active,
  };
}
