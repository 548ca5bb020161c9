// What a reducer asks the live store to change. Scope changes become patches
// on the wire; channel bookkeeping stays on the server.
import type { ExtensionLive, ExtensionScope, QueueScope, QueueSet, TenantFigures } from '../../common/live.ts';

export type Change =
  | { kind: 'scope'; scope: 'tenant'; set: Partial<TenantFigures> }
  | { kind: 'scope'; scope: ExtensionScope; set: Partial<ExtensionLive> }
  | { kind: 'scope'; scope: QueueScope; set: QueueSet }
  | { kind: 'channel'; uuid: string; up: boolean };

export type ScopeChange = Extract<Change, { kind: 'scope' }>;
