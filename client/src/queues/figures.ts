// What the queue pages show, computed from a queue's live state and the
// current time. Pure, so the waits count up on screen from one `joinedAt`
// without a server message per second.
import type { QueueAgent, QueueLive, QueueMember } from '../../../common/live.ts';

/** Callers not yet talking to an agent (an offer that is ringing still counts as waiting). */
export const waitingMembers = (q: QueueLive): QueueMember[] => q.members.filter((m) => m.state !== 'Answered');

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

export const averageWait = (q: QueueLive): number | null => (q.answered ? Math.round(q.waitSeconds / q.answered) : null);

const onCall = (a: QueueAgent) => a.state === 'In a queue call' || a.state === 'Receiving';

export function agentCounts(q: QueueLive) {
  return {
    available: q.agents.filter((a) => a.status.startsWith('Available') && !onCall(a)).length,
    onCall: q.agents.filter(onCall).length,
    onBreak: q.agents.filter((a) => a.status === 'On Break' && !onCall(a)).length,
  };
}

/** 75 → "1:15", 3700 → "1:01:40". */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

export type Level = 'ok' | 'warn' | 'danger';

/** A caller waiting past the service-level threshold is a warning; three times it, an alarm. */
export const waitLevel = (seconds: number, threshold: number): Level =>
  seconds >= threshold * 3 ? 'danger' : seconds >= threshold ? 'warn' : 'ok';

export const serviceLevelLevel = (percent: number | null): Level =>
  percent === null || percent >= 80 ? 'ok' : percent >= 60 ? 'warn' : 'danger';
