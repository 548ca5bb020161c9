// mod_callcenter as the simulator plays it: its queues, agents, tiers and
// members tables, `callcenter_config` answered from them, and the
// callcenter::info events FreeSWITCH fires as callers join, are offered to
// agents, are answered, or give up. Tests and the demo script the callers
// and the agents' phones; the dispatch rules are mod_callcenter's.
import { randomUUID } from 'node:crypto';
import type { EventStamper } from './event.ts';
import { SimEvent } from './event.ts';
import { adminApi } from './callcenter-admin.ts';

export type SimAgentStatus = 'Logged Out' | 'Available' | 'Available (On Demand)' | 'On Break';
export type SimAgentState = 'Idle' | 'Waiting' | 'Receiving' | 'In a queue call';
const STATUSES: readonly SimAgentStatus[] = ['Logged Out', 'Available', 'Available (On Demand)', 'On Break'];

export interface SimQueue {
  /** `name@domain`. */
  name: string;
  strategy: string;
  /** max-wait-time: 0 is no limit (the simulator prints it; it does not time callers out). */
  maxWaitTime: number;
  callsAnswered: number;
  callsAbandoned: number;
}

export interface SimAgent {
  name: string;
  status: SimAgentStatus;
  state: SimAgentState;
  lastBridgeEnd: number;
  lastOfferedCall: number;
  lastStatusChange: number;
  noAnswerCount: number;
  callsAnswered: number;
  /** Unix seconds before which the agent gets no new call (after a no-answer). */
  readyTime: number;
  /** `agent set contact`; user/<name> unless set. */
  contact?: string;
  /** `agent add <name> <type>`; callback unless set. */
  type?: string;
  /** `agent set wrap_up_time`, or callcenter.conf's wrap-up-time; 10 unless set. */
  wrapUpTime?: number;
}

export interface SimTier {
  queue: string;
  agent: string;
  level: number;
  position: number;
}

export interface SimMember {
  queue: string;
  uuid: string;
  sessionUuid: string;
  cidName: string;
  cidNumber: string;
  joinedEpoch: number;
  bridgeEpoch: number;
  abandonedEpoch: number;
  state: 'Waiting' | 'Trying' | 'Answered' | 'Abandoned';
  servingAgent: string;
  /** The agent leg's uuid once bridged (CC-Agent-UUID). */
  agentUuid?: string;
}

export interface CallCenterConfig {
  queues: { name: string; strategy?: string; maxWaitTime?: number }[];
  agents: { name: string; status?: SimAgentStatus; wrapUpTime?: number }[];
  tiers: { queue: string; agent: string; level?: number; position?: number }[];
}

/** A caller offered to an agent: the demo decides whether the agent's phone answers. */
export type OfferListener = (agent: string, member: SimMember) => void;

/** discard-abandoned-after: abandoned members stay listed this long. */
const DISCARD_ABANDONED_AFTER_S = 60;
/** no-answer-delay-time: an agent who did not answer rests this long. */
const NO_ANSWER_DELAY_S = 5;

export class CallCenter {
  readonly queues = new Map<string, SimQueue>();
  readonly agents = new Map<string, SimAgent>();
  tiers: SimTier[] = [];
  readonly members = new Map<string, SimMember>();
  /** callcenter.conf's queues: what `queue load` can load. */
  private readonly defined = new Map<string, CallCenterConfig['queues'][number]>();
  private readonly offerListeners = new Set<OfferListener>();
  private readonly retry = new Set<NodeJS.Timeout>();

  constructor(
    private readonly stamper: EventStamper,
    private readonly fire: (event: SimEvent) => void,
  ) {}

  /** Loads callcenter.conf: queues, agents and tiers (replacing what was there). */
  configure(config: CallCenterConfig): void {
    const now = this.now();
    this.queues.clear();
    this.agents.clear();
    this.members.clear();
    this.defined.clear();
    for (const q of config.queues) {
      this.defined.set(q.name, q);
      this.queues.set(q.name, newQueue(q));
    }
    for (const a of config.agents) {
      this.addAgent(a.name, 'callback', a.status ?? 'Logged Out', now);
      if (a.wrapUpTime !== undefined) this.agents.get(a.name)!.wrapUpTime = a.wrapUpTime;
    }
    this.tiers = config.tiers.map((t) => ({ queue: t.queue, agent: t.agent, level: t.level ?? 1, position: t.position ?? 1 }));
  }

  /** `agent add`: a new agent starts Logged Out and Waiting. */
  addAgent(name: string, type: string, status: SimAgentStatus = 'Logged Out', now = this.now()): void {
    this.agents.set(name, {
      name,
      status,
      state: 'Waiting',
      lastBridgeEnd: 0,
      lastOfferedCall: 0,
      lastStatusChange: now,
      noAnswerCount: 0,
      callsAnswered: 0,
      readyTime: 0,
      ...(type !== 'callback' ? { type } : {}),
    });
  }

  /**
   * callcenter.conf changed (FreeSWITCH would fetch it from Switchboard at
   * the next `queue load` or `reload`): only the definitions change, the
   * loaded queues, agents and tiers stay until a command changes them.
   */
  define(queues: CallCenterConfig['queues']): void {
    this.defined.clear();
    for (const q of queues) this.defined.set(q.name, q);
  }

  /** `queue load`: true when callcenter.conf defines it (loading a loaded queue is fine). */
  loadQueue(name: string): boolean {
    const q = this.defined.get(name);
    if (!q) return false;
    if (!this.queues.has(name)) this.queues.set(name, newQueue(q));
    return true;
  }

  unloadQueue(name: string): void {
    this.queues.delete(name);
  }

  onOffer(listener: OfferListener): () => void {
    this.offerListeners.add(listener);
    return () => void this.offerListeners.delete(listener);
  }

  stop(): void {
    for (const t of this.retry) clearTimeout(t);
    this.retry.clear();
    this.offerListeners.clear();
  }

  /** A caller enters the queue (the dialplan's `callcenter <queue>`). */
  join(queue: string, caller: { cidName: string; cidNumber: string }): string {
    if (!this.queues.has(queue)) throw new Error(`no queue ${queue}`);
    const member: SimMember = {
      queue,
      uuid: randomUUID(),
      sessionUuid: randomUUID(),
      cidName: caller.cidName,
      cidNumber: caller.cidNumber,
      joinedEpoch: this.now(),
      bridgeEpoch: 0,
      abandonedEpoch: 0,
      state: 'Waiting',
      servingAgent: '',
    };
    this.members.set(member.uuid, member);
    this.event(queue, 'member-queue-start', memberHeaders(member));
    this.membersCount(queue);
    this.dispatch();
    return member.uuid;
  }

  /** The offered agent's phone answers: the caller is bridged to the agent. */
  answer(agent: string): void {
    const member = this.offeredTo(agent);
    if (!member) throw new Error(`${agent} has no call offered`);
    const now = this.now();
    member.state = 'Answered';
    member.bridgeEpoch = now;
    member.agentUuid = randomUUID();
    const a = this.agents.get(agent)!;
    a.callsAnswered++;
    a.noAnswerCount = 0;
    this.queues.get(member.queue)!.callsAnswered++;
    this.event(member.queue, 'bridge-agent-start', [
      'CC-Agent', agent,
      'CC-Agent-System', 'single_box',
      'CC-Agent-UUID', member.agentUuid,
      'CC-Agent-Called-Time', String(a.lastOfferedCall),
      'CC-Agent-Answered-Time', String(now),
      'CC-Member-Joined-Time', String(member.joinedEpoch),
      ...memberHeaders(member),
    ]);
    this.setState(a, 'In a queue call');
    this.membersCount(member.queue);
  }

  /** The offered agent's phone does not answer (or rejects, or is busy). */
  noAnswer(agent: string, cause = 'NO_ANSWER'): void {
    const member = this.offeredTo(agent);
    if (!member) throw new Error(`${agent} has no call offered`);
    this.fail(member, agent, cause);
    const a = this.agents.get(agent)!;
    a.noAnswerCount++;
    a.readyTime = this.now() + NO_ANSWER_DELAY_S;
    this.later(NO_ANSWER_DELAY_S * 1000 + 10);
    this.dispatch();
  }

  /**
   * The bridged call ends: the caller leaves the queue as Terminated. Both
   * events' CC-Hangup-Cause is the cause of the originate to the agent —
   * SUCCESS for a bridged call, whoever hung up (mod_callcenter.c; recorded).
   */
  hangup(memberUuid: string): void {
    const cause = 'SUCCESS';
    const member = this.members.get(memberUuid);
    if (!member || member.state !== 'Answered') throw new Error(`member ${memberUuid} is not in a call`);
    const a = this.agents.get(member.servingAgent)!;
    const now = this.now();
    this.event(member.queue, 'bridge-agent-end', [
      'CC-Hangup-Cause', cause,
      'CC-Agent', a.name,
      'CC-Agent-System', 'single_box',
      'CC-Agent-UUID', member.agentUuid ?? '',
      'CC-Agent-Bridged', 'true',
      'CC-Agent-Called-Time', String(a.lastOfferedCall),
      'CC-Agent-Answered-Time', String(member.bridgeEpoch),
      'CC-Member-Joined-Time', String(member.joinedEpoch),
      'CC-Bridge-Terminated-Time', String(now),
      ...memberHeaders(member),
    ]);
    a.lastBridgeEnd = now;
    this.members.delete(memberUuid);
    this.event(member.queue, 'member-queue-end', [
      'CC-Hangup-Cause', cause,
      'CC-Cause', 'Terminated',
      'CC-Agent', a.name,
      'CC-Agent-System', 'single_box',
      'CC-Agent-UUID', member.agentUuid ?? '',
      'CC-Agent-Called-Time', String(a.lastOfferedCall),
      'CC-Agent-Answered-Time', String(member.bridgeEpoch),
      'CC-Member-Leaving-Time', String(now),
      'CC-Member-Joined-Time', String(member.joinedEpoch),
      ...memberHeaders(member),
    ]);
    // An on-demand agent takes one call and then waits to be asked again.
    this.setState(a, a.status === 'Available (On Demand)' ? 'Idle' : 'Waiting');
    this.dispatch();
  }

  /** The caller hangs up before an agent answered. */
  abandon(memberUuid: string, reason = 'BREAK_OUT'): void {
    const member = this.members.get(memberUuid);
    if (!member || (member.state !== 'Waiting' && member.state !== 'Trying')) return;
    if (member.state === 'Trying') this.fail(member, member.servingAgent, 'ORIGINATOR_CANCEL');
    const now = this.now();
    member.state = 'Abandoned';
    member.abandonedEpoch = now;
    this.queues.get(member.queue)!.callsAbandoned++;
    this.event(member.queue, 'member-queue-end', [
      'CC-Member-Leaving-Time', String(now),
      'CC-Member-Joined-Time', String(member.joinedEpoch),
      'CC-Cause', 'Cancel',
      'CC-Cancel-Reason', reason,
      ...memberHeaders(member),
    ]);
    this.membersCount(member.queue);
    this.dispatch();
  }

  /** `callcenter_config …`: the body FreeSWITCH answers with. */
  api(args: string): string {
    const words = splitArgs(args);
    const [object, action, ...rest] = words;
    this.discardAbandoned();
    const admin = adminApi(this, words);
    if (admin !== undefined) {
      // mod_callcenter's queue manager looks again on its next round: a new tier or a shorter wrap-up may free an agent.
      if (admin.startsWith('+OK')) this.later(0);
      return admin;
    }
    if (object === 'agent' && action === 'set' && rest.length >= 3) {
      const [key, agent, value] = rest as [string, string, string];
      const a = this.agents.get(agent);
      if (!a) return '-ERR Agent not found!\n';
      if (key !== 'status') return '-ERR Invalid Agent Update KEY!\n';
      const status = STATUSES.find((s) => s.toLowerCase() === value.toLowerCase());
      if (!status) return '-ERR Invalid Agent Status!\n';
      this.setStatus(a, status, value);
      return '+OK\n';
    }
    if (object === 'agent' && action === 'list') return table(AGENT_COLUMNS, [...this.agents.values()].map(agentRow)) + '+OK\n';
    if (object === 'queue' && action === 'list') {
      const [sub, queue] = rest;
      if (sub === undefined) {
        return QUEUE_HEADER + [...this.queues.values()].map(queueRow).join('') + '+OK\n';
      }
      if (!queue) return '-ERR Invalid!\n';
      const tiers = this.tiers.filter((t) => t.queue === queue);
      if (sub === 'agents') {
        return table(AGENT_COLUMNS, tiers.flatMap((t) => (this.agents.has(t.agent) ? [agentRow(this.agents.get(t.agent)!)] : []))) + '+OK\n';
      }
      if (sub === 'members') {
        const now = this.now();
        const members = [...this.members.values()].filter((m) => m.queue === queue).sort((a, b) => a.joinedEpoch - b.joinedEpoch);
        return table(MEMBER_COLUMNS, members.map((m) => memberRow(m, now))) + '+OK\n';
      }
      if (sub === 'tiers') return table(TIER_COLUMNS, tiers.map((t) => [t.queue, t.agent, 'Ready', String(t.level), String(t.position)])) + '+OK\n';
    }
    return '-ERR Invalid!\n';
  }

  private now(): number {
    return Math.floor(this.stamper.now() / 1_000_000);
  }

  private setStatus(a: SimAgent, status: SimAgentStatus, asGiven: string): void {
    a.status = status;
    a.lastStatusChange = this.now();
    if (status === 'Available') a.noAnswerCount = 0;
    // mod_callcenter echoes the value it was given.
    this.fireInfo(['CC-Agent', a.name, 'CC-Action', 'agent-status-change', 'CC-Agent-Status', asGiven]);
    // Leaving Available cancels a call still ringing the agent.
    const offered = this.offeredTo(a.name);
    if (offered && status !== 'Available' && status !== 'Available (On Demand)') this.fail(offered, a.name, 'ORIGINATOR_CANCEL');
    this.dispatch();
  }

  private setState(a: SimAgent, state: SimAgentState): void {
    if (a.state === state) return;
    a.state = state;
    if (state === 'Receiving') a.lastOfferedCall = this.now();
    this.fireInfo(['CC-Agent', a.name, 'CC-Action', 'agent-state-change', 'CC-Agent-State', state]);
  }

  private offeredTo(agent: string): SimMember | undefined {
    for (const m of this.members.values()) if (m.servingAgent === agent && m.state === 'Trying') return m;
    return undefined;
  }

  /** The offer to `agent` ended without a bridge: the caller waits again, the agent is free again. */
  private fail(member: SimMember, agent: string, cause: string): void {
    member.state = 'Waiting';
    member.servingAgent = '';
    this.event(member.queue, 'bridge-agent-fail', [
      'CC-Hangup-Cause', cause,
      'CC-Agent', agent,
      'CC-Agent-System', 'single_box',
      'CC-Agent-Called-Time', String(this.agents.get(agent)?.lastOfferedCall ?? 0),
      'CC-Agent-Aborted-Time', String(this.now()),
      ...memberHeaders(member),
      'CC-Member-Joined-Time', String(member.joinedEpoch),
    ]);
    const a = this.agents.get(agent);
    if (a) this.setState(a, 'Waiting');
  }

  /** The longest-waiting caller of each queue goes to a free agent, in tier order and by the queue's strategy. */
  private dispatch(): void {
    const now = this.now();
    const waiting = [...this.members.values()].filter((m) => m.state === 'Waiting').sort((a, b) => a.joinedEpoch - b.joinedEpoch);
    for (const member of waiting) {
      const agent = this.pickAgent(member.queue, now);
      if (!agent) continue;
      member.state = 'Trying';
      member.servingAgent = agent.name;
      this.setState(agent, 'Receiving');
      this.event(member.queue, 'agent-offering', ['CC-Agent', agent.name, 'CC-Agent-Type', agent.type ?? 'callback', 'CC-Agent-System', 'single_box', ...memberHeaders(member)]);
      for (const listener of this.offerListeners) listener(agent.name, { ...member });
    }
  }

  private pickAgent(queue: string, now: number): SimAgent | undefined {
    const strategy = this.queues.get(queue)?.strategy ?? 'longest-idle-agent';
    const free = this.tiers
      .filter((t) => t.queue === queue)
      .flatMap((t) => {
        const a = this.agents.get(t.agent);
        const ready = a && (a.status === 'Available' || a.status === 'Available (On Demand)') && a.state === 'Waiting';
        // As mod_callcenter: no call before last_bridge_end + wrap_up_time has passed.
        const rested = a && a.lastBridgeEnd < now - (a.wrapUpTime ?? 10);
        // mod_callcenter looks at its waiting callers again every second: one resting agent is enough to look again.
        if (ready && !rested) this.lookAgainSoon();
        return ready && rested && a.readyTime <= now ? [{ tier: t, agent: a }] : [];
      });
    free.sort(
      (x, y) =>
        x.tier.level - y.tier.level ||
        (strategy === 'longest-idle-agent' ? x.agent.lastBridgeEnd - y.agent.lastBridgeEnd : 0) ||
        (strategy === 'round-robin' ? x.agent.lastOfferedCall - y.agent.lastOfferedCall : 0) ||
        x.tier.position - y.tier.position,
    );
    return free[0]?.agent;
  }

  private lookingAgain = false;

  private lookAgainSoon(): void {
    if (this.lookingAgain) return;
    this.lookingAgain = true;
    this.later(1000, () => (this.lookingAgain = false));
  }

  private later(ms: number, before?: () => void): void {
    const timer = setTimeout(() => {
      this.retry.delete(timer);
      before?.();
      this.dispatch();
    }, ms);
    timer.unref();
    this.retry.add(timer);
  }

  private discardAbandoned(): void {
    const cutoff = this.now() - DISCARD_ABANDONED_AFTER_S;
    for (const m of [...this.members.values()]) if (m.state === 'Abandoned' && m.abandonedEpoch <= cutoff) this.members.delete(m.uuid);
  }

  private membersCount(queue: string): void {
    const count = [...this.members.values()].filter((m) => m.queue === queue && (m.state === 'Waiting' || m.state === 'Trying')).length;
    this.event(queue, 'members-count', ['CC-Count', String(count), 'CC-Selection', 'Single-Queue']);
  }

  private event(queue: string, action: string, headers: string[]): void {
    this.fireInfo(['CC-Queue', queue, 'CC-Action', action, ...headers]);
  }

  private fireInfo(headers: string[]): void {
    const h = this.stamper.stamp('CUSTOM', 'callcenter::info', 'mod_callcenter.c', 'cc_agent_update', 1045);
    h.push(...headers);
    this.fire(new SimEvent('CUSTOM', 'callcenter::info', h));
  }
}

const memberHeaders = (m: SimMember) => [
  'CC-Member-UUID', m.uuid,
  'CC-Member-Session-UUID', m.sessionUuid,
  'CC-Member-CID-Name', m.cidName,
  'CC-Member-CID-Number', m.cidNumber,
];

/** switch_separate_string: words, with '…' or "…" keeping spaces and losing the quotes. */
function splitArgs(text: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

const QUEUE_HEADER =
  'name|strategy|moh_sound|time_base_score|tier_rules_apply|tier_rule_wait_second|tier_rule_wait_multiply_level|' +
  'tier_rule_no_agent_no_wait|discard_abandoned_after|abandoned_resume_allowed|max_wait_time|max_wait_time_with_no_agent|' +
  'max_wait_time_with_no_agent_time_reached|record_template|calls_answered|calls_abandoned|ring_progressively_delay|' +
  'skip_agents_with_external_calls|agent_no_answer_status\n';

const newQueue = (q: CallCenterConfig['queues'][number]): SimQueue => ({
  name: q.name,
  strategy: q.strategy ?? 'longest-idle-agent',
  maxWaitTime: q.maxWaitTime ?? 0,
  callsAnswered: 0,
  callsAbandoned: 0,
});

const queueRow = (q: SimQueue) =>
  `${q.name}|${q.strategy}|local_stream://moh|queue|false|300|true|true|${DISCARD_ABANDONED_AFTER_S}|false|${q.maxWaitTime}|0|5||` +
  `${q.callsAnswered}|${q.callsAbandoned}|0|true|On Break\n`;

const AGENT_COLUMNS =
  'name|instance_id|uuid|type|contact|status|state|max_no_answer|wrap_up_time|reject_delay_time|busy_delay_time|' +
  'no_answer_delay_time|last_bridge_start|last_bridge_end|last_offered_call|last_status_change|no_answer_count|' +
  'calls_answered|talk_time|ready_time|external_calls_count';

const agentRow = (a: SimAgent) => [
  a.name, 'single_box', '', a.type ?? 'callback', a.contact ?? `user/${a.name}`, a.status, a.state, '3', String(a.wrapUpTime ?? 10), '10', '60', String(NO_ANSWER_DELAY_S),
  '0', String(a.lastBridgeEnd), String(a.lastOfferedCall), String(a.lastStatusChange), String(a.noAnswerCount),
  String(a.callsAnswered), '0', String(a.readyTime), '0',
];

const MEMBER_COLUMNS =
  'queue|instance_id|uuid|session_uuid|cid_number|cid_name|system_epoch|joined_epoch|rejoined_epoch|bridge_epoch|' +
  'abandoned_epoch|base_score|skill_score|serving_agent|serving_system|state|score';

const memberRow = (m: SimMember, now: number) => [
  m.queue, 'single_box', m.uuid, m.sessionUuid, m.cidNumber, m.cidName, String(m.joinedEpoch), String(m.joinedEpoch), '0',
  String(m.bridgeEpoch), String(m.abandonedEpoch), '0', '0', m.servingAgent, m.servingAgent ? 'single_box' : '', m.state,
  String(now - m.joinedEpoch),
];

const TIER_COLUMNS = 'queue|agent|state|level|position';

/** mod_callcenter's list output: a header only when there are rows. */
const table = (columns: string, rows: string[][]) => (rows.length ? columns + '\n' + rows.map((r) => r.join('|') + '\n').join('') : '');
