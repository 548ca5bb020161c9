// The live store: one Socket.IO connection per tab; the tenant figures, the
// counters while a page watches them and the user's extensions as Solid
// stores; and the connection status. The socket.io-client code is loaded
// only when a signed-in session starts it.
import { createSignal } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import type { Socket } from 'socket.io-client';
import type { AgentStatus, DashboardFigures, ExtensionLive, Patch, PeersLive, PeersSet, PresenceLive, PresenceSet, QueueLive, QueueSet, Snapshot, SupervisionMode, TenantFigures } from '../../../common/live.ts';
import { applyEntries, applyScopePatch, isQueueScope, LIVE_PROTOCOL, queueName } from '../../../common/live.ts';
import type { AdminArea } from '../../../common/admin.ts';
import type { CdrRow } from '../../../common/cdr.ts';
import type { FaxChange } from '../../../common/fax.ts';
import type { AgentStatusOrder, AgentStatusResult, ClientToServerEvents, HandshakeAuth, ServerToClientEvents, SessionEnd, SuperviseResult } from '../../../common/socket.ts';
import { QUEUES_ON_WATCH, readSessionEnd } from '../../../common/socket.ts';
import { createSequencer, extensionNumber } from './sequencer.ts';
import { splitTenant } from './tenant-v4.ts';

export type ConnectionStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';

export interface LiveData {
  /** Null until the first snapshot of this session. */
  tenant: TenantFigures | null;
  /**
   * The tenant's counters while a page watches them (watchFigures) and the
   * snapshot holding them has arrived; null otherwise: a page shows them
   * loading, never a number from before.
   */
  figures: DashboardFigures | null;
  /** Keyed by extension number ('1001'). */
  extensions: Record<string, ExtensionLive>;
  /** Keyed by short queue name: the queues this user may see, while a view watches them (watchQueues); empty otherwise. */
  queues: Record<string, QueueLive>;
  /** Every extension's presence while a view watches it (watchPresence); null otherwise. */
  presence: PresenceLive | null;
  /** With whom each extension talks (supervisors and admins watching presence). */
  peers: PeersLive;
}

export interface LiveHooks {
  /** The server ended the session (signed out elsewhere, expired, locked, password reset): `code` says why. */
  sessionEnded(end: SessionEnd): void;
  /** The server refused the handshake as unauthorized, or dropped the connection: check the session, then call reconnectLive() or end it. */
  refused(): void;
}

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const EMPTY: LiveData = { tenant: null, figures: null, extensions: {}, queues: {}, presence: null, peers: {} };
const RESYNC_RETRY_MS = 8_000;
const LOAD_RETRY_MS = 5_000;

const [data, setData] = createStore<LiveData>(structuredClone(EMPTY));
const [status, setStatus] = createSignal<ConnectionStatus>('idle');

/** The live state; read-only for views. */
export const live: Readonly<LiveData> = data;
export const connectionStatus = status;
/** Listeners for changes to the user's own faxes (the fax pages keep their lists from REST current with these). */
const faxListeners = new Set<(change: FaxChange) => void>();
export function onFaxChange(listener: (change: FaxChange) => void): () => void {
  faxListeners.add(listener);
  return () => void faxListeners.delete(listener);
}

const cdrListeners = new Set<(row: CdrRow) => void>();
/** Listeners for the user's own calls as they are recorded (the CDR pages put them on top). */
export function onCdr(listener: (row: CdrRow) => void): () => void {
  cdrListeners.add(listener);
  return () => void cdrListeners.delete(listener);
}
const usageListeners = new Set<() => void>();
/** Listeners for "the tenant's usage changed" (the billing quota page reloads). */
export function onUsage(listener: () => void): () => void {
  usageListeners.add(listener);
  return () => void usageListeners.delete(listener);
}

const accountListeners = new Set<() => void>();
/**
 * Listeners for "an administrator changed what this user is or may see"
 * (role, name, extensions, queue tiers): the session re-reads who is signed
 * in, My Account reloads. The new snapshot came just before.
 */
export function onAccountChange(listener: () => void): () => void {
  accountListeners.add(listener);
  return () => void accountListeners.delete(listener);
}

const adminListeners = new Set<(areas: AdminArea[]) => void>();
/** Listeners for "administrative data of these areas changed" (admins' and operators' pages reload). */
export function onAdminChange(listener: (areas: AdminArea[]) => void): () => void {
  adminListeners.add(listener);
  return () => void adminListeners.delete(listener);
}

export interface LiveOptions {
  /**
   * False for an operator: the server sends them no snapshot (they see no
   * tenant's live state), so the connection is live as soon as it is open.
   */
  snapshots?: boolean;
}

/** True once the first snapshot of this session has arrived. */
export const liveReady = () => data.tenant !== null;
/** A snapshot holding the watched queues has arrived (until then a view shows them loading, not as none). */
const [queuesShown, setQueuesShown] = createSignal(false);
export const queuesReady = () => liveReady() && queuesShown();

let generation = 0;
let socket: LiveSocket | null = null;
let resyncTimer: ReturnType<typeof setTimeout> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
/** Refusals in a row since the last snapshot, for reconnectLive's back-off. */
let refusals = 0;

/** Open the tab's connection (no-op if it is already open). */
export function startLive(hooks: LiveHooks, options: LiveOptions = {}): void {
  if (status() !== 'idle') return;
  const gen = ++generation;
  refusals = 0;
  setStatus('connecting');
  void open(gen, hooks, options.snapshots ?? true);
}

/** Close the connection and forget everything it delivered. */
export function stopLive(): void {
  generation++;
  clearTimeout(resyncTimer);
  clearTimeout(retryTimer);
  if (socket) {
    socket.removeAllListeners();
    socket.disconnect();
    socket = null;
  }
  setStatus('idle');
  setData(reconcile(structuredClone(EMPTY)));
  setQueuesShown(false);
}

/**
 * After refused(): try the connection again once the session checked out,
 * backing off (1 s, 2 s, 4 s … 30 s) while the server keeps refusing.
 */
export function reconnectLive(): void {
  const gen = generation;
  const delay = Math.min(30_000, 1_000 * 2 ** refusals++);
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    if (gen === generation && socket && !socket.connected) socket.connect();
  }, delay);
}

async function open(gen: number, hooks: LiveHooks, snapshots: boolean): Promise<void> {
  let io: typeof import('socket.io-client').io;
  try {
    ({ io } = await import('socket.io-client'));
  } catch {
    // The chunk could not be loaded (server down, or redeployed): try again.
    if (gen !== generation) return;
    setStatus('reconnecting');
    retryTimer = setTimeout(() => void open(gen, hooks, snapshots), LOAD_RETRY_MS);
    return;
  }
  if (gen !== generation) return;

  const sequencer = createSequencer();
  let everLive = false;
  // forceNew: a new session (perhaps another user) never reuses an old connection.
  // The handshake says whether a view watches the queues now, so the first snapshot already holds them.
  const auth = (cb: (data: HandshakeAuth) => void) => cb({ ...QUEUES_ON_WATCH, watchingQueues: queuesWatch.active() });
  const s: LiveSocket = io({ withCredentials: true, transports: ['websocket'], forceNew: true, auth });
  socket = s;

  const askForSnapshot = () => {
    clearTimeout(resyncTimer);
    if (s.connected) s.emit('resync');
    resyncTimer = setTimeout(() => {
      if (sequencer.waiting && s.connected) askForSnapshot();
    }, RESYNC_RETRY_MS);
  };

  // Without snapshots, being connected is all there is to being live.
  s.on('connect', () => {
    // A new connection watches nothing: ask again for what the open views watch.
    if (presenceWatch.active()) s.emit('presence-watch', true);
    if (figuresWatch.active()) s.emit('figures-watch', true);
    if (snapshots || gen !== generation) return;
    everLive = true;
    refusals = 0;
    setStatus('live');
  });

  s.on('snapshot', (snapshot: Snapshot) => {
    // The server was redeployed with a newer wire format: this tab's code
    // would misread its patches, so load the code that matches it. An older
    // node (during a rolling deploy) sends whole lists, which this code reads.
    if ((snapshot.protocol ?? 1) > LIVE_PROTOCOL) {
      location.reload();
      return;
    }
    clearTimeout(resyncTimer);
    sequencer.snapshot(snapshot);
    const extensions: Record<string, ExtensionLive> = {};
    for (const [key, value] of Object.entries(snapshot.extensions)) extensions[extensionNumber(key)] = value.state;
    const queues: Record<string, QueueLive> = {};
    for (const [name, value] of Object.entries(snapshot.queues)) queues[name] = value.state;
    // Presence only comes with a snapshot asked for by presence-watch; the others keep what is shown.
    const presence = snapshot.presence?.state ?? (presenceWatch.active() ? data.presence : null);
    const peers = snapshot.peers?.state ?? (presenceWatch.active() ? data.peers : {});
    // The counters come only in a snapshot that answers figures-watch (or inside the tenant, from a protocol 1–4 server):
    // the connect snapshot before it holds none, and the numbers shown before the connection dropped are old.
    const { tenant, figures: legacyFigures } = splitTenant(snapshot.tenant.state);
    const figures = snapshot.figures?.state ?? (legacyFigures as DashboardFigures | null);
    setData(reconcile({ tenant, figures, extensions, queues, presence, peers }, { key: 'callId' }));
    if (queuesWatch.active()) setQueuesShown(true);
    everLive = true;
    refusals = 0;
    setStatus('live');
  });

  s.on('patch', (patch: Patch) => {
    const verdict = sequencer.accept(patch);
    if (verdict === 'gap') askForSnapshot();
    if (verdict !== 'apply') return;
    const { scope } = patch;
    if (scope === 'presence' || scope === 'peers') {
      // reconcile, not a merge: an entry the patch removes (null) must go from the store too.
      if (scope === 'presence' && data.presence) setData('presence', reconcile(applyEntries(unwrap(data.presence), patch.set as PresenceSet)));
      if (scope === 'peers' && data.presence) setData('peers', reconcile(applyEntries(unwrap(data.peers), patch.set as PeersSet)));
    } else if (scope === 'tenant') {
      const { tenant: set, figures } = splitTenant(patch.set as Partial<TenantFigures>);
      setData('tenant', (tenant) => (tenant ? applyScopePatch(scope, tenant, set) : tenant));
      if (figures) setData('figures', (shown) => (shown ? applyScopePatch('figures', shown, figures) : shown));
    } else if (scope === 'figures') {
      const set = patch.set as Partial<DashboardFigures>;
      setData('figures', (shown) => (shown ? applyScopePatch(scope, shown, set) : shown));
    } else if (isQueueScope(scope)) {
      const name = queueName(scope);
      const set = patch.set as QueueSet;
      if (data.queues[name]) setData('queues', name, (queue) => applyScopePatch(scope, queue, set));
    } else {
      const set = patch.set as Partial<ExtensionLive>;
      const number = extensionNumber(scope);
      if (data.extensions[number]) setData('extensions', number, (ext) => applyScopePatch(scope, ext, set));
    }
  });

  s.on('fax', (change: FaxChange) => {
    for (const listener of faxListeners) listener(change);
  });

  s.on('cdr', (row: CdrRow) => {
    for (const listener of cdrListeners) listener(row);
  });

  s.on('usage', () => {
    for (const listener of usageListeners) listener();
  });

  s.on('account-changed', () => {
    for (const listener of accountListeners) listener();
  });

  s.on('admin-changed', (areas: AdminArea[]) => {
    // Whatever an older or newer server sends, a listener gets a list.
    const list = Array.isArray(areas) ? areas : [];
    for (const listener of adminListeners) listener(list);
  });

  s.on('session-ended', (reason: unknown) => {
    if (gen !== generation) return;
    // An older server sent a bare string: then only "it ended" is known.
    hooks.sessionEnded(readSessionEnd(reason) ?? { code: 'unauthorized', message: String(reason) });
  });

  // A message of ours the server's decoder refused (a bug on this side, or a newer server): say so in the console.
  s.on('refused', (refusal) => console.warn(`Switchboard refused ${refusal.event} (${refusal.code}): ${refusal.error}`));

  s.on('disconnect', (reason) => {
    sequencer.pause();
    clearTimeout(resyncTimer);
    if (gen !== generation || reason === 'io client disconnect') return;
    setStatus(everLive ? 'reconnecting' : 'connecting');
    // The server closed it on purpose: socket.io will not retry by itself.
    if (reason === 'io server disconnect') hooks.refused();
  });

  s.on('connect_error', (err) => {
    if (gen !== generation) return;
    setStatus(everLive ? 'reconnecting' : 'connecting');
    // Active = a transport failure, which socket.io retries by itself. Not
    // active = the server's middleware refused the handshake; its err.data
    // says why (an older server sends none: check the session).
    if (s.active) return;
    const end = readSessionEnd((err as Error & { data?: unknown }).data);
    if (end?.code === 'server-error') reconnectLive();
    else if (end && end.code !== 'unauthorized') hooks.sessionEnded(end);
    else hooks.refused();
  });
}

const AGENT_STATUS_TIMEOUT_MS = 10_000;

/**
 * Ask the PBX to set the user's own agent status. Resolves with the server's
 * verdict; the status shown comes later, as FreeSWITCH's confirmed change.
 */
export function requestAgentStatus(status: AgentStatus): Promise<AgentStatusResult> {
  return ask((s, answer) => s.timeout(AGENT_STATUS_TIMEOUT_MS).emit('agent-status', status, answer));
}

/** Go On Break for one of the tenant's break reasons (or change the reason while on break). */
export function requestAgentBreak(reason: string): Promise<AgentStatusResult> {
  return ask((s, answer) => s.timeout(AGENT_STATUS_TIMEOUT_MS).emit('agent-break', reason, answer));
}

/** A supervisor or admin sets one of the tenant's agents' status; the row changes when FreeSWITCH confirms it. */
export function requestSetAgentStatus(order: AgentStatusOrder): Promise<AgentStatusResult> {
  return ask((s, answer) => s.timeout(AGENT_STATUS_TIMEOUT_MS).emit('set-agent-status', order, answer));
}

/** End the wrap-up after a queue call now. */
export function requestAgentReady(): Promise<AgentStatusResult> {
  return ask((s, answer) => s.timeout(AGENT_STATUS_TIMEOUT_MS).emit('agent-ready', answer));
}

/** The supervisor's phone rings for up to 30 s (server/pbx/eavesdrop.ts) before the first ack comes. */
const SUPERVISE_TIMEOUT_MS = 40_000;

/** Take part in the call of one of the tenant's extensions, or switch the mode of the one already supervised. */
export function requestSupervise(extension: string, mode: SupervisionMode): Promise<SuperviseResult> {
  return ask((s, answer) => s.timeout(SUPERVISE_TIMEOUT_MS).emit('supervise', { extension, mode }, answer));
}

/** Leave the supervised call (the supervisor's phone hangs up). */
export function requestSuperviseLeave(): Promise<SuperviseResult> {
  return ask((s, answer) => s.timeout(AGENT_STATUS_TIMEOUT_MS).emit('supervise-leave', answer));
}

/**
 * A stream the server sends only while some view watches it: the first view
 * starts it, the last one's stop ends it and forgets what it delivered, and
 * a new connection (which watches nothing) asks again while views remain.
 */
function sharedWatch(event: 'presence-watch' | 'figures-watch' | 'queues-watch', forget: () => void) {
  let watchers = 0;
  return {
    active: () => watchers > 0,
    start(): () => void {
      if (watchers++ === 0 && socket?.connected) socket.emit(event, true);
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        if (--watchers > 0) return;
        if (socket?.connected) socket.emit(event, false);
        forget();
      };
    },
  };
}

const presenceWatch = sharedWatch('presence-watch', () => setData({ presence: null, peers: {} }));
const figuresWatch = sharedWatch('figures-watch', () => setData({ figures: null }));
const queuesWatch = sharedWatch('queues-watch', () => {
  setData('queues', reconcile({}));
  setQueuesShown(false);
});

/**
 * Every extension's presence, live while some view (the Colleagues page,
 * the softphone's panel) watches it; call the returned function to stop.
 * Only then does the server send it: a tab that shows no colleague costs
 * nothing as they come and go.
 */
export const watchPresence = (): (() => void) => presenceWatch.start();

/**
 * The tenant's counters, live while some page (the Dashboard, Billing
 * Quota) watches them; call the returned function to stop. Only then does
 * the server send them: an agent's tab on their desk costs nothing as calls
 * come and go. Until the snapshot holding them arrives, `live.figures` is null.
 */
export const watchFigures = (): (() => void) => figuresWatch.start();

/**
 * The queues this user may see, live while some view (the Queues page, the
 * wallboard, a supervisor's queue alerts) watches them; call the returned
 * function to stop. Only then does the server send them: an agent's tab on
 * their desk costs nothing as callers come and go. Until the snapshot
 * holding them arrives, queuesReady() is false.
 */
export const watchQueues = (): (() => void) => queuesWatch.start();

/** One acknowledged request about the agent's own desk, in words for the agent when it fails. */
function ask(send: (s: LiveSocket, answer: (err: Error | null, result: AgentStatusResult) => void) => void): Promise<AgentStatusResult> {
  const s = socket;
  if (!s?.connected) return Promise.resolve({ ok: false, error: 'Not connected to Switchboard. Wait for the connection to come back.' });
  return new Promise((resolve) => send(s, (err, result) => resolve(err ? { ok: false, error: 'Switchboard did not answer in time. Try again.' } : result)));
}
