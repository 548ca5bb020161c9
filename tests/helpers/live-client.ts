// Follows one socket the way the browser does: snapshot, then patches in
// sequence; a gap asks for a fresh snapshot.
import type { Socket } from 'socket.io-client';
import { applyPatch, type ExtensionLive, type Patch, type QueueLive, type TenantFigures } from '../../common/live.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/socket.ts';

export function follow(socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
  const view = {
    snapshots: 0,
    connects: 0,
    patches: [] as Patch[],
    tenant: undefined as { seq: number; state: TenantFigures } | undefined,
    extensions: {} as Record<string, { seq: number; state: ExtensionLive }>,
    queues: {} as Record<string, { seq: number; state: QueueLive }>,
    connectError: undefined as Error | undefined,
  };
  socket.on('connect', () => view.connects++);
  socket.on('connect_error', (err) => (view.connectError = err));
  socket.on('snapshot', (s) => {
    view.snapshots++;
    view.tenant = s.tenant;
    view.extensions = s.extensions;
    view.queues = s.queues;
  });
  socket.on('patch', (p) => {
    view.patches.push(p);
    const target =
      p.scope === 'tenant'
        ? view.tenant
        : p.scope.startsWith('queue:')
          ? view.queues[p.scope.slice('queue:'.length)]
          : view.extensions[p.scope.slice('ext:'.length)];
    if (!target || p.seq <= target.seq) return;
    if (p.seq > target.seq + 1) {
      socket.emit('resync');
      return;
    }
    target.seq = p.seq;
    target.state = applyPatch(target.state as object, p.set as object) as never;
  });
  return view;
}
