// Type-level tests of the live wire's scope types (model: Socket.IO's
// socket.io.test-d.ts). Nothing here runs: tests/unit/typecheck.test.ts runs
// tsc over tsconfig.json, whose "include" has tests/, and every
// `@ts-expect-error` below fails the build if the line after it compiles.
// Each one is preceded by what must not compile; the positive lines pin
// what must.
import type {
  DashboardFigures,
  ExtensionLive,
  ExtensionScope,
  Patch,
  PeersSet,
  PresenceSet,
  QueueLive,
  QueueScope,
  QueueSet,
  Scope,
  ScopeSet,
  ScopeValue,
  Snapshot,
  TenantFigures,
  Versioned,
} from '../../common/live.ts';
import { applyScopePatch, extensionScope, queueScope } from '../../common/live.ts';
import type { Change, ScopeChange } from '../../server/live/changes.ts';

/** True only when A and B are the same type (not merely assignable). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>) => proof;

declare const figures: TenantFigures;
declare const counters: DashboardFigures;
declare const ext: ExtensionLive;
declare const queue: QueueLive;

// --- Scope names -------------------------------------------------------------

const scopes: Scope[] = ['tenant', 'figures', 'ext:1001', 'queue:sales', extensionScope('1002'), queueScope('support')];
// A scope without its prefix is not a scope.
// @ts-expect-error
const bareExtension: Scope = '1001';
// Another prefix than ext:/queue: is not a scope.
// @ts-expect-error
const wrongPrefix: Scope = 'extension:1001';
// An extension scope is not a queue scope.
// @ts-expect-error
const extAsQueue: QueueScope = extensionScope('1001');
// A queue scope is not an extension scope.
// @ts-expect-error
const queueAsExt: ExtensionScope = queueScope('sales');

// --- What each scope holds ---------------------------------------------------

same<ScopeValue<'tenant'>, TenantFigures>(true);
same<ScopeValue<'figures'>, DashboardFigures>(true);
same<ScopeValue<'ext:1001'>, ExtensionLive>(true);
same<ScopeValue<'queue:sales'>, QueueLive>(true);
same<ScopeValue<ExtensionScope>, ExtensionLive>(true);
same<ScopeValue<QueueScope>, QueueLive>(true);
// The tenant's figures are not an extension.
// @ts-expect-error
same<ScopeValue<'tenant'>, ExtensionLive>(true);
// The counters are not the tenant's figures (protocol 5 took them out).
// @ts-expect-error
same<ScopeValue<'figures'>, TenantFigures>(true);

// --- ScopeSet<S>: the fields a patch of scope S may carry ----------------------

same<ScopeSet<'tenant'>, Partial<TenantFigures>>(true);
same<ScopeSet<'figures'>, Partial<DashboardFigures>>(true);
same<ScopeSet<ExtensionScope>, Partial<ExtensionLive>>(true);
same<ScopeSet<QueueScope>, QueueSet>(true);
same<ScopeSet<'presence'>, PresenceSet>(true);
same<ScopeSet<'peers'>, PeersSet>(true);
// ScopeSet distributes: the set of "any scope" is one of the six, never a mix.
same<ScopeSet<Scope>, Partial<TenantFigures> | Partial<DashboardFigures> | Partial<ExtensionLive> | QueueSet | PresenceSet | PeersSet>(true);

const tenantSet: ScopeSet<'tenant'> = { credit: '12.5000', creditVersion: 3, pbxConnected: true };
const extSet: ScopeSet<'ext:1001'> = { dnd: true, devices: [] };
const queueSet: ScopeSet<'queue:sales'> = { members: [], agentUpdates: { '1001@acme.pbx.test': null } };
// Money is a decimal string, never a number.
// @ts-expect-error
const creditAsNumber: ScopeSet<'tenant'> = { credit: 12.5 };
// A tenant patch cannot carry an extension's field.
// @ts-expect-error
const tenantWithDnd: ScopeSet<'tenant'> = { dnd: true };
// Nor a counter: those go to the sockets watching them only.
// @ts-expect-error
const tenantWithCalls: ScopeSet<'tenant'> = { activeCalls: 3 };
// A counter is a number.
// @ts-expect-error
const callsAsText: ScopeSet<'figures'> = { activeCalls: '3' };
// Only queue patches carry per-agent updates.
// @ts-expect-error
const extWithAgentUpdates: ScopeSet<'ext:1001'> = { agentUpdates: {} };
// An extension patch cannot carry a queue's members.
// @ts-expect-error
const extWithMembers: ScopeSet<ExtensionScope> = { members: [] };
// A queue patch cannot carry an extension's DND.
// @ts-expect-error
const queueWithDnd: ScopeSet<'queue:sales'> = { dnd: true };
// An agent update is a whole QueueAgent (or null to remove it), not a part of one.
// @ts-expect-error
const partialAgentUpdate: QueueSet = { agentUpdates: { '1001@acme.pbx.test': { status: 'Available' } } };
// A status FreeSWITCH does not spell is not an agent status.
// @ts-expect-error
const wrongStatus: QueueSet = { agentUpdates: { a: { name: 'a', extension: '1001', status: 'Busy', state: 'Idle' } } };

// --- Patch<S> ----------------------------------------------------------------

const tenantPatch: Patch<'tenant'> = { scope: 'tenant', seq: 1, set: tenantSet };
const queuePatch: Patch<QueueScope> = { scope: 'queue:sales', seq: 7, eventAt: 1_700_000_000_000_000, set: queueSet };
const anyPatches: Patch[] = [tenantPatch, queuePatch, { scope: 'ext:1001', seq: 2, set: extSet }];
// A patch of one scope kind is not a patch of another.
// @ts-expect-error
const tenantPatchAsQueue: Patch<QueueScope> = tenantPatch;
// A patch without its seq cannot be ordered.
// @ts-expect-error
const noSeq: Patch<'tenant'> = { scope: 'tenant', set: {} };
// The scope of Patch<'tenant'> is 'tenant' only.
// @ts-expect-error
const mislabelled: Patch<'tenant'> = { scope: 'ext:1001', seq: 1, set: {} };
// Known limitation, pinned: Patch (= Patch<Scope>) does not tie `set` to
// `scope`, so a receiver of a Patch must narrow the scope and then cast the
// set (client/src/live/store.ts does). This compiles today; if Patch becomes
// a distributed union, turn it into an @ts-expect-error.
const uncorrelated: Patch = { scope: 'tenant', seq: 1, set: { dnd: true } };

// --- Snapshot ----------------------------------------------------------------

const snapshot: Snapshot = {
  protocol: 2,
  at: Date.now(),
  tenant: { seq: 0, state: figures },
  extensions: { '1001': { seq: 3, state: ext } },
  queues: { sales: { seq: 0, state: queue } },
};
same<Snapshot['extensions'][string], Versioned<ExtensionLive>>(true);
same<Snapshot['queues'][string], Versioned<QueueLive>>(true);
// The counters come only to a socket watching them, numbered as their patches.
same<Snapshot['figures'], Versioned<DashboardFigures> | undefined>(true);
const watched: Snapshot = { ...snapshot, protocol: 5, figures: { seq: 4, state: counters } };
// Not in the tenant's figures any more.
// @ts-expect-error
const countersInTenant: Snapshot = { ...snapshot, tenant: { seq: 0, state: { ...figures, activeCalls: 2 } } };
// Every snapshot names its live protocol (a tab reloads on a newer one).
// @ts-expect-error
const noProtocol: Snapshot = { at: 0, tenant: { seq: 0, state: figures }, extensions: {}, queues: {} };
// A snapshot's scope carries its seq, not only its state.
// @ts-expect-error
const unversioned: Snapshot = { protocol: 2, at: 0, tenant: figures, extensions: {}, queues: {} };

// --- applyScopePatch: scope, state and set must agree ---------------------------

const nextFigures: TenantFigures = applyScopePatch('tenant', figures, { credit: '1.0000' });
const nextCounters: DashboardFigures = applyScopePatch('figures', counters, { activeCalls: 1 });
// The counters' scope folds into the counters, not into the tenant's figures.
// @ts-expect-error
applyScopePatch('figures', figures, { activeCalls: 1 });
const nextQueue: QueueLive = applyScopePatch(queueScope('sales'), queue, { agentUpdates: {} });
const nextExt: ExtensionLive = applyScopePatch(extensionScope('1001'), ext, { dnd: false });
// The tenant scope's state is the figures, not an extension.
// @ts-expect-error
applyScopePatch('tenant', ext, {});
// A queue's set cannot be folded into the tenant figures.
// @ts-expect-error
applyScopePatch('tenant', figures, { members: [] });
// An extension's result is not a queue.
// @ts-expect-error
const extAsQueueResult: QueueLive = applyScopePatch(extensionScope('1001'), ext, {});

// --- The reducer's Change (server/live/changes.ts): what store.ts applies -------
// store.ts narrows a change by its scope and hands its set to applyScopePatch
// with no cast; these pin the correlation it relies on.

const changes: Change[] = [
  { kind: 'scope', scope: 'tenant', set: { pbxConnected: true } },
  { kind: 'scope', scope: 'figures', set: { devices: 1 } },
  { kind: 'scope', scope: 'ext:1001', set: { dnd: true } },
  { kind: 'scope', scope: 'queue:sales', set: { agentUpdates: {} } },
  { kind: 'channel', uuid: 'u', up: true },
];
// The narrowing store.ts's apply() does with isQueueChange and `=== 'tenant'`:
// each scope kind's change carries exactly that scope's set.
same<Extract<ScopeChange, { scope: QueueScope }>['set'], QueueSet>(true);
same<Extract<ScopeChange, { scope: ExtensionScope }>['set'], Partial<ExtensionLive>>(true);
same<Extract<ScopeChange, { scope: 'tenant' }>['set'], Partial<TenantFigures>>(true);
same<Extract<ScopeChange, { scope: 'figures' }>['set'], Partial<DashboardFigures>>(true);
same<Exclude<ScopeChange, { scope: 'tenant' | 'figures' | QueueScope }>['scope'], ExtensionScope>(true);
// A tenant change cannot carry an extension's field.
// @ts-expect-error
const tenantChangeWithDnd: Change = { kind: 'scope', scope: 'tenant', set: { dnd: true } };
// An extension change cannot carry per-agent updates.
// @ts-expect-error
const extChangeWithAgents: Change = { kind: 'scope', scope: 'ext:1001', set: { agentUpdates: {} } };
// A channel change has no scope.
// @ts-expect-error
const channelWithScope: Change = { kind: 'channel', uuid: 'u', up: true, scope: 'tenant' };

