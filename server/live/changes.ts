// What a reducer asks the live store to change. Scope changes become patches
// on the wire; channel and leg bookkeeping stays on the server (presence is
// derived from it by the store).
import type { ExtensionLive, ExtensionScope, QueueScope, QueueSet, TenantFigures } from '../../common/live.ts';
import type { CallLeg } from './presence.ts';
import type { AgentBreakInfo, AgentSetter, Supervision } from './state.ts';

export type Change =
  | { kind: 'scope'; scope: 'tenant'; set: Partial<TenantFigures> }
  | { kind: 'scope'; scope: ExtensionScope; set: Partial<ExtensionLive> }
  | { kind: 'scope'; scope: QueueScope; set: QueueSet }
  | { kind: 'channel'; uuid: string; up: boolean }
  /** A leg of a call on one of the tenant's phones began or changed (null: it ended). */
  | { kind: 'leg'; uuid: string; leg: CallLeg | null }
  /** Server-side bookkeeping of an agent: its break (null: none), its wrap-up seconds, or who set its status (null: nobody but itself). */
  | { kind: 'agent'; agent: string; break?: AgentBreakInfo | null; wrapUp?: number; setter?: AgentSetter | null }
  /** Server-side bookkeeping of a supervisor on an extension's call (null: over). */
  | { kind: 'supervision'; extension: string; supervision: Supervision | null };

export type ScopeChange = Extract<Change, { kind: 'scope' }>;
