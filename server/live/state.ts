// The live state of one tenant, as the reducers read it. Only `apply` in
// store.ts writes it.
import type { AgentStatus, BreakSource, DashboardFigures, Device, ExtensionLive, PeersLive, PresenceLive, QueueAlertThresholds, QueueLive, SupervisionMode, TenantFigures } from '../../common/live.ts';
import { presenceOf, type CallLeg } from './presence.ts';

/** An agent's break as we keep it (mod_callcenter knows only "On Break"). */
export interface AgentBreakInfo {
  reason: string;
  source: BreakSource;
  /** Unix seconds. */
  since: number;
  /**
   * Epoch ms when Switchboard saved it. FreeSWITCH's word from before then
   * (an Available event or a resync read earlier, arriving just after) does
   * not end it: only what FreeSWITCH said after the break was asked for.
   */
  savedAt?: number;
}

/** A supervisor set the agent's status (server/desk/status-order.ts): shown to the agent while that status holds. */
export interface AgentSetter {
  status: AgentStatus;
  /** The supervisor's name. */
  by: string;
}

/**
 * A supervisor on an agent's call through FreeSWITCH's eavesdrop
 * (server/supervise/). Every node holds it: the node that started it tells
 * the others, and each one ends it by itself when either leg hangs up.
 */
export interface Supervision {
  /** The agent's extension, whose call is supervised. */
  extension: string;
  /** The supervisor's own extension, whose phone runs the eavesdrop. */
  supervisorExtension: string;
  userId: string;
  /** The supervisor's name, as the agent sees it. */
  name: string;
  mode: SupervisionMode;
  /** The leg that rang the supervisor's phone and runs `eavesdrop`. */
  supervisorUuid: string;
  /** The agent's leg it eavesdrops on. */
  targetUuid: string;
  /** The audit_log row of the current mode, closed when the mode ends. */
  auditId: string;
  /** Epoch ms when the current mode began. */
  since: number;
  /** The tenant lets agents see that they are listened to (whisper and barge always show). */
  listenShown: boolean;
}

export interface TenantState {
  id: string;
  /** The tenant's SIP domain: how PBX events find their tenant. */
  domain: string;
  figures: TenantFigures;
  /** The counters the Dashboard-type pages show (the 'figures' scope). */
  dashboard: DashboardFigures;
  /** Keyed by extension number; only extensions the database knows. */
  extensions: Map<string, ExtensionLive>;
  /**
   * Each FreeSWITCH's registrations of the tenant's phones, by server ('' when
   * there is one) and extension. An extension's `devices` are their union, a
   * device counted once (servers.ts): so one server's resync or outage
   * replaces its own part only.
   */
  devicesOn: Map<string, Map<string, Device[]>>;
  /** The server holding each channel of `channels` and `legs`. */
  channelOn: Map<string, string>;
  /** UUIDs of the tenant's live calls (their inbound legs: what activeCalls counts). */
  channels: Set<string>;
  /** The legs of calls on the tenant's phones, by channel UUID: what presence is made of. */
  legs: Map<string, CallLeg>;
  /** The same legs' UUIDs by extension, so an event looks at its extension's legs only. */
  legsOf: Map<string, Set<string>>;
  /** Every extension's presence (derived from the above by the store after each event). */
  presence: PresenceLive;
  /** With whom each extension on a call talks. */
  peers: PeersLive;
  /** Keyed by short queue name; only queues the database knows. */
  queues: Map<string, QueueLive>;
  /** Why each agent on break is on it, by agent name (`1001@acme.pbx.test`). */
  breaks: Map<string, AgentBreakInfo>;
  /** Who set each agent's status, for agents whose present status a supervisor set. */
  setters: Map<string, AgentSetter>;
  /** Each agent's wrap-up seconds, as mod_callcenter holds them (read back after every provisioning). */
  wrapUp: Map<string, number>;
  /** Supervisors on calls, by the supervised (agent's) extension. */
  supervisions: Map<string, Supervision>;
}

/** Share of callers answered within this many seconds: the usual call-center service level. */
export const DEFAULT_SERVICE_LEVEL_SECONDS = 20;

/** A queue before any event or resync said anything about it (callcenter.ts builds on it). */
export function emptyQueue(name: string, day = ''): QueueLive {
  return {
    name,
    members: [],
    agents: [],
    day,
    answered: 0,
    abandoned: 0,
    waitSeconds: 0,
    answeredWithinThreshold: 0,
    thresholdSeconds: DEFAULT_SERVICE_LEVEL_SECONDS,
  };
}

/** A queue with its admin's alert thresholds (none: the field is absent). */
export function withAlerts(queue: QueueLive, alerts: QueueAlertThresholds | undefined): QueueLive {
  if (alerts) return { ...queue, alerts };
  const { alerts: _, ...without } = queue;
  return without;
}

/** What the database says a tenant is, when the server starts. */
export interface TenantSeed {
  id: string;
  name: string;
  domain: string;
  credit: string;
  currency: string;
  lowCreditThreshold?: string;
  creditVersion?: number;
  queues: number;
  extensions: { number: string; dnd: boolean }[];
  /** Short names of the tenant's mod_callcenter queues ('sales'). */
  queueNames?: string[];
  /** Fax rows the tenant has, counted when the server starts. */
  faxInbound?: number;
  faxOutbound?: number;
  /** The agents on a break with a reason, from the database. */
  breaks?: ({ agent: string } & AgentBreakInfo)[];
  /** The break reasons the tenant offers, in order. */
  breakReasons?: string[];
  /** Alert thresholds of the queues that have any, by short name. */
  queueAlerts?: Record<string, QueueAlertThresholds>;
  /** Agents whose present status a supervisor set, from the database. */
  setters?: { agent: string; status: string; by: string }[];
}

export function initialTenantState(seed: TenantSeed, nowSeconds = Math.floor(Date.now() / 1000)): TenantState {
  const extensions = new Map<string, ExtensionLive>(seed.extensions.map((e) => [e.number, { number: e.number, devices: [], dnd: e.dnd, agent: null }]));
  return {
    id: seed.id,
    domain: seed.domain.toLowerCase(),
    figures: {
      tenantName: seed.name,
      credit: seed.credit,
      currency: seed.currency,
      ...(seed.lowCreditThreshold !== undefined && { lowCreditThreshold: seed.lowCreditThreshold }),
      ...(seed.creditVersion !== undefined && { creditVersion: seed.creditVersion }),
      ...(seed.breakReasons !== undefined && { breakReasons: seed.breakReasons }),
      pbxConnected: false,
    },
    dashboard: {
      activeExtensions: 0,
      extensions: seed.extensions.length,
      devices: 0,
      queues: seed.queues,
      activeCalls: 0,
      faxInbound: seed.faxInbound ?? 0,
      faxOutbound: seed.faxOutbound ?? 0,
    },
    extensions,
    devicesOn: new Map(),
    channelOn: new Map(),
    channels: new Set(),
    legs: new Map(),
    legsOf: new Map(),
    presence: Object.fromEntries([...extensions.values()].map((ext) => [ext.number, presenceOf(ext, null, undefined, nowSeconds)])),
    peers: {},
    queues: new Map((seed.queueNames ?? []).map((name) => [name, withAlerts(emptyQueue(name), seed.queueAlerts?.[name])])),
    breaks: new Map((seed.breaks ?? []).map(({ agent, ...info }) => [agent, info])),
    setters: new Map((seed.setters ?? []).map(({ agent, status, by }) => [agent, { status: status as AgentStatus, by }])),
    wrapUp: new Map(),
    supervisions: new Map(),
  };
}
