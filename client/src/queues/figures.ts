// What the queue pages show, computed from a queue's live state and the
// current time. Pure, so the waits count up on screen from one `joinedAt`
// without a server message per second.
import type { QueueAgent, QueueLive } from '../../../common/live.ts';
import { longestWait, serviceLevel, waitingMembers } from '../../../common/queue-alerts.ts';

// The same figures the alerts are judged by (common/queue-alerts.ts).
export { longestWait, serviceLevel, waitingMembers };

export const averageWait = (q: QueueLive): number | null => (q.answered ? Math.round(q.waitSeconds / q.answered) : null);

/** Reserved: mod_callcenter has picked the agent for a caller, the phone is about to ring. */
const onCall = (a: QueueAgent) => a.state === 'In a queue call' || a.state === 'Receiving' || a.state === 'Reserved';

/** The badge colour of a status. */
export const statusState = (status: QueueAgent['status']) => (status.startsWith('Available') ? 'ok' : status === 'On Break' ? 'warn' : 'off');

/** Available to mod_callcenter, but no phone registered: such an agent takes no call. */
export const withoutPhone = (a: AgentDeskView) => a.status.startsWith('Available') && a.phone === false;
/** Resting after a queue call until `wrapUpUntil`: mod_callcenter offers nothing meanwhile. */
export const wrappingUp = (a: AgentDeskView, nowSeconds: number) => (a.wrapUpUntil ?? 0) > nowSeconds;

/** An agent as the desk badges read it (the queue's agent or the agent's own view). */
export type AgentDeskView = Pick<QueueAgent, 'status' | 'state' | 'since' | 'reason' | 'phone' | 'wrapUpUntil'>;

/** Only an agent mod_callcenter can actually reach counts as available: no phone, or still wrapping up, does not. */
export function countAgents(agents: QueueAgent[], nowSeconds: number) {
  const free = (a: QueueAgent) => a.status.startsWith('Available') && !onCall(a);
  return {
    available: agents.filter((a) => free(a) && !withoutPhone(a) && !wrappingUp(a, nowSeconds)).length,
    noPhone: agents.filter((a) => free(a) && withoutPhone(a)).length,
    wrapUp: agents.filter((a) => free(a) && !withoutPhone(a) && wrappingUp(a, nowSeconds)).length,
    onCall: agents.filter(onCall).length,
    onBreak: agents.filter((a) => a.status === 'On Break' && !onCall(a)).length,
  };
}

export const agentCounts = (q: QueueLive, nowSeconds: number) => countAgents(q.agents, nowSeconds);

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

/**
 * Callers waiting with an agent free to take them are fine; more callers than
 * free agents is a warning; five or more with nobody free, an alarm.
 */
export function waitingLevel(waiting: number, available: number): Level {
  if (waiting === 0 || waiting <= available) return 'ok';
  return waiting >= 5 && available === 0 ? 'danger' : 'warn';
}

const RANK: Record<Level, number> = { ok: 0, warn: 1, danger: 2 };
export const worstLevel = (...levels: Level[]): Level => levels.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');

/** The mod_callcenter agent name's extension: `1002@acme.pbx.test` → `1002`. */
export const agentExtension = (agent: string): string => agent.split('@')[0] ?? agent;

/** The whole tenant at a glance: every queue's callers, each agent counted once however many queues they answer. */
export function boardTotals(queues: QueueLive[], nowSeconds: number) {
  const agents = new Map<string, QueueAgent>();
  for (const q of queues) for (const a of q.agents) agents.set(a.name, a);
  return {
    waiting: queues.reduce((n, q) => n + waitingMembers(q).length, 0),
    longest: Math.max(0, ...queues.map((q) => longestWait(q, nowSeconds))),
    answered: queues.reduce((n, q) => n + q.answered, 0),
    abandoned: queues.reduce((n, q) => n + q.abandoned, 0),
    ...countAgents([...agents.values()], nowSeconds),
  };
}

/** How a queue stands on each of the wallboard's three big figures. */
export function queueLevels(q: QueueLive, nowSeconds: number) {
  // A caller whose offer is ringing an agent is being served; only the others count against the free agents.
  const unserved = q.members.filter((m) => m.state === 'Waiting').length;
  return {
    waiting: waitingLevel(unserved, agentCounts(q, nowSeconds).available),
    longest: waitLevel(longestWait(q, nowSeconds), q.thresholdSeconds),
    sl: serviceLevelLevel(serviceLevel(q)),
  };
}
