// Socket.IO on the HTTP server Hono serves: the handshake authenticates with
// the session cookie, the server joins each socket to the rooms its session
// allows, sends a snapshot on every connect (and on request after a gap),
// then delivers the live store's patches to rooms.
import type { Server as HttpServer } from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import type { CdrRow } from '../../common/cdr.ts';
import type { FaxChange } from '../../common/fax.ts';
import { sessionEnd, type ClientToServerEvents, type ServerToClientEvents, type SessionEndCode } from '../../common/socket.ts';
import type { Config } from '../config.ts';
import { findExtensionsOfUser } from '../db/queries.ts';
import { queuesVisibleTo } from '../db/queue-queries.ts';
import { readSessionToken, resolveSession, type SessionInfo } from '../http/session.ts';
import type { AppEvent } from '../live/reduce.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import { changeAgentStatus } from './agent-status.ts';
import { listen } from './decode.ts';
import { extensionRoom, queueRoom, scopeRoom, sessionRoom, tenantRoom, userRoom } from './rooms.ts';

interface SocketData {
  session: SessionInfo;
  extensions: string[];
  /** Short names of the queues this user may watch (members' caller IDs included). */
  queues: string[];
}

/** Between server nodes (through the Redis adapter): what one node alone knows, e.g. a setting saved there. */
interface InterServerEvents {
  'app-event': (event: AppEvent) => void;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketDeps {
  orm: MikroORM;
  config: Config;
  live: LiveStore;
  log: Log;
  pbx: Pick<Pbx, 'api'>;
}

/** A client that keeps asking for snapshots gets at most one per this many ms. */
const RESYNC_INTERVAL_MS = 1000;
/** setTimeout's ceiling (~24.8 days); a longer wait is done in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export async function attachSocket(httpServer: HttpServer, deps: SocketDeps) {
  const { orm, live, log } = deps;
  const io: LiveServer = new Server(httpServer, {
    serveClient: false,
    // Browsers send the session cookie with the handshake; refuse any page
    // from another origin so a foreign site cannot ride the cookie.
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers.origin, req.headers.host)),
  });

  let closeRedis = async () => {};
  if (deps.config.redisUrl) {
    const pub = createClient({ url: deps.config.redisUrl });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    closeRedis = async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    };
  }

  io.use(async (socket, next) => {
    try {
      const token = readSessionToken(socket.handshake.headers.cookie);
      const em = orm.em.fork();
      const session = token ? await resolveSession(em, token) : null;
      if (!session) return next(refusal('unauthorized'));
      // Supervisors and admins watch every extension of their tenant (DND, devices); agents their own.
      const extensions =
        session.role === 'agent'
          ? (await findExtensionsOfUser(em, session.tenantId, session.userId)).map((e) => e.number)
          : [...(live.tenantState(session.tenantId)?.extensions.keys() ?? [])];
      const queues = await queuesVisibleTo(em, session.tenantId, session.userId, session.role);
      socket.data = { session, extensions, queues };
      next();
    } catch (err) {
      log.error(`socket handshake failed: ${(err as Error).message}`);
      next(refusal('server-error'));
    }
  });

  io.on('connection', (socket) => {
    const { session, extensions, queues } = socket.data;
    socket.join([
      tenantRoom(session.tenantId),
      sessionRoom(session.sessionId),
      userRoom(session.tenantId, session.userId),
      ...extensions.map((n) => extensionRoom(session.tenantId, n)),
      ...queues.map((q) => queueRoom(session.tenantId, q)),
    ]);
    const sendSnapshot = () => {
      const snapshot = live.snapshot(session.tenantId, extensions, queues);
      if (snapshot) socket.emit('snapshot', snapshot);
    };
    sendSnapshot();
    let lastResync = 0;
    // Every client message goes through the decoder; a handler sees only
    // arguments of the catalog's types.
    listen(
      socket,
      {
        resync: () => {
          const now = Date.now();
          if (now - lastResync < RESYNC_INTERVAL_MS) return;
          lastResync = now;
          sendSnapshot();
        },
        'agent-status': (status, ack) => {
          void changeAgentStatus({ orm, pbx: deps.pbx, live, log }, session, status).then(ack);
        },
      },
      (refused) => log.debug(`socket of ${session.email}: refused ${refused.event} (${refused.code}): ${refused.error}`),
    );
    // A session that runs out while its tab stays open must not keep
    // receiving live state.
    let expiry: NodeJS.Timeout;
    const endAtExpiry = () => {
      const left = session.expiresAt.getTime() - Date.now();
      if (left > 0) {
        expiry = setTimeout(endAtExpiry, Math.min(left, MAX_TIMER_MS));
        return;
      }
      socket.emit('session-ended', sessionEnd('expired'));
      socket.disconnect(true);
    };
    endAtExpiry();
    socket.on('disconnect', () => clearTimeout(expiry));
  });

  // Every node consumes the PBX's events itself and numbers its own patches,
  // so patches go to this node's sockets only; Redis carries what one node
  // alone knows (a session ended, a setting saved) to the others.
  live.onPatch((tenantId, patch) => {
    io.local.to(scopeRoom(tenantId, patch.scope)).emit('patch', patch);
  });

  // Another node saved a setting: fold it into this node's live state too.
  io.on('app-event', (event) => live.ingest(event));

  return {
    io,
    /** Tell the other nodes about an event only this node saw (no-op without the Redis adapter). */
    broadcastAppEvent(event: AppEvent) {
      if (deps.config.redisUrl) io.serverSideEmit('app-event', event);
    },
    /**
     * One of the user's faxes was added or changed. Only the node that wrote
     * the row knows, so this goes through the adapter to every node.
     */
    notifyFax(tenantId: string, userId: string, change: FaxChange) {
      io.to(userRoom(tenantId, userId)).emit('fax', change);
    },
    /** A call of this user's was recorded; through the adapter, so every node's tabs of theirs hear it once. */
    notifyCdr(tenantId: string, userId: string, row: CdrRow) {
      io.to(userRoom(tenantId, userId)).emit('cdr', row);
    },
    notifyUsage(tenantId: string) {
      io.to(tenantRoom(tenantId)).emit('usage');
    },
    /** Tell every tab of a session that it ended, then drop their sockets. */
    endSession(sessionId: string, code: SessionEndCode) {
      io.to(sessionRoom(sessionId)).emit('session-ended', sessionEnd(code));
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeRedis();
    },
  };
}

/**
 * A handshake refusal: socket.io-client's connect_error gets the message,
 * and `data` with the code (Socket.IO sends err.data along).
 */
function refusal(code: SessionEndCode): Error & { data: ReturnType<typeof sessionEnd> } {
  // The message stays the code itself, as before ('unauthorized'), for clients that read only it.
  return Object.assign(new Error(code), { data: sessionEnd(code) });
}

function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  // Non-browser clients (tests, load generators) send no Origin; the cookie
  // is what authenticates them.
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
