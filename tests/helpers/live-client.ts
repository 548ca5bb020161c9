// Follows one socket the way the browser does: snapshot, then patches in
// sequence; a gap asks for a fresh snapshot.
import type { Socket } from 'socket.io-client';
import { applyScopePatch, type DashboardFigures, type ExtensionLive, type Patch, type PeersLive, type PresenceLive, type QueueLive, type TenantFigures } from '../../common/live.ts';
import type { AgentStatusResult, ClientToServerEvents, HandshakeAuth, Refusal, ServerToClientEvents } from '../../common/socket.ts';
import type { TestServer } from './server.ts';
import { sleep, waitFor } from './wait.ts';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type LiveView = ReturnType<typeof follow>;

export function follow(socket: LiveSocket) {
  const view = {
    snapshots: 0,
    connects: 0,
    patches: [] as Patch[],
    tenant: undefined as { seq: number; state: TenantFigures } | undefined,
    /** Only while the socket watches the counters ('figures-watch'). */
    figures: undefined as { seq: number; state: DashboardFigures } | undefined,
    extensions: {} as Record<string, { seq: number; state: ExtensionLive }>,
    queues: {} as Record<string, { seq: number; state: QueueLive }>,
    /** Only while the socket watches presence ('presence-watch'). */
    presence: undefined as { seq: number; state: PresenceLive } | undefined,
    peers: undefined as { seq: number; state: PeersLive } | undefined,
    connectError: undefined as Error | undefined,
  };
  socket.on('connect', () => view.connects++);
  socket.on('connect_error', (err) => (view.connectError = err));
  socket.on('snapshot', (s) => {
    view.snapshots++;
    view.tenant = s.tenant;
    view.figures = s.figures;
    view.extensions = s.extensions;
    view.queues = s.queues;
    view.presence = s.presence;
    view.peers = s.peers;
  });
  socket.on('patch', (p) => {
    view.patches.push(p);
    const target =
      p.scope === 'tenant'
        ? view.tenant
        : p.scope === 'figures'
          ? view.figures
          : p.scope === 'presence'
            ? view.presence
            : p.scope === 'peers'
              ? view.peers
              : p.scope.startsWith('queue:')
                ? view.queues[p.scope.slice('queue:'.length)]
                : view.extensions[p.scope.slice('ext:'.length)];
    if (!target || p.seq <= target.seq) return;
    if (p.seq > target.seq + 1) {
      socket.emit('resync');
      return;
    }
    target.seq = p.seq;
    target.state = applyScopePatch(p.scope, target.state as never, p.set as never) as never;
  });
  return view;
}

/** Signs in as `email` and follows a new socket until its first snapshot; the caller closes the socket. */
export async function openTab(server: TestServer, email: string, auth?: HandshakeAuth): Promise<{ socket: LiveSocket; view: LiveView }> {
  const socket = server.connect(await server.signIn(email), auth);
  const view = follow(socket);
  try {
    await waitFor(() => view.snapshots === 1, 5000, `${email}'s first snapshot`);
  } catch (err) {
    socket.close();
    throw err;
  }
  return { socket, view };
}

/**
 * Signs in as `email`, follows a new socket until its first snapshot, runs
 * `body`, and closes the socket whatever happened (an open socket would keep
 * the test file's process alive).
 */
export async function withLiveView(
  server: TestServer,
  email: string,
  body: (view: LiveView, socket: LiveSocket) => Promise<void>,
): Promise<void> {
  const { socket, view } = await openTab(server, email);
  try {
    await body(view, socket);
  } finally {
    socket.close();
  }
}

/** Sends what `send` sends on the socket and resolves with the first `refused` that comes back. */
export async function firstRefusal(socket: LiveSocket, send: () => void): Promise<Refusal> {
  const refusals: Refusal[] = [];
  const heard = (refusal: Refusal) => refusals.push(refusal);
  socket.on('refused', heard);
  try {
    send();
    return await waitFor(() => refusals[0], 5000, 'the refusal');
  } finally {
    socket.off('refused', heard);
  }
}

/** The provider's operator opens a socket and starts watching `event`: resolves with the snapshots it received in 300 ms (an operator has no tenant). */
export async function operatorSnapshotsOnWatch(server: TestServer, event: 'presence-watch' | 'figures-watch' | 'queues-watch', auth?: HandshakeAuth): Promise<number> {
  const operator = server.connect(await server.signIn('operator@provider.test'), auth);
  const view = follow(operator);
  try {
    await waitFor(() => operator.connected, 5000, "the operator's connection");
    operator.emit(event, true);
    await sleep(300);
    return view.snapshots;
  } finally {
    operator.close();
  }
}

/** Opens the Dashboard on this socket: its counters come in a snapshot, then as patches. */
export async function watchFigures(socket: LiveSocket, view: LiveView): Promise<void> {
  socket.emit('figures-watch', true);
  await waitFor(() => view.figures !== undefined, 5000, 'the snapshot with the counters');
}

/** Sets the socket's user's agent status as the Queues page does; the server's ack (FreeSWITCH's verdict). */
export const setAgentStatus = (socket: LiveSocket, status: string) =>
  new Promise<AgentStatusResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack to agent-status')), 10_000);
    socket.emit('agent-status', status as never, (result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });
