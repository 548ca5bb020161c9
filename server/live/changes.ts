// What a reducer asks the live store to change. Scope changes become patches
// on the wire; channel and leg bookkeeping stays on the server (presence is
// derived from it by the store).
import type { DashboardFigures, Device, ExtensionLive, ExtensionScope, QueueScope, QueueSet, TenantFigures } from '../../common/live.ts';
import type { CallLeg } from './presence.ts';
import type { AgentBreakInfo, AgentSetter, Supervision } from './state.ts';

export type Change =
  | { kind: 'scope'; scope: 'tenant'; set: Partial<TenantFigures> }
  | { kind: 'scope'; scope: 'figures'; set: Partial<DashboardFigures> }
  | { kind: 'scope'; scope: ExtensionScope; set: Partial<ExtensionLive> }
  | { kind: 'scope'; scope: QueueScope; set: QueueSet }
  /** A call of the tenant's began or ended; `server` holds it (absent: the only one). */
  | { kind: 'channel'; uuid: string; up: boolean; server?: string }
  /** A leg of a call on one of the tenant's phones began or changed (null: it ended). */
  | { kind: 'leg'; uuid: string; leg: CallLeg | null; server?: string }
  /** What one server holds of an extension's registrations now (state.devicesOn). */
  | { kind: 'devices-on'; server: string; extension: string; devices: Device[] }
  /** Server-side bookkeeping of an agent: its break (null: none), its wrap-up seconds, or who set its status (null: nobody but itself). */
  | { kind: 'agent'; agent: string; break?: AgentBreakInfo | null; wrapUp?: number; setter?: AgentSetter | null }
  /** Server-side bookkeeping of a supervisor on an extension's call (null: over). */
  | { kind: 'supervision'; extension: string; supervision: Supervision | null };

export type ScopeChange = Extract<Change, { kind: 'scope' }>;
