// The live state of every tenant. It routes each event to the tenants it
// concerns, runs the pure reducer, applies the changes and hands each scope
// change, numbered per scope, to whoever delivers patches (the socket layer).
//
// Adaptive coalescing: the state changes at once, but a scope's patch waits
// for the end of the event-loop turn (setImmediate). Every change to that
// scope in the same turn is merged into it, latest value wins (a queue's
// per-agent updates merge by agent name: see mergeQueueSets), so it costs
// one seq and one broadcast; its eventAt is the EARLIEST event folded in (the
// screen was stale since then). At low rates an event is alone in its turn,
// so nothing waits; under load modesl parses many events from one TCP read
// in one turn, and the fan-out to big tenants shrinks exactly then.
//
// Several nodes: each node consumes ESL itself and runs this store, so the
// live state needs no coordination. Anything a node WRITES because of an
// event (a CDR row, a credit debit, a fax result) must be keyed by
// FreeSWITCH's UUID (Unique-ID / CC-Member-UUID) under a unique constraint
// and inserted with ON CONFLICT DO NOTHING: every node tries, one row lands.
import {
  type Device,
  applyAgentUpdates,
  applyScopePatch,
  extensionNumber,
  isQueueScope,
  LIVE_PROTOCOL,
  queueName,
  type Patch,
  type PeersSet,
  type PresenceSet,
  type QueueScope,
  type QueueSet,
  type Scope,
  type Snapshot,
} from '../../common/live.ts';
import { assertNever } from '../../common/exhaustive.ts';
import type { PbxEvent } from '../pbx/events.ts';
import type { Change, ScopeChange } from './changes.ts';
import { callOf, presenceOf, samePeer, samePresence } from './presence.ts';
import { reduceTenant, type LiveEvent } from './reduce.ts';
import { emptyQueue, initialTenantState, type TenantSeed, type TenantState } from './state.ts';
import { reconcileTenant } from './tenant.ts';

export type PatchSink = (tenantId: string, patch: Patch) => void;

interface Tenant {
  state: TenantState;
  seq: Map<Scope, number>;
}

/** A scope's changes of this turn, merged, not yet numbered nor sent. */
interface PendingPatch {
  tenant: Tenant;
  scope: Scope;
  set: Record<string, unknown>;
  eventAt: number | undefined;
}

export class LiveStore {
  private readonly tenants = new Map<string, Tenant>();
  private readonly tenantByDomain = new Map<string, Tenant>();
  /** Which tenant a live channel belongs to, for events that carry only a UUID. */
  private readonly channelTenant = new Map<string, Tenant>();
  private sink: PatchSink = () => {};
  /** Keyed by tenant id + scope, in the order of their first change this turn. */
  private pending = new Map<string, PendingPatch>();
  private flushScheduled = false;
  /** The ESL link's state: a tenant added while it is up starts up. */
  private pbxUp = false;

  constructor(seeds: TenantSeed[]) {
    for (const seed of seeds) this.addTenant(seed);
  }

  private addTenant(seed: TenantSeed): void {
    const tenant: Tenant = { state: initialTenantState(seed), seq: new Map() };
    tenant.state.figures.pbxConnected = this.pbxUp;
    this.tenants.set(seed.id, tenant);
    this.tenantByDomain.set(seed.domain.toLowerCase(), tenant);
  }

  /**
   * The database's word on a tenant after an administrative change: a new
   * tenant is added; a known one gains and loses extensions and queues (their
   * scopes simply start or stop; the sockets concerned get a fresh snapshot)
   * and its figures change by patch. Numbering continues across a scope that
   * goes and comes back, so no client mistakes a new patch for an old one.
   */
  upsertTenant(seed: TenantSeed): void {
    const tenant = this.tenants.get(seed.id);
    if (!tenant) {
      this.addTenant(seed);
      return;
    }
    const { state } = tenant;
    const edit = reconcileTenant(state, seed);
    for (const ext of edit.addExtensions) state.extensions.set(ext.number, ext);
    for (const number of edit.dropExtensions) {
      state.extensions.delete(number);
      // A number given out again later starts with no phone.
      for (const held of state.devicesOn.values()) held.delete(number);
    }
    const day = [...state.queues.values()][0]?.day ?? '';
    for (const name of edit.addQueues) state.queues.set(name, emptyQueue(name, day));
    for (const name of edit.dropQueues) state.queues.delete(name);
    this.apply(tenant, edit.changes, undefined);
    for (const ext of edit.addExtensions) this.presenceChanged(tenant, ext.number, undefined);
    for (const number of edit.dropExtensions) this.presenceChanged(tenant, number, undefined);
  }

  /** A tenant suspended or gone: its events are ignored from now on. */
  removeTenant(tenantId: string): void {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return;
    this.tenants.delete(tenantId);
    this.tenantByDomain.delete(tenant.state.domain);
    for (const uuid of [...tenant.state.channels, ...tenant.state.legs.keys()]) this.channelTenant.delete(uuid);
    for (const [key, pending] of this.pending) if (pending.tenant === tenant) this.pending.delete(key);
  }

  onPatch(sink: PatchSink) {
    this.sink = sink;
  }

  ingest(event: LiveEvent): void {
    if (event.kind === 'link') this.pbxUp = event.up;
    const eventAt = 'at' in event ? event.at : undefined;
    for (const [tenant, routed] of this.route(event)) {
      this.apply(tenant, reduceTenant(tenant.state, routed), eventAt);
    }
  }

  /**
   * Numbers and sends every scope's merged changes of this turn, one patch
   * per scope. Runs by itself at the end of the turn; call it to deliver now.
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.size === 0) return;
    const due = this.pending;
    this.pending = new Map();
    for (const { tenant, scope, set, eventAt } of due.values()) {
      const seq = (tenant.seq.get(scope) ?? 0) + 1;
      tenant.seq.set(scope, seq);
      const patch: Patch = { scope, seq, set };
      if (eventAt !== undefined) patch.eventAt = eventAt;
      this.sink(tenant.state.id, patch);
    }
  }

  /**
   * What one user may see: the tenant figures, their own extensions, the
   * queues they may watch and, while they watch them, every extension's
   * presence (with the peers, for a supervisor or admin) and the tenant's counters.
   */
  snapshot(
    tenantId: string,
    extensions: string[],
    queues: string[] = [],
    watching: { presence?: boolean; peers?: boolean; figures?: boolean } = {},
  ): Snapshot | undefined {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return undefined;
    // The state already holds this turn's changes: send their patches first,
    // so the snapshot's seqs include them and no patch is applied twice or skipped.
    this.flush();
    const snapshot: Snapshot = {
      protocol: LIVE_PROTOCOL,
      at: Date.now(),
      tenant: { seq: tenant.seq.get('tenant') ?? 0, state: tenant.state.figures },
      extensions: {},
      queues: {},
    };
    for (const number of extensions) {
      const ext = tenant.state.extensions.get(number);
      if (ext) snapshot.extensions[number] = { seq: tenant.seq.get(`ext:${number}`) ?? 0, state: ext };
    }
    for (const name of queues) {
      const queue = tenant.state.queues.get(name);
      if (queue) snapshot.queues[name] = { seq: tenant.seq.get(`queue:${name}`) ?? 0, state: queue };
    }
    if (watching.figures) snapshot.figures = { seq: tenant.seq.get('figures') ?? 0, state: tenant.state.dashboard };
    if (watching.presence) snapshot.presence = { seq: tenant.seq.get('presence') ?? 0, state: tenant.state.presence };
    if (watching.presence && watching.peers) snapshot.peers = { seq: tenant.seq.get('peers') ?? 0, state: tenant.state.peers };
    return snapshot;
  }

  /** The tenants this store keeps live. */
  tenantIds(): string[] {
    return [...this.tenants.keys()];
  }

  /** Read-only view, for tests and resync checks. */
  tenantState(tenantId: string): Readonly<TenantState> | undefined {
    return this.tenants.get(tenantId)?.state;
  }

  /** The tenant whose SIP domain this is (any case), from the index the events are routed by. */
  tenantIdOfDomain(domain: string): string | undefined {
    return this.tenantByDomain.get(domain.toLowerCase())?.state.id;
  }

  private *route(event: LiveEvent): Generator<[Tenant, LiveEvent]> {
    switch (event.kind) {
      case 'registered':
        yield* this.byDomain(event.registration.domain, event);
        return;
      case 'unregistered':
      case 'message-waiting':
        yield* this.byDomain(event.domain, event);
        return;
      case 'channel-created':
      case 'channel-hangup-complete':
        if (event.channel.domain) yield* this.byDomain(event.channel.domain, event);
        return;
      case 'channel-answered': {
        const tenant = this.channelTenant.get(event.uuid);
        if (tenant) yield [tenant, event];
        return;
      }
      case 'resync':
        for (const tenant of this.tenants.values()) {
          const domain = tenant.state.domain;
          yield [
            tenant,
            {
              ...event,
              registrations: event.registrations.filter((r) => r.domain.toLowerCase() === domain),
              channels: event.channels.filter((c) => c.domain?.toLowerCase() === domain),
              callcenter: event.callcenter?.filter((q) => domainOf(q.name) === domain),
              voicemail: event.voicemail?.filter((b) => b.domain.toLowerCase() === domain),
            },
          ];
        }
        return;
      case 'link':
        for (const tenant of this.tenants.values()) yield [tenant, event];
        return;
      case 'dnd-changed':
      case 'credit-changed':
      case 'fax-counted':
      case 'agent-break':
      case 'agent-setter':
      case 'agent-ready':
      case 'call-held-for-resume':
      case 'call-resume-over':
      case 'queue-today':
      case 'supervision': {
        const tenant = this.tenants.get(event.tenantId);
        if (tenant) yield [tenant, event];
        return;
      }
      case 'agent-status-change':
      case 'agent-state-change':
        yield* this.byDomain(domainOf(event.agent), event);
        return;
      case 'agent-offering':
      case 'bridge-agent-start':
      case 'bridge-agent-end':
      case 'bridge-agent-fail':
      case 'member-queue-start':
      case 'member-queue-end':
      case 'members-count':
        yield* this.byDomain(domainOf(event.queue), event);
        return;
      case 'heartbeat':
      case 'dnd-dialled':
      case 'txfax-result':
      case 'rxfax-result':
      case 'background-job':
        return;
      default:
        assertNever(event, 'live event');
    }
  }

  private *byDomain(domain: string, event: PbxEvent): Generator<[Tenant, LiveEvent]> {
    const tenant = this.tenantByDomain.get(domain.toLowerCase());
    if (tenant) yield [tenant, event];
  }

  private apply(tenant: Tenant, changes: Change[], eventAt: number | undefined) {
    const { state } = tenant;
    /** Extensions whose presence may have changed. */
    const touched = new Set<string>();
    for (const change of changes) {
      if (change.kind === 'channel') {
        if (change.up) {
          state.channels.add(change.uuid);
          state.channelOn.set(change.uuid, change.server ?? state.channelOn.get(change.uuid) ?? '');
          this.channelTenant.set(change.uuid, tenant);
        } else {
          state.channels.delete(change.uuid);
          if (!state.legs.has(change.uuid)) this.channelGone(tenant, change.uuid);
        }
        continue;
      }
      if (change.kind === 'devices-on') {
        const held = state.devicesOn.get(change.server) ?? new Map<string, Device[]>();
        if (change.devices.length) held.set(change.extension, change.devices);
        else held.delete(change.extension);
        if (held.size) state.devicesOn.set(change.server, held);
        else state.devicesOn.delete(change.server);
        continue;
      }
      if (change.kind === 'leg') {
        const before = state.legs.get(change.uuid);
        if (before) {
          touched.add(before.extension);
          const uuids = state.legsOf.get(before.extension);
          uuids?.delete(change.uuid);
          if (uuids?.size === 0) state.legsOf.delete(before.extension);
        }
        if (change.leg) {
          state.legs.set(change.uuid, change.leg);
          const uuids = state.legsOf.get(change.leg.extension) ?? new Set();
          state.legsOf.set(change.leg.extension, uuids.add(change.uuid));
          state.channelOn.set(change.uuid, change.server ?? state.channelOn.get(change.uuid) ?? '');
          this.channelTenant.set(change.uuid, tenant);
          touched.add(change.leg.extension);
        } else {
          state.legs.delete(change.uuid);
          if (!state.channels.has(change.uuid)) this.channelGone(tenant, change.uuid);
        }
        continue;
      }
      if (change.kind === 'supervision') {
        if (change.supervision) state.supervisions.set(change.extension, change.supervision);
        else state.supervisions.delete(change.extension);
        continue;
      }
      if (change.kind === 'agent') {
        if (change.break === null) state.breaks.delete(change.agent);
        else if (change.break) state.breaks.set(change.agent, change.break);
        if (change.wrapUp !== undefined) state.wrapUp.set(change.agent, change.wrapUp);
        if (change.setter === null) state.setters.delete(change.agent);
        else if (change.setter) state.setters.set(change.agent, change.setter);
        continue;
      }
      if (change.scope === 'tenant') {
        state.figures = applyScopePatch(change.scope, state.figures, change.set);
      } else if (change.scope === 'figures') {
        state.dashboard = applyScopePatch(change.scope, state.dashboard, change.set);
      } else if (isQueueChange(change)) {
        const name = queueName(change.scope);
        const queue = state.queues.get(name);
        if (!queue) continue;
        state.queues.set(name, applyScopePatch(change.scope, queue, change.set));
      } else {
        const number = extensionNumber(change.scope);
        const ext = state.extensions.get(number);
        if (!ext) continue;
        state.extensions.set(number, applyScopePatch(change.scope, ext, change.set));
        touched.add(number);
      }
      this.queue(tenant, change.scope, change.set, eventAt);
    }
    for (const number of touched) this.presenceChanged(tenant, number, eventAt);
  }

  /** Neither a call nor a leg of the tenant's any more. */
  private channelGone(tenant: Tenant, uuid: string) {
    this.channelTenant.delete(uuid);
    tenant.state.channelOn.delete(uuid);
  }

  /**
   * Derives one extension's presence and peer again (presence.ts) and queues
   * a patch of each that changed. A gone extension leaves both.
   */
  private presenceChanged(tenant: Tenant, number: string, eventAt: number | undefined) {
    const { state } = tenant;
    const ext = state.extensions.get(number);
    const setPresence: PresenceSet = {};
    const setPeers: PeersSet = {};
    if (!ext) {
      if (state.presence[number]) setPresence[number] = null;
      if (state.peers[number]) setPeers[number] = null;
    } else {
      const legs = [...(state.legsOf.get(number) ?? [])].map((uuid) => state.legs.get(uuid)!);
      const call = callOf(legs);
      const now = Math.floor((eventAt ?? Date.now() * 1000) / 1_000_000);
      const presence = presenceOf(ext, call, state.presence[number], now);
      if (!samePresence(state.presence[number], presence)) setPresence[number] = presence;
      if (!samePeer(state.peers[number], call?.peer)) setPeers[number] = call?.peer ?? null;
    }
    if (Object.keys(setPresence).length) {
      putEntries(state.presence, setPresence);
      this.queue(tenant, 'presence', setPresence, eventAt);
    }
    if (Object.keys(setPeers).length) {
      putEntries(state.peers, setPeers);
      this.queue(tenant, 'peers', setPeers, eventAt);
    }
  }

  /** Folds a scope change into this turn's patch for the scope. */
  private queue(tenant: Tenant, scope: Scope, set: object, eventAt: number | undefined) {
    const key = `${tenant.state.id}\u0000${scope}`;
    const waiting = this.pending.get(key);
    if (waiting) {
      if (isQueueScope(scope)) waiting.set = mergeQueueSets(waiting.set, set);
      else Object.assign(waiting.set, set);
      if (eventAt !== undefined && (waiting.eventAt === undefined || eventAt < waiting.eventAt)) waiting.eventAt = eventAt;
    } else {
      this.pending.set(key, { tenant, scope, set: { ...set }, eventAt });
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }
}

/**
 * Two sets of one queue in one turn as one: fields as in a shallow merge, but
 * agent updates merge by name (later wins), a whole list drops the updates
 * before it, and updates after a whole list fold into that list.
 */
export function mergeQueueSets(earlier: QueueSet, later: QueueSet): QueueSet {
  const { agentUpdates, ...fields } = later;
  const merged: QueueSet = { ...earlier, ...fields };
  if (fields.agents) delete merged.agentUpdates;
  if (!agentUpdates) return merged;
  if (merged.agents) merged.agents = applyAgentUpdates(merged.agents, agentUpdates);
  else merged.agentUpdates = { ...merged.agentUpdates, ...agentUpdates };
  return merged;
}

/**
 * applyEntries in place: the server's directories (every extension of a
 * tenant) are not copied whole for each extension that changes. Nothing
 * keeps an old one: a snapshot is encoded as it is sent.
 */
function putEntries<T>(target: Record<string, T>, set: Record<string, T | null>): void {
  for (const [key, value] of Object.entries(set)) {
    if (value === null) delete target[key];
    else target[key] = value;
  }
}

/**
 * isQueueScope narrows only the scope string; this narrows the whole change,
 * so its set is known to be a QueueSet (and, in the else branch, an
 * extension's) without a cast. Pinned by tests/types/live-scopes.test-d.ts.
 */
const isQueueChange = (change: ScopeChange): change is Extract<ScopeChange, { scope: QueueScope }> => isQueueScope(change.scope);

/** mod_callcenter names queues and agents `name@domain`; the domain says whose they are. */
const domainOf = (full: string) => full.slice(full.lastIndexOf('@') + 1).toLowerCase();
