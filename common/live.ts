// Live state as the browser sees it. The server keeps the same shapes per
// scope and sends them whole in a snapshot, then as partial `set`s in patches;
// applying a patch is a shallow merge, except that a queue's agents may come
// as per-agent updates, so every side folds patches with `applyScopePatch`.

/**
 * The wire format's version. The server puts it in every snapshot; a tab built
 * with another one cannot read the patches that follow, so it reloads.
 */
export const LIVE_PROTOCOL = 5;

/**
 * What every page of a tenant's user may show (the header's name, credit and
 * PBX link, the agent's break reasons): sent to every socket of the tenant.
 */
export interface TenantFigures {
  tenantName: string;
  /** Decimal string, never a float: money. */
  credit: string;
  currency: string;
  /** Below this balance (a decimal string) the header warns of low credit. */
  lowCreditThreshold?: string;
  /** How many times the balance changed: an update older than the one shown is ignored. */
  creditVersion?: number;
  /** Whether the server's Event Socket link to FreeSWITCH is up right now. */
  pbxConnected: boolean;
  /** The break reasons the tenant offers its agents, in order (a server from before sends none). */
  breakReasons?: string[];
}

/**
 * The tenant's counters, shown only by the Dashboard-type pages (Dashboard,
 * Billing Quota): they move with every call and registration, so only the
 * sockets watching them ('figures-watch') receive them. Protocols 1–4 sent
 * them inside TenantFigures, to everyone.
 */
export interface DashboardFigures {
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
}

/** The counters' names: how a tab reads them from a protocol 1–4 server's tenant scope. */
export const DASHBOARD_FIGURES = ['activeExtensions', 'extensions', 'devices', 'queues', 'activeCalls', 'faxInbound', 'faxOutbound'] as const satisfies readonly (keyof DashboardFigures)[];

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
  /**
   * Its mod_voicemail box as FreeSWITCH counts it (MESSAGE_WAITING, what a
   * desk phone's light shows). Absent until FreeSWITCH said, and from a
   * protocol-2 server that predates it.
   */
  voicemail?: VoicemailCount;
  /**
   * Calls FreeSWITCH holds for this extension because its softphone's
   * connection closed mid-call (a reload, a closed or crashed tab, a dropped
   * WebSocket): its user's phone may take one back until `until`
   * (server/resume/). Absent when there are none.
   */
  resumable?: ResumableCall[];
  /**
   * A supervisor listening to or speaking on this extension's call
   * (server/supervise/): what the agent's screen shows. Listening is left
   * out when the tenant hides it from agents; whisper and barge never are.
   * Absent or null: nobody.
   */
  supervisor?: SupervisorOnCall | null;
  /** The call this extension's user is supervising from this phone (the supervising bar); absent or null: none. */
  supervising?: Supervising | null;
}

/**
 * How a supervisor takes part in an agent's call, through FreeSWITCH's
 * eavesdrop: listen (nobody hears them), whisper (only the agent does),
 * barge (both the agent and the caller do).
 */
export const SUPERVISION_MODES = ['listen', 'whisper', 'barge'] as const;
export type SupervisionMode = (typeof SUPERVISION_MODES)[number];

/** A supervisor on an agent's call, as the agent sees them. */
export interface SupervisorOnCall {
  name: string;
  mode: SupervisionMode;
}

/** The call a supervisor is on, as their bar shows it. */
export interface Supervising {
  /** The agent's extension. */
  extension: string;
  mode: SupervisionMode;
  /** Epoch ms when this mode began. */
  since: number;
}

/** A held call waiting for its agent's softphone to come back. */
export interface ResumableCall {
  /** The other party's leg at FreeSWITCH: what "Resume" bridges back to. */
  uuid: string;
  /** Who the call is with. */
  name: string;
  number: string;
  /** Epoch ms: after this the call goes where an unanswered call would. */
  until: number;
}

/** mod_voicemail's count of a box: `new` not yet listened to or saved (the message-waiting light), `saved` kept. */
export interface VoicemailCount {
  new: number;
  saved: number;
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

/**
 * Who put an agent on break: the agent, or Switchboard because the agent's
 * phone was gone or the extension went Do Not Disturb, or a supervisor.
 */
export const BREAK_SOURCES = ['agent', 'no-phone', 'dnd', 'supervisor'] as const;
export type BreakSource = (typeof BREAK_SOURCES)[number];
/** The reason Switchboard gives a break it started because the agent's last phone went away. */
export const NO_PHONE_REASON = 'No phone';
/** The reason of the break Do Not Disturb puts an agent on. */
export const DND_REASON = 'Do not disturb';
/** The reasons a new tenant offers until its admin changes them. */
export const DEFAULT_BREAK_REASONS = ['Lunch', 'Coffee', 'Training', 'Meeting', 'After-call work'] as const;

/**
 * What mod_callcenter and we know of an agent beyond status and state: since
 * when (the status or its reason changed), why on break, whether a phone is
 * registered, and until when it rests after a queue call. Optional on the
 * wire: a field is sent only when it says something (absent: no reason
 * known, a phone registered, no wrap-up), and a server from before sends
 * none of it.
 */
export interface AgentDesk {
  /** Unix seconds when the status (or its reason) last changed: screens count up from it. */
  since?: number;
  /** Why the agent is On Break, when we know: one of the tenant's reasons, or NO_PHONE_REASON. */
  reason?: string | null;
  /** Who started the break (with a reason). */
  breakSource?: BreakSource | null;
  /** The agent's extension has a registered device; an Available agent without one takes no calls (said only then). */
  phone?: boolean;
  /** Unix seconds until which mod_callcenter offers no call after the last one (the wrap-up); null when not wrapping up. */
  wrapUpUntil?: number | null;
  /** The name of the supervisor who set the present status, while it holds (the agent's own change forgets it). */
  setBy?: string | null;
}

/** The queue call an agent is on (or being offered). */
export interface AgentCall {
  queue: string;
  memberUuid: string;
  cidName: string;
  cidNumber: string;
}

export interface AgentLive extends AgentDesk {
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
export interface QueueAgent extends AgentDesk {
  name: string;
  extension: string;
  status: AgentStatus;
  state: AgentState;
}

/** A queue's alert thresholds, set by the tenant's admin; null (or absent) means no alert on that figure (common/queue-alerts.ts judges them). */
export interface QueueAlertThresholds {
  /** Alert when a caller has waited this many seconds or more. */
  longestWaitSeconds?: number | null;
  /** Alert when this many callers or more are waiting. */
  waitingCallers?: number | null;
  /** Alert when today's service level falls below this percentage. */
  serviceLevelPercent?: number | null;
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
  /** Callers who joined today, still waiting ones included (absent from a server before the stored figures). */
  offered?: number;
  /** The longest wait of a call answered today, seconds. */
  longestWaitSeconds?: number;
  /** The admin's alert thresholds for this queue (absent: none set, or a server from before). */
  alerts?: QueueAlertThresholds;
}

/**
 * How a colleague's extension stands, the worst first: a call of its phones
 * (ringing: one rings; dialling: it placed one not yet answered; talking:
 * answered), else Do Not Disturb, else its agent On Break, else whether any
 * device is registered.
 */
export const PRESENCE_STATES = ['talking', 'ringing', 'dialling', 'dnd', 'on-break', 'idle', 'offline'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** One extension as every user of the tenant sees it (the Colleagues page). */
export interface ExtensionPresence {
  state: PresenceState;
  /** Unix seconds when `state` began (a call: when it rang, or was answered). */
  since: number;
  /** At least one device registered. */
  online: boolean;
  dnd: boolean;
  /** Its queue agent is On Break: the reason when we know it, '' when not; null when not on break. */
  breakReason: string | null;
}

/** With whom an extension is on a call: what its phone's leg says of the other party. Supervisors and admins only. */
export interface CallPeer {
  name: string;
  number: string;
}

/** The tenant's extensions by number. */
export type PresenceLive = Record<string, ExtensionPresence>;
/** The other party of each extension on a call, by extension number. */
export type PeersLive = Record<string, CallPeer>;

export type TenantScope = 'tenant';
/** The tenant's counters: only sockets watching them (the Dashboard-type pages) receive their patches. */
export type FiguresScope = 'figures';
export type ExtensionScope = `ext:${string}`;
export type QueueScope = `queue:${string}`;
/** Every extension's presence: only sockets watching it (the Colleagues page and panel) receive its patches. */
export type PresenceScope = 'presence';
/** Whom each extension talks to: only supervisors and admins watching presence. */
export type PeersScope = 'peers';
export type Scope = TenantScope | FiguresScope | ExtensionScope | QueueScope | PresenceScope | PeersScope;

export const extensionScope = (extension: string): ExtensionScope => `ext:${extension}`;
export const extensionNumber = (scope: ExtensionScope): string => scope.slice('ext:'.length);
export const queueScope = (queue: string): QueueScope => `queue:${queue}`;
export const queueName = (scope: QueueScope): string => scope.slice('queue:'.length);
export const isQueueScope = (scope: Scope): scope is QueueScope => scope.startsWith('queue:');

export const isDirectoryScope = (scope: Scope): scope is PresenceScope | PeersScope => scope === 'presence' || scope === 'peers';

export type ScopeValue<S extends Scope> = S extends TenantScope
  ? TenantFigures
  : S extends FiguresScope
    ? DashboardFigures
    : S extends QueueScope
      ? QueueLive
      : S extends PresenceScope
        ? PresenceLive
        : S extends PeersScope
          ? PeersLive
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
  /** The tenant's counters, while this socket watches them ('figures-watch'); protocols 1–4 put them in `tenant`. */
  figures?: Versioned<DashboardFigures>;
  extensions: Record<string, Versioned<ExtensionLive>>;
  /** Keyed by short queue name; only the queues this user may watch. */
  queues: Record<string, Versioned<QueueLive>>;
  /** Every extension's presence, while this socket watches it ('presence-watch'). */
  presence?: Versioned<PresenceLive>;
  /** With whom each extension talks, for a supervisor or admin watching presence. */
  peers?: Versioned<PeersLive>;
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

/** Changed extensions by number; null: the extension is gone (from presence), or its call ended (from peers). */
export type PresenceSet = Record<string, ExtensionPresence | null>;
export type PeersSet = Record<string, CallPeer | null>;

export type ScopeSet<S extends Scope> = S extends QueueScope
  ? QueueSet
  : S extends PresenceScope
    ? PresenceSet
    : S extends PeersScope
      ? PeersSet
      : Partial<ScopeValue<S>>;

export const applyPatch = <T extends object>(state: T, set: Partial<T>): T => ({ ...state, ...set });

/**
 * Folds per-agent updates into a queue's agents: a known name is replaced in
 * place, null removes it, a new one goes where the name sorts (the order the
 * reducer keeps), so the result equals the list the server holds.
 */
export function applyAgentUpdates(agents: QueueAgent[], updates: Record<string, QueueAgent | null>): QueueAgent[] {
  const names = Object.keys(updates);
  if (names.length === 0) return agents;
  // One pass, no allocation per agent: this runs for every patch of a queue of hundreds.
  const next: QueueAgent[] = [];
  let found = 0;
  for (const a of agents) {
    if (!Object.hasOwn(updates, a.name)) {
      next.push(a);
      continue;
    }
    found++;
    const updated = updates[a.name];
    if (updated) next.push(updated);
  }
  if (found === names.length) return next;
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

/** Entries by key: a value replaces, null removes. */
export function applyEntries<T>(state: Record<string, T>, set: Record<string, T | null>): Record<string, T> {
  const next = { ...state };
  for (const [key, value] of Object.entries(set)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** One patch's `set` folded into its scope's state: what the server, the browser and the tests' follower all do. */
export function applyScopePatch<S extends Scope>(scope: S, state: ScopeValue<S>, set: ScopeSet<S>): ScopeValue<S> {
  if (isQueueScope(scope)) return applyQueuePatch(state as QueueLive, set as QueueSet) as ScopeValue<S>;
  if (isDirectoryScope(scope)) return applyEntries(state as Record<string, unknown>, set as Record<string, unknown>) as ScopeValue<S>;
  return applyPatch(state, set as Partial<ScopeValue<S>>);
}
