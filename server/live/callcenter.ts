// Pure reducers for mod_callcenter: (tenant state, callcenter event or the
// resync's truth) → scope changes for the queues and for the agents' own
// extensions. They build the next view of every queue they touch, then
// send only the fields that differ, so a resync that finds nothing new sends nothing;
// of a queue's agents, only the ones that differ. Beside mod_callcenter's
// status and state, each agent carries its desk: since when, why on break
// (ours: mod_callcenter knows only "On Break"), whether a phone is
// registered (an Available agent without one takes no call), and its wrap-up.
import {
  applyAgentUpdates,
  extensionScope,
  queueScope,
  type AgentDesk,
  type AgentLive,
  type AgentStatus,
  type QueueAgent,
  type QueueLive,
  type QueueMember,
  type QueueSet,
} from '../../common/live.ts';
import { assertNever } from '../../common/exhaustive.ts';
import type { CallCenterEvent, CcQueue, Micros } from '../pbx/events.ts';
import type { Change } from './changes.ts';
import { type AgentBreakInfo, type AgentSetter, type TenantState } from './state.ts';

/** `sales@acme.pbx.test` → `sales` when the domain is the tenant's. */
export function localPart(full: string, domain: string): string | undefined {
  const at = full.lastIndexOf('@');
  if (at <= 0 || full.slice(at + 1).toLowerCase() !== domain) return undefined;
  return full.slice(0, at);
}

const seconds = (at: Micros) => Math.floor(at / 1_000_000);

/** A break's reason shows only while mod_callcenter says On Break. */
function breakOf(info: AgentBreakInfo | undefined, status: AgentStatus): Pick<QueueAgent, 'reason' | 'breakSource'> {
  const shown = status === 'On Break' ? info : undefined;
  return { reason: shown?.reason ?? null, breakSource: shown?.source ?? null };
}

/** Who set the status shows only while that status holds. */
const setterOf = (setter: AgentSetter | undefined, status: AgentStatus): Pick<QueueAgent, 'setBy'> => ({
  setBy: setter?.status === status ? setter.by : null,
});

/**
 * Desk fields only when they say something (a break's reason, no phone, a
 * wrap-up running): an agent is replaced whole by every update, so absent
 * means the usual, and the updates that make most of the traffic stay small.
 */
function lean<T extends AgentDesk & { status: AgentStatus }>(agent: T): T {
  const out = { ...agent };
  if (out.reason == null) delete out.reason;
  if (out.breakSource == null) delete out.breakSource;
  if (out.wrapUpUntil == null) delete out.wrapUpUntil;
  if (out.setBy == null) delete out.setBy;
  // "No phone" matters only to an agent who should be taking calls: a phone
  // coming and going under anyone else changes nothing on screen.
  if (out.phone !== false || !out.status.startsWith('Available')) delete out.phone;
  return out;
}

/** Whether the agent's extension has a registered phone, as the agent's status turns. */
function hasPhone(state: TenantState, agent: string): boolean {
  const extension = localPart(agent, state.domain);
  return (extension !== undefined && (state.extensions.get(extension)?.devices.length ?? 0) > 0);
}

const byJoined = (a: QueueMember, b: QueueMember) => a.joinedAt - b.joinedAt || a.uuid.localeCompare(b.uuid);
const byName = (a: QueueAgent, b: QueueAgent) => a.name.localeCompare(b.name);

/** Queues being rebuilt by one event, over the tenant's current ones. */
class Draft {
  readonly next = new Map<string, QueueLive>();
  readonly agents = new Set<string>();
  /**
   * Per queue, the places in its agent list replaced by agent(): the list
   * keeps its names and order, so only those places can differ. Null: the
   * list was replaced whole (set()), and the diff compares it all.
   */
  private readonly agentEdits = new Map<string, Set<number> | null>();
  constructor(readonly state: TenantState) {}

  get(name: string): QueueLive | undefined {
    return this.next.get(name) ?? this.state.queues.get(name);
  }

  set(q: QueueLive): void {
    if (this.get(q.name)?.agents !== q.agents) this.agentEdits.set(q.name, null);
    this.next.set(q.name, q);
  }

  all(): QueueLive[] {
    return [...this.state.queues.keys()].map((name) => this.get(name)!);
  }

  /** Replace (or with `update` returning undefined, remove) one member. */
  member(queue: string, uuid: string, update: (m: QueueMember | undefined) => QueueMember | undefined): void {
    const q = this.get(queue);
    if (!q) return;
    const current = q.members.find((m) => m.uuid === uuid);
    const updated = update(current);
    if (current?.agent) this.agents.add(current.agent);
    if (updated?.agent) this.agents.add(updated.agent);
    if (!current && !updated) return;
    const members = q.members.filter((m) => m.uuid !== uuid);
    if (updated) members.push(updated);
    this.set({ ...q, members: members.sort(byJoined) });
  }

  /** What changed of an agent, in every queue it has a tier in. */
  agent(name: string, change: Partial<Omit<QueueAgent, 'name' | 'extension'>>): void {
    for (const q of this.all()) {
      const i = q.agents.findIndex((a) => a.name === name);
      if (i === -1) continue;
      const agents = [...q.agents];
      agents[i] = lean({ ...agents[i]!, ...change });
      this.next.set(q.name, { ...q, agents });
      const edits = this.agentEdits.get(q.name);
      if (edits !== null) this.agentEdits.set(q.name, (edits ?? new Set()).add(i));
      this.agents.add(name);
    }
  }

  changes(): Change[] {
    const changes: Change[] = [];
    for (const [name, next] of this.next) {
      const set = diff(this.state.queues.get(name)!, next, this.agentEdits.get(name) ?? undefined);
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

/** `edits`: the only places where next's agents may differ (same names, same order); without it the lists are compared whole. */
function diff(current: QueueLive, next: QueueLive, edits?: Set<number>): QueueSet | undefined {
  const set: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof QueueLive)[]) {
    // What the reducer did not touch is the same object: no need to serialise it.
    // The agents are compared one by one below, never as a whole list.
    if (key === 'agents' || current[key] === next[key]) continue;
    if (JSON.stringify(current[key]) !== JSON.stringify(next[key])) set[key] = next[key];
  }
  if (current.agents !== next.agents && edits) {
    const updates: Record<string, QueueAgent> = {};
    for (const i of edits) {
      const was = current.agents[i];
      const now = next.agents[i]!;
      if (was !== now && JSON.stringify(was) !== JSON.stringify(now)) updates[now.name] = now;
    }
    if (Object.keys(updates).length > 0) set.agentUpdates = updates;
  } else if (current.agents !== next.agents) {
    const updates = agentUpdates(current.agents, next.agents);
    // Per-agent updates only when folding them rebuilds the very list: every agent
    // that differs is in them, so the same names in the same order suffice.
    const folded = applyAgentUpdates(current.agents, updates);
    const same = folded.length === next.agents.length && folded.every((a, i) => a.name === next.agents[i]!.name);
    if (!same) set.agents = next.agents;
    else if (Object.keys(updates).length > 0) set.agentUpdates = updates;
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
  if (!found) return null;
  const { extension: _, ...agent } = found;
  return { ...agent, call };
}

/** The agent's break reason was saved or cleared: every queue (and the agent's own screen) shows it. */
export function breakChanged(state: TenantState, agent: string, info: AgentBreakInfo | null): Change[] {
  const draft = new Draft(state);
  const status = [...state.queues.values()].flatMap((q) => q.agents).find((a) => a.name === agent)?.status;
  if (status === 'On Break') draft.agent(agent, { ...breakOf(info ?? undefined, status), ...(info && { since: info.since }) });
  return [{ kind: 'agent', agent, break: info }, ...draft.changes()];
}

/** A supervisor set the agent's status, or that is forgotten: shown at once where the status already is the one set. */
export function setterChanged(state: TenantState, agent: string, setter: AgentSetter | null): Change[] {
  const draft = new Draft(state);
  const status = [...state.queues.values()].flatMap((q) => q.agents).find((a) => a.name === agent)?.status;
  if (status) draft.agent(agent, setterOf(setter ?? undefined, status));
  return [{ kind: 'agent', agent, setter }, ...draft.changes()];
}

/**
 * A queue's figures for today, read back from the stored visits
 * (server/reports/today.ts) after a fact about it was written by any node.
 */
export function todayCounted(state: TenantState, queue: string, today: Pick<QueueLive, 'day' | 'answered' | 'abandoned' | 'waitSeconds' | 'answeredWithinThreshold' | 'offered' | 'longestWaitSeconds'>): Change[] {
  const q = state.queues.get(queue);
  if (!q) return [];
  const set: QueueSet = {};
  for (const key of Object.keys(today) as (keyof typeof today)[]) {
    if (q[key] !== today[key]) (set as Record<string, unknown>)[key] = today[key];
  }
  return Object.keys(set).length ? [{ kind: 'scope', scope: queueScope(queue), set }] : [];
}

/** The agent ended the wrap-up early. */
export function readyNow(state: TenantState, agent: string): Change[] {
  const draft = new Draft(state);
  draft.agent(agent, { wrapUpUntil: null });
  return draft.changes();
}

/** The agent's extension got its first phone or lost its last: every queue shows whether it can take calls. */
export function phoneChanged(state: TenantState, extension: string, phone: boolean): Change[] {
  // Said of an Available agent only (lean): under anyone else nothing on screen changes.
  if (!state.extensions.get(extension)?.agent?.status.startsWith('Available')) return [];
  const draft = new Draft(state);
  draft.agent(`${extension}@${state.domain}`, { phone });
  return draft.changes();
}

/**
 * Whether FreeSWITCH's status, said at `at` (µs), ends the break we keep: any
 * status but On Break does, unless it was said before the break was saved.
 */
export const breakEndedBy = (info: AgentBreakInfo | undefined, status: AgentStatus, at: Micros): boolean =>
  info !== undefined && status !== 'On Break' && (info.savedAt === undefined || at / 1000 >= info.savedAt);

/** A break we kept for an agent mod_callcenter says is not on break any more is over; so is a supervisor's word for another status. */
const breakOver = (state: TenantState, agent: string, status: AgentStatus, at: Micros): Change[] => [
  ...(breakEndedBy(state.breaks.get(agent), status, at) ? [{ kind: 'agent' as const, agent, break: null }] : []),
  ...(state.setters.has(agent) && state.setters.get(agent)!.status !== status ? [{ kind: 'agent' as const, agent, setter: null }] : []),
];

export function reduceCallCenter(state: TenantState, event: CallCenterEvent): Change[] {
  const draft = new Draft(state);
  const queue = 'queue' in event ? localPart(event.queue, state.domain) : undefined;
  switch (event.kind) {
    case 'agent-status-change':
      draft.agent(event.agent, {
        status: event.status,
        since: seconds(event.at),
        phone: hasPhone(state, event.agent),
        ...breakOf(state.breaks.get(event.agent), event.status),
        ...setterOf(state.setters.get(event.agent), event.status),
      });
      return [...breakOver(state, event.agent, event.status, event.at), ...draft.changes()];
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
        draft.member(queue, event.member.uuid, (m) => ({ ...(m ?? event.member), state: 'Answered', agent: event.agent }));
      }
      draft.agent(event.agent, { wrapUpUntil: null });
      break;
    case 'bridge-agent-end': {
      // mod_callcenter deletes the member row when the bridge ends.
      if (queue) draft.member(queue, event.member.uuid, () => undefined);
      // It offers the agent nothing until last_bridge_end + wrap_up_time.
      const wrapUp = state.wrapUp.get(event.agent) ?? 0;
      draft.agent(event.agent, { wrapUpUntil: wrapUp > 0 ? event.endedAt + wrapUp : null });
      break;
    }
    case 'member-queue-end':
      // Today's answered and abandoned are counted from the stored visits (todayCounted), not here.
      if (queue) draft.member(queue, event.member.uuid, () => undefined);
      break;
    case 'members-count':
      // Derivable from the members we hold.
      break;
    default:
      assertNever(event, 'callcenter event');
  }
  return draft.changes();
}

/**
 * After a reconnect the PBX's tables are the truth: members and agents are
 * replaced; today's counters are the stored visits' (todayCounted). `phones` are the extensions with a
 * registered device in the same resync; `at` when the tables were read (µs).
 */
export function resyncCallCenter(state: TenantState, truth: CcQueue[], phones: Set<string>, at: Micros): Change[] {
  const now = Math.floor(at / 1_000_000);
  const draft = new Draft(state);
  const bookkeeping: Change[] = [];
  const truthOf = new Map<string, CcQueue>();
  for (const q of truth) {
    const name = localPart(q.name, state.domain);
    if (name !== undefined && state.queues.has(name)) truthOf.set(name, q);
  }
  for (const current of state.queues.values()) {
    const q = truthOf.get(current.name);
    const statusOf = new Map((q?.agents ?? []).map((a) => [a.name, a]));
    const agents: QueueAgent[] = (q?.tiers ?? []).flatMap((t) => {
      const row = statusOf.get(t.agent);
      const extension = localPart(t.agent, state.domain);
      if (!row || extension === undefined) return [];
      const wrapUpEnd = row.lastBridgeEnd > 0 && row.wrapUpTime > 0 ? row.lastBridgeEnd + row.wrapUpTime : 0;
      return [
        lean({
          name: t.agent,
          extension,
          status: row.status,
          state: row.state,
          since: row.lastStatusChange,
          ...breakOf(state.breaks.get(t.agent), row.status),
          ...setterOf(state.setters.get(t.agent), row.status),
          phone: phones.has(extension),
          wrapUpUntil: wrapUpEnd > now ? wrapUpEnd : null,
        }),
      ];
    });
    for (const row of q?.agents ?? []) {
      if (state.wrapUp.get(row.name) !== row.wrapUpTime) bookkeeping.push({ kind: 'agent', agent: row.name, wrapUp: row.wrapUpTime });
      bookkeeping.push(...breakOver(state, row.name, row.status, at));
    }
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
  return [...bookkeeping, ...draft.changes()];
}
