// Pure reducers for mod_callcenter: (tenant state, callcenter event or the
// resync's truth) → scope changes for the queues and for the agents' own
// extensions. They build the next view of every queue they touch, then
// send only the fields that differ, so a resync that finds nothing new sends nothing;
// of a queue's agents, only the ones that differ.
import {
  applyAgentUpdates,
  extensionScope,
  queueScope,
  type AgentLive,
  type QueueAgent,
  type QueueLive,
  type QueueMember,
  type QueueSet,
} from '../../common/live.ts';
import { assertNever } from '../../common/exhaustive.ts';
import type { CallCenterEvent, CcQueue, Micros } from '../pbx/events.ts';
import type { Change } from './changes.ts';
import { emptyQueue, type TenantState } from './state.ts';

/** `sales@acme.pbx.test` → `sales` when the domain is the tenant's. */
export function localPart(full: string, domain: string): string | undefined {
  const at = full.lastIndexOf('@');
  if (at <= 0 || full.slice(at + 1).toLowerCase() !== domain) return undefined;
  return full.slice(0, at);
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The local calendar day of an event: today's counters start again at midnight. */
export function dayOf(at: Micros): string {
  const d = new Date(Math.floor(at / 1000));
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const byJoined = (a: QueueMember, b: QueueMember) => a.joinedAt - b.joinedAt || a.uuid.localeCompare(b.uuid);
const byName = (a: QueueAgent, b: QueueAgent) => a.name.localeCompare(b.name);

/** The counters of the event's day: a new day starts from zero. */
function today(q: QueueLive, at: Micros): QueueLive {
  const day = dayOf(at);
  return q.day === day ? q : { ...q, day, answered: 0, abandoned: 0, waitSeconds: 0, answeredWithinThreshold: 0 };
}

/** Queues being rebuilt by one event, over the tenant's current ones. */
class Draft {
  readonly next = new Map<string, QueueLive>();
  readonly agents = new Set<string>();
  constructor(readonly state: TenantState) {}

  get(name: string): QueueLive | undefined {
    return this.next.get(name) ?? this.state.queues.get(name);
  }

  set(q: QueueLive): void {
    this.next.set(q.name, q);
  }

  all(): QueueLive[] {
    return [...this.state.queues.keys()].map((name) => this.get(name)!);
  }

  /** Replace (or with `update` returning undefined, remove) one member. */
  member(queue: string, uuid: string, update: (m: QueueMember | undefined) => QueueMember | undefined, at?: Micros): void {
    const q = this.get(queue);
    if (!q) return;
    const current = q.members.find((m) => m.uuid === uuid);
    const updated = update(current);
    if (current?.agent) this.agents.add(current.agent);
    if (updated?.agent) this.agents.add(updated.agent);
    if (!current && !updated) return;
    const members = q.members.filter((m) => m.uuid !== uuid);
    if (updated) members.push(updated);
    this.set({ ...(at === undefined ? q : today(q, at)), members: members.sort(byJoined) });
  }

  /** Status or state of an agent in every queue it has a tier in. */
  agent(name: string, change: Partial<Pick<QueueAgent, 'status' | 'state'>>): void {
    for (const q of this.all()) {
      const i = q.agents.findIndex((a) => a.name === name);
      if (i === -1) continue;
      const agents = [...q.agents];
      agents[i] = { ...agents[i]!, ...change };
      this.set({ ...q, agents });
      this.agents.add(name);
    }
  }

  changes(): Change[] {
    const changes: Change[] = [];
    for (const [name, next] of this.next) {
      const set = diff(this.state.queues.get(name)!, next);
      if (set) changes.push({ kind: 'scope', scope: queueScope(name), set });
    }
    for (const name of this.agents) {
      const extension = localPart(name, this.state.domain);
      const ext = extension === undefined ? undefined : this.state.extensions.get(extension);
      if (!ext) continue;
      const agent = agentView(this.all(), name);
      if (JSON.stringify(agent) !== JSON.stringify(ext.agent)) {
        changes.push({ kind: 'scope', scope: extensionScope(ext.number), set: { agent } });
      }
    }
    return changes;
  }
}

function diff(current: QueueLive, next: QueueLive): QueueSet | undefined {
  const set: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof QueueLive)[]) {
    if (JSON.stringify(current[key]) !== JSON.stringify(next[key])) set[key] = next[key];
  }
  if (set.agents) {
    const updates = agentUpdates(current.agents, next.agents);
    // Per-agent updates only when folding them rebuilds the very list: every agent
    // that differs is in them, so the same names in the same order suffice.
    const folded = applyAgentUpdates(current.agents, updates);
    if (folded.length === next.agents.length && folded.every((a, i) => a.name === next.agents[i]!.name)) {
      delete set.agents;
      set.agentUpdates = updates;
    }
  }
  return Object.keys(set).length ? (set as QueueSet) : undefined;
}

/** The agents that differ between two lists, by name; null for the ones gone. */
function agentUpdates(current: QueueAgent[], next: QueueAgent[]): Record<string, QueueAgent | null> {
  const before = new Map(current.map((a) => [a.name, a]));
  const updates: Record<string, QueueAgent | null> = {};
  for (const a of next) {
    const was = before.get(a.name);
    // An agent the reducer did not touch is the same object: skip serialising it.
    if (was !== a && JSON.stringify(was) !== JSON.stringify(a)) updates[a.name] = a;
  }
  const names = new Set(next.map((a) => a.name));
  for (const a of current) if (!names.has(a.name)) updates[a.name] = null;
  return updates;
}

/** An agent as its own extension shows it: status and state from its tiers, its call from the queues' members. */
export function agentView(queues: QueueLive[], name: string): AgentLive | null {
  let found: QueueAgent | undefined;
  let call: AgentLive['call'] = null;
  for (const q of queues) {
    found ??= q.agents.find((a) => a.name === name);
    const member = q.members.find((m) => m.agent === name);
    if (member && !call) call = { queue: q.name, memberUuid: member.uuid, cidName: member.cidName, cidNumber: member.cidNumber };
  }
  return found ? { name, status: found.status, state: found.state, call } : null;
}

export function reduceCallCenter(state: TenantState, event: CallCenterEvent): Change[] {
  const draft = new Draft(state);
  const queue = 'queue' in event ? localPart(event.queue, state.domain) : undefined;
  switch (event.kind) {
    case 'agent-status-change':
      draft.agent(event.agent, { status: event.status });
      break;
    case 'agent-state-change':
      draft.agent(event.agent, { state: event.state });
      break;
    case 'member-queue-start':
      if (queue) draft.member(queue, event.member.uuid, () => ({ ...event.member, state: 'Waiting', agent: null }));
      break;
    case 'agent-offering':
      if (queue) {
        draft.member(queue, event.member.uuid, (m) => ({ ...(m ?? event.member), state: 'Trying', agent: event.agent }));
      }
      break;
    case 'bridge-agent-fail':
      if (queue) draft.member(queue, event.member.uuid, (m) => m && { ...m, state: 'Waiting', agent: null });
      break;
    case 'bridge-agent-start':
      if (queue) {
        draft.member(queue, event.member.uuid, (m) => ({ ...(m ?? event.member), state: 'Answered', agent: event.agent }), event.at);
        const q = draft.get(queue)!;
        const wait = Math.max(0, (event.answeredAt || Math.floor(event.at / 1_000_000)) - event.member.joinedAt);
        draft.set({
          ...q,
          answered: q.answered + 1,
          waitSeconds: q.waitSeconds + wait,
          answeredWithinThreshold: q.answeredWithinThreshold + (wait <= q.thresholdSeconds ? 1 : 0),
        });
      }
      break;
    case 'bridge-agent-end':
      // mod_callcenter deletes the member row when the bridge ends.
      if (queue) draft.member(queue, event.member.uuid, () => undefined);
      break;
    case 'member-queue-end':
      if (queue) {
        const known = draft.get(queue)?.members.some((m) => m.uuid === event.member.uuid) ?? false;
        draft.member(queue, event.member.uuid, () => undefined, event.at);
        if (event.cause === 'Cancel' && known) {
          const q = draft.get(queue)!;
          draft.set({ ...q, abandoned: q.abandoned + 1 });
        }
      }
      break;
    case 'members-count':
      // Derivable from the members we hold.
      break;
    default:
      assertNever(event, 'callcenter event');
  }
  return draft.changes();
}

/** After a reconnect the PBX's tables are the truth: members and agents are replaced; today's counters stay ours. */
export function resyncCallCenter(state: TenantState, truth: CcQueue[]): Change[] {
  const draft = new Draft(state);
  const truthOf = new Map<string, CcQueue>();
  for (const q of truth) {
    const name = localPart(q.name, state.domain);
    if (name !== undefined && state.queues.has(name)) truthOf.set(name, q);
  }
  for (const current of state.queues.values()) {
    const q = truthOf.get(current.name);
    const statusOf = new Map((q?.agents ?? []).map((a) => [a.name, a]));
    const agents: QueueAgent[] = (q?.tiers ?? []).flatMap((t) => {
      const agent = statusOf.get(t.agent);
      const extension = localPart(t.agent, state.domain);
      return agent && extension !== undefined ? [{ name: t.agent, extension, status: agent.status, state: agent.state }] : [];
    });
    const members: QueueMember[] = (q?.members ?? []).map((m) => ({
      uuid: m.uuid,
      cidName: m.cidName,
      cidNumber: m.cidNumber,
      joinedAt: m.joinedAt,
      state: m.state,
      agent: m.state === 'Waiting' ? null : m.servingAgent,
    }));
    for (const a of [...current.agents, ...agents]) draft.agents.add(a.name);
    draft.set({ ...current, members: members.sort(byJoined), agents: agents.sort(byName) });
  }
  for (const ext of state.extensions.values()) if (ext.agent) draft.agents.add(ext.agent.name);
  return draft.changes();
}
