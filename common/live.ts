// Live state as the browser sees it. The server keeps the same shapes per
// scope and sends them whole in a snapshot, then as partial `set`s in patches;
// applying a patch is a shallow merge, so both sides share `applyPatch`.

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
  /** Whether the server's Event Socket link to FreeSWITCH is up right now. */
  pbxConnected: boolean;
}

/** One registered SIP endpoint (a row of `show registrations`). */
export interface Device {
  /** SIP Call-ID of the REGISTER dialog: stable per device registration. */
  callId: string;
  contact: string;
  networkIp: string;
  networkPort: number;
  userAgent: string;
  /** Unix seconds when the registration runs out unless refreshed. */
  expiresAt: number;
}

/** One extension as its owner sees it. */
export interface ExtensionLive {
  number: string;
  devices: Device[];
  dnd: boolean;
}

export type TenantScope = 'tenant';
export type ExtensionScope = `ext:${string}`;
export type Scope = TenantScope | ExtensionScope;

export const extensionScope = (extension: string): ExtensionScope => `ext:${extension}`;
export const extensionNumber = (scope: ExtensionScope): string => scope.slice('ext:'.length);

export interface ScopeState {
  tenant: TenantFigures;
  [ext: ExtensionScope]: ExtensionLive;
}

export type ScopeValue<S extends Scope> = S extends TenantScope ? TenantFigures : ExtensionLive;

/** A scope's state with the sequence number of the last patch folded into it. */
export interface Versioned<T> {
  seq: number;
  state: T;
}

export interface Snapshot {
  /** Wall-clock ms when the server built it. */
  at: number;
  tenant: Versioned<TenantFigures>;
  extensions: Record<string, Versioned<ExtensionLive>>;
}

export interface Patch<S extends Scope = Scope> {
  scope: S;
  /** Per-scope, increases by exactly 1; a gap means a lost patch. */
  seq: number;
  /** FreeSWITCH's Event-Date-Timestamp (µs) of the event that caused it, when one did. */
  eventAt?: number;
  set: Partial<ScopeValue<S>>;
}

export const applyPatch = <T extends object>(state: T, set: Partial<T>): T => ({ ...state, ...set });
