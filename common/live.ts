// Live state as the browser sees it. The server keeps the same shapes per
// scope and sends them whole in a snapshot, then as partial `set`s in patches;
// applying a patch is a shallow merge, except that a queue's agents may come
// as per-agent updates, so every side folds patches with `applyScopePatch`.

/**
 * The wire format's version. The server puts it in every snapshot; a tab built
 * with another one cannot read the patches that follow, so it reloads.
 */
export const LIVE_PROTOCOL = 2;

/** Tenant-wide figures shown on the dashboard and in the header. */
export interface TenantFigures {
  tenantName: string;
  /** Extensions with at least one registered device. */
  activeExtensions: number;
  /** All extensions the tenant has. */
  extensions: number;
  /** Registered SIP endpoints (one extension may have several). */
  devices: number;
  queues: number;
  activeCalls: number;
  faxInbound: number;
  faxOutbound: number;
  /** Decimal string, never a float: money. */
  credit: string;
  currency: string;
  /** Below this balance (a decimal string) the header warns of low credit. */
  lowCreditThreshold?: string;
  /** How many times the balance changed: an update older than the one shown is ignored. */
  creditVersion?: number;
  /** Whether the server's Event Socket link to FreeSWITCH is up right now. */
  pbxConnected: boolean;
}

/** One registered SIP endpoint (a row of `show registrations`). */
export interface Device {
  /** SIP Call-ID of the REGISTER dialog: stable per device registration. */
  callId: string;
  /** The Contact's URI (`sip:1001@192.0.2.7:5062;transport=UDP`): one contact is one device to sofia. */
  contact: string;
  networkIp: string;
  networkPort: number;
  userAgent: string;
  /**
   * Unix seconds when the registration runs out unless refreshed (the
   * device's own expiry; FreeSWITCH drops it sip-expires-late-margin later).
   */
  expiresAt: number;
}

/** One extension as its owner sees it. */
export interface ExtensionLive {
  number: string;
  devices: Device[];
  dnd: boolean;
  /** This extension as a mod_callcenter agent (`<ext>@<domain>`), while it has a tier in a queue. */
  agent: AgentLive | null;
}

/** mod_callcenter's agent statuses, spelled as FreeSWITCH spells them. */
export const AGENT_STATUSES = ['Logged Out', 'Available', 'Available (On Demand)', 'On Break'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
/**
 * mod_callcenter's agent states. Reserved: picked for a caller, before the
 * phone rings (only with callcenter.conf's reserve-agents).
 */
export const AGENT_STATES = ['Idle', 'Waiting', 'Reserved', 'Receiving', 'In a queue call'] as const;
export type AgentState = (typeof AGENT_STATES)[number];
/** mod_callcenter's member states a caller passes through while in a queue. */
export type MemberState = 'Waiting' | 'Trying' | 'Answered';

/** The queue call an agent is on (or being offered). */
export interface AgentCall {
  queue: string;
  memberUuid: string;
  cidName: string;
  cidNumber: string;
}

export interface AgentLive {
  /** mod_callcenter's agent name: `<extension>@<tenant domain>`. */
  name: string;
  status: AgentStatus;
  state: AgentState;
  call: AgentCall | null;
}

/** A caller in a queue (mod_callcenter's member). */
export interface QueueMember {
  uuid: string;
  cidName: string;
  cidNumber: string;
  /** Unix seconds when the caller joined: clients count the wait up from it. */
  joinedAt: number;
  state: MemberState;
  /** The agent offered or talking to the caller. */
  agent: string | null;
}

/** An agent with a tier in the queue. */
export interface QueueAgent {
  name: string;
  extension: string;
  status: AgentStatus;
  state: AgentState;
}

/** One queue as its agents and the tenant's supervisors see it. */
export interface QueueLive {
  /** Short name ('sales'); FreeSWITCH calls it `sales@<domain>`. */
  name: string;
  /** Oldest first. */
  members: QueueMember[];
  /** Sorted by agent name. */
  agents: QueueAgent[];
  /** Local date (YYYY-MM-DD) the counters below belong to. */
  day: string;
  answered: number;
  abandoned: number;
  /** Sum of the waits of the calls answered today, in seconds. */
  waitSeconds: number;
  answeredWithinThreshold: number;
  /** Service level threshold, seconds. */
  thresholdSeconds: number;
}

export type TenantScope = 'tenant';
export type ExtensionScope = `ext:${string}`;
export type QueueScope = `queue:${string}`;
export type Scope = TenantScope | ExtensionScope | QueueScope;

export const extensionScope = (extension: string): ExtensionScope => `ext:${extension}`;
export const extensionNumber = (scope: ExtensionScope): string => scope.slice('ext:'.length);
export const queueScope = (queue: string): QueueScope => `queue:${queue}`;
export const queueName = (scope: QueueScope): string => scope.slice('queue:'.length);
export const isQueueScope = (scope: Scope): scope is QueueScope => scope.startsWith('queue:');

export type ScopeValue<S extends Scope> = S extends TenantScope
  ? TenantFigures
  : S extends QueueScope
    ? QueueLive
    : ExtensionLive;

/** A scope's state with the sequence number of the last patch folded into it. */
export interface Versioned<T> {
  seq: number;
  state: T;
}

export interface Snapshot {
  /** The server's LIVE_PROTOCOL. */
  protocol: number;
  /** Wall-clock ms when the server built it. */
  at: number;
  tenant: Versioned<TenantFigures>;
  extensions: Record<string, Versioned<ExtensionLive>>;
  /** Keyed by short queue name; only the queues this user may watch. */
  queues: Record<string, Versioned<QueueLive>>;
}

export interface Patch<S extends Scope = Scope> {
  scope: S;
  /** Per-scope, increases by exactly 1; a gap means a lost patch. */
  seq: number;
  /** FreeSWITCH's Event-Date-Timestamp (µs) of the event that caused it, when one did. */
  eventAt?: number;
  set: ScopeSet<S>;
}

/**
 * A queue's changed fields. A big queue's agents change one at a time, and
 * sending the whole list for each would make queue patches most of the bytes:
 * `agentUpdates` carries only the changed agents, by name (null = removed).
 * A whole `agents` list still replaces the list (a resync that reorders it).
 */
export type QueueSet = Partial<QueueLive> & { agentUpdates?: Record<string, QueueAgent | null> };

export type ScopeSet<S extends Scope> = S extends QueueScope ? QueueSet : Partial<ScopeValue<S>>;

export const applyPatch = <T extends object>(state: T, set: Partial<T>): T => ({ ...state, ...set });

/**
 * Folds per-agent updates into a queue's agents: a known name is replaced in
 * place, null removes it, a new one goes where the name sorts (the order the
 * reducer keeps), so the result equals the list the server holds.
 */
export function applyAgentUpdates(agents: QueueAgent[], updates: Record<string, QueueAgent | null>): QueueAgent[] {
  const next = agents.flatMap((a) => {
    if (!(a.name in updates)) return [a];
    const updated = updates[a.name];
    return updated ? [updated] : [];
  });
  const known = new Set(agents.map((a) => a.name));
  for (const added of Object.values(updates)) {
    if (!added || known.has(added.name)) continue;
    const at = next.findIndex((a) => a.name.localeCompare(added.name) > 0);
    next.splice(at === -1 ? next.length : at, 0, added);
  }
  return next;
}

export function applyQueuePatch(queue: QueueLive, { agentUpdates, ...set }: QueueSet): QueueLive {
  const merged = applyPatch(queue, set);
  return agentUpdates ? { ...merged, agents: applyAgentUpdates(merged.agents, agentUpdates) } : merged;
}

/** One patch's `set` folded into its scope's state: what the server, the browser and the tests' follower all do. */
export function applyScopePatch<S extends Scope>(scope: S, state: ScopeValue<S>, set: ScopeSet<S>): ScopeValue<S> {
  if (isQueueScope(scope)) return applyQueuePatch(state as QueueLive, set as QueueSet) as ScopeValue<S>;
  return applyPatch(state, set as Partial<ScopeValue<S>>);
}
