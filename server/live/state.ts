// The live state of one tenant, as the reducers read it. Only `apply` in
// store.ts writes it.
import type { ExtensionLive, QueueLive, TenantFigures } from '../../common/live.ts';

export interface TenantState {
  id: string;
  /** The tenant's SIP domain: how PBX events find their tenant. */
  domain: string;
  figures: TenantFigures;
  /** Keyed by extension number; only extensions the database knows. */
  extensions: Map<string, ExtensionLive>;
  /** UUIDs of the tenant's live channels. */
  channels: Set<string>;
  /** Keyed by short queue name; only queues the database knows. */
  queues: Map<string, QueueLive>;
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
}

export function initialTenantState(seed: TenantSeed): TenantState {
  return {
    id: seed.id,
    domain: seed.domain.toLowerCase(),
    figures: {
      tenantName: seed.name,
      activeExtensions: 0,
      extensions: seed.extensions.length,
      devices: 0,
      queues: seed.queues,
      activeCalls: 0,
      faxInbound: seed.faxInbound ?? 0,
      faxOutbound: seed.faxOutbound ?? 0,
      credit: seed.credit,
      currency: seed.currency,
      ...(seed.lowCreditThreshold !== undefined && { lowCreditThreshold: seed.lowCreditThreshold }),
      ...(seed.creditVersion !== undefined && { creditVersion: seed.creditVersion }),
      pbxConnected: false,
    },
    extensions: new Map(seed.extensions.map((e) => [e.number, { number: e.number, devices: [], dnd: e.dnd, agent: null }])),
    channels: new Set(),
    queues: new Map((seed.queueNames ?? []).map((name) => [name, emptyQueue(name)])),
  };
}
