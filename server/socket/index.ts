// Socket.IO on the HTTP server Hono serves: the handshake authenticates with
// the session cookie, the server joins each socket to the rooms its session
// allows, sends a snapshot on every connect (and on request after a gap),
// then delivers the live store's patches to rooms.
import type { Server as HttpServer } from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/socket.ts';
import type { Config } from '../config.ts';
import { findExtensionsOfUser } from '../db/queries.ts';
import { readSessionToken, resolveSession, type SessionInfo } from '../http/session.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import { extensionRoom, scopeRoom, sessionRoom, tenantRoom } from './rooms.ts';

interface SocketData {
  session: SessionInfo;
  extensions: string[];
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketDeps {
  orm: MikroORM;
  config: Config;
  live: LiveStore;
  log: Log;
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
      if (!session) return next(new Error('unauthorized'));
      const extensions = await findExtensionsOfUser(em, session.tenantId, session.userId);
      socket.data = { session, extensions: extensions.map((e) => e.number) };
      next();
    } catch (err) {
      log.error(`socket handshake failed: ${(err as Error).message}`);
      next(new Error('server error'));
    }
  });

  io.on('connection', (socket) => {
    const { session, extensions } = socket.data;
    socket.join([
      tenantRoom(session.tenantId),
      sessionRoom(session.sessionId),
      ...extensions.map((n) => extensionRoom(session.tenantId, n)),
    ]);
    const sendSnapshot = () => {
      const snapshot = live.snapshot(session.tenantId, extensions);
      if (snapshot) socket.emit('snapshot', snapshot);
    };
    sendSnapshot();
    let lastResync = 0;
    socket.on('resync', () => {
      const now = Date.now();
      if (now - lastResync < RESYNC_INTERVAL_MS) return;
      lastResync = now;
      sendSnapshot();
    });
    // A session that runs out while its tab stays open must not keep
    // receiving live state.
    let expiry: NodeJS.Timeout;
    const endAtExpiry = () => {
      const left = session.expiresAt.getTime() - Date.now();
      if (left > 0) {
        expiry = setTimeout(endAtExpiry, Math.min(left, MAX_TIMER_MS));
        return;
      }
      socket.emit('session-ended', 'Your session has expired. Please sign in again.');
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

  return {
    io,
    /** Tell every tab of a session that it ended, then drop their sockets. */
    endSession(sessionId: string, reason: string) {
      io.to(sessionRoom(sessionId)).emit('session-ended', reason);
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeRedis();
    },
  };
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
