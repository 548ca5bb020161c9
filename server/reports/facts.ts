// What the queue reports are counted from, read off FreeSWITCH's three ways
// of telling it. Pure: the writer (record.ts) makes each fact land once.
//
//   * callcenter::info events (ESL): every node hears them as they happen;
//   * the member's CDR (mod_json_cdr over HTTP, or CHANNEL_HANGUP_COMPLETE):
//     mod_callcenter's cc_* variables on the caller's channel, posted even
//     while the event socket is down, so a visit no event told is still counted;
//   * the resync after a reconnect: callers still in the queues, and each
//     agent's status with its last_status_change.
//
// Which source wins when two speak: each time (joined, answered, ended) is
// mod_callcenter's own epoch in every source (local_epoch_time_now as the
// event is fired or the variable set, the same second), so the first one
// written stays — except `joined`, where the earliest wins (a resumed caller
// keeps its first join). The outcome only moves forward: waiting → abandoned
// → answered (a caller who abandoned and resumed, then was answered, was
// answered); a visit already answered or abandoned never goes back to waiting.
import type { AgentStatus } from '../../common/live.ts';
import type { CallCenterEvent, CcQueue, CcVisit, Micros } from '../pbx/events.ts';

export const OUTCOMES = ['waiting', 'abandoned', 'answered'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One caller's visit to a queue, as much of it as one source says. Times in Unix seconds. */
export interface VisitFact {
  memberUuid: string;
  /** `name@domain`: the domain names the tenant. */
  queue: string;
  joinedAt: number;
  sessionUuid?: string;
  cidName?: string;
  cidNumber?: string;
  answeredAt?: number;
  endedAt?: number;
  agent?: string;
  outcome: Outcome;
  cancelReason?: string;
  /** The agent's wrap-up after this call (mod_callcenter's wrap_up_time): counted in the handle time. */
  wrapUpSeconds?: number;
}

const RANK: Record<Outcome, number> = { waiting: 0, abandoned: 1, answered: 2 };

/**
 * Two facts of one visit as one, by the rules above (the SQL merge in
 * record.ts is the same): `a` was heard first. A node writes the facts of an
 * event-loop turn in one statement, which may touch each row only once.
 */
export function mergeVisit(a: VisitFact, b: VisitFact): VisitFact {
  const merged: VisitFact = {
    memberUuid: a.memberUuid,
    queue: a.queue,
    joinedAt: Math.min(a.joinedAt, b.joinedAt),
    outcome: RANK[b.outcome] > RANK[a.outcome] ? b.outcome : a.outcome,
  };
  const first = <K extends keyof VisitFact>(key: K) => {
    const value = a[key] ?? b[key];
    if (value !== undefined) merged[key] = value;
  };
  first('sessionUuid');
  first('answeredAt');
  first('endedAt');
  first('agent');
  first('cancelReason');
  if (a.cidName || b.cidName) merged.cidName = a.cidName || b.cidName;
  if (a.cidNumber || b.cidNumber) merged.cidNumber = a.cidNumber || b.cidNumber;
  if (a.wrapUpSeconds !== undefined || b.wrapUpSeconds !== undefined) merged.wrapUpSeconds = Math.max(a.wrapUpSeconds ?? 0, b.wrapUpSeconds ?? 0);
  return merged;
}

/** An agent's status began at `at` (µs). */
export interface StatusFact {
  agent: string;
  at: Micros;
  status: AgentStatus;
}

/**
 * The visit fact of a callcenter::info event, or undefined for events that
 * tell nothing durable (an offer ringing, a failed offer, a count).
 * `wrapUp` is the agent's wrap_up_time as this node last read it.
 */
export function visitOfEvent(event: CallCenterEvent, wrapUp: (agent: string) => number | undefined): VisitFact | undefined {
  switch (event.kind) {
    case 'member-queue-start': {
      const { uuid, cidName, cidNumber, joinedAt } = event.member;
      return { memberUuid: uuid, queue: event.queue, joinedAt, cidName, cidNumber, outcome: 'waiting' };
    }
    case 'bridge-agent-start': {
      const { uuid, cidName, cidNumber, joinedAt } = event.member;
      const answeredAt = event.answeredAt || Math.floor(event.at / 1_000_000);
      return { memberUuid: uuid, queue: event.queue, joinedAt, cidName, cidNumber, answeredAt, agent: event.agent, outcome: 'answered' };
    }
    case 'bridge-agent-end': {
      const { uuid, joinedAt } = event.member;
      const wrap = wrapUp(event.agent);
      return {
        memberUuid: uuid,
        queue: event.queue,
        joinedAt,
        endedAt: event.endedAt,
        agent: event.agent,
        outcome: 'answered',
        ...(wrap !== undefined && { wrapUpSeconds: wrap }),
      };
    }
    case 'member-queue-end': {
      const { uuid, cidName, cidNumber, joinedAt } = event.member;
      const base = { memberUuid: uuid, queue: event.queue, joinedAt, cidName, cidNumber, endedAt: event.leftAt };
      if (event.cause === 'Cancel') return { ...base, outcome: 'abandoned', ...(event.cancelReason && { cancelReason: event.cancelReason }) };
      return { ...base, outcome: 'answered', ...(event.agent && { agent: event.agent }), ...(event.answeredAt && { answeredAt: event.answeredAt }) };
    }
    default:
      return undefined;
  }
}

/** The visit a member's CDR tells (`session` is the leg's own uuid); its end stands in when mod_callcenter set none. */
export function visitOfCdr(visit: CcVisit, session: string, endedAt: number, cidName: string, cidNumber: string): VisitFact {
  // cc_cause is set as the caller leaves callcenter_function; a channel that
  // hung up without it (the module unloaded under it) left unanswered unless bridged.
  const answered = visit.cause === 'answered' || (visit.cause === undefined && visit.answeredAt !== undefined);
  return {
    memberUuid: visit.memberUuid,
    queue: visit.queue,
    joinedAt: visit.joinedAt,
    sessionUuid: session,
    cidName,
    cidNumber,
    ...(visit.answeredAt !== undefined && { answeredAt: visit.answeredAt }),
    endedAt: (answered ? visit.terminatedAt : visit.canceledAt) ?? visit.terminatedAt ?? visit.canceledAt ?? endedAt,
    ...(visit.agent && answered && { agent: visit.agent }),
    outcome: answered ? 'answered' : 'abandoned',
    ...(!answered && visit.cancelReason && { cancelReason: visit.cancelReason }),
  };
}

/** Callers the resync found in the queues: one who joined while we were away is counted from its join. */
export function visitsOfResync(truth: CcQueue[]): VisitFact[] {
  return truth.flatMap((q) =>
    q.members.map((m): VisitFact => {
      const answered = m.state === 'Answered';
      return {
        memberUuid: m.uuid,
        queue: q.name,
        joinedAt: m.joinedAt,
        cidName: m.cidName,
        cidNumber: m.cidNumber,
        outcome: answered ? 'answered' : 'waiting',
        ...(answered && m.servingAgent && { agent: m.servingAgent }),
        ...(answered && m.bridgedAt && { answeredAt: m.bridgedAt }),
      };
    }),
  );
}

/**
 * Each agent's status as the resync found it, since its last_status_change:
 * the writer logs it only when the agent's last logged status differs (a
 * change made while we were away). mod_callcenter keeps only the last
 * change, so two changes during an outage are logged as the last one.
 */
export function statusesOfResync(truth: CcQueue[]): StatusFact[] {
  const seen = new Map<string, StatusFact>();
  for (const q of truth) {
    for (const a of q.agents) {
      if (!seen.has(a.name) && a.lastStatusChange > 0) seen.set(a.name, { agent: a.name, at: a.lastStatusChange * 1_000_000, status: a.status });
    }
  }
  return [...seen.values()];
}
