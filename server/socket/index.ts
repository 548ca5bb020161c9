// Socket.IO on the HTTP server Hono serves: the handshake authenticates with
// the session cookie, the server joins each socket to the rooms its session
// allows, sends a snapshot on every connect (and on request after a gap),
// then delivers the live store's patches to rooms. After an administrative
// change it re-reads what each socket of the tenant may see: new rooms and a
// fresh snapshot for those whose access changed, the end of the session for
// those who were disabled, removed or suspended.
import type { Server as HttpServer } from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import type { AdminArea } from '../../common/admin.ts';
import type { AgentStatus } from '../../common/live.ts';
import type { CdrRow } from '../../common/cdr.ts';
import type { FaxChange } from '../../common/fax.ts';
import type { SupervisionMode } from '../../common/live.ts';
import {
  sessionEnd,
  type AgentStatusOrder,
  type AgentStatusResult,
  type ClientToServerEvents,
  type HandshakeAuth,
  type SuperviseResult,
  type ServerToClientEvents,
  type SessionEndCode,
} from '../../common/socket.ts';
import type { Config } from '../config.ts';
import { tenantAccess, type Access } from '../db/access.ts';
import { isOperator, readSessionToken, type AnySession, type SessionInfo } from '../http/session.ts';
import type { AppEvent } from '../live/reduce.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import { connectRedisPair } from './redis.ts';
import { readBalances } from '../live/balances.ts';
import type { Pbx } from '../pbx/connection.ts';
import { listen } from './decode.ts';
import { floodGate } from './flood.ts';
import { handshakeLoader } from './handshake.ts';
import { adminsRoom, extensionRoom, figuresRoom, OPERATORS_ROOM, peersRoom, presenceRoom, queueRoom, scopeRoom, sessionRoom, tenantRoom, userRoom } from './rooms.ts';

interface SocketData extends Access {
  session: AnySession;
  /** The Colleagues page or panel is open: the socket receives every extension's presence. */
  watchingPresence?: boolean;
  /** A Dashboard-type page is open: the socket receives the tenant's counters. */
  watchingFigures?: boolean;
  /** The Queues page, the wallboard or a supervisor's queue alerts are open (or the client predates queues-watch): the socket receives its queues. */
  watchingQueues?: boolean;
}

/** Between server nodes (through the Redis adapter): what one node alone knows, e.g. a setting saved there. */
interface InterServerEvents {
  'app-event': (event: AppEvent) => void;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketDeps {
  orm: MikroORM;
  config: Config;
  live: LiveStore;
  log: Log;
  pbx: Pick<Pbx, 'api'>;
  /** The agent's own desk: a break with a reason, the end of a wrap-up (server/desk/). */
  desk: {
    takeBreak(session: SessionInfo, reason: string): Promise<AgentStatusResult>;
    readyNow(session: SessionInfo): Promise<AgentStatusResult>;
    /** The agent's own status: a supervisor's word on it is forgotten first (server/desk/setters.ts). */
    changeStatus(session: SessionInfo, status: AgentStatus): Promise<AgentStatusResult>;
    /** A supervisor or admin sets an agent's status (server/desk/status-order.ts); `address` for the audit log. */
    orderStatus(session: SessionInfo, address: string | null, order: AgentStatusOrder): Promise<AgentStatusResult>;
  };
  /** Listen, whisper, barge (server/supervise/): the role and tenant are checked there, from the session. */
  supervise: {
    supervise(session: SessionInfo, address: string | null, extension: string, mode: SupervisionMode): Promise<SuperviseResult>;
    leave(session: SessionInfo): Promise<SuperviseResult>;
  };
}

/** A client that keeps asking for snapshots gets at most one per this many ms. */
const RESYNC_INTERVAL_MS = 1000;
/** The largest client message (decode.ts's payloads are an extension, a status and a reason). */
export const MAX_MESSAGE_BYTES = 16 * 1024;
/** setTimeout's ceiling (~24.8 days); a longer wait is done in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Who may see with whom a colleague talks. */
const seesPeers = (session: SessionInfo) => session.role === 'supervisor' || session.role === 'admin';

/** What a socket's open pages watch (sent by the client, kept across an administrative change). */
type Watching = Pick<SocketData, 'watchingPresence' | 'watchingFigures' | 'watchingQueues'>;

/** The queues a socket receives now: all it may see, while a view shows them (a supervisor's shell always does: queue alerts). */
const shownQueues = (access: Access & Watching) => (access.watchingQueues ? access.queues : []);

/** The rooms a tenant user's socket is in because of what it may see and what its pages watch. */
const accessRooms = (session: SessionInfo, access: Access & Watching) => [
  ...access.extensions.map((n) => extensionRoom(session.tenantId, n)),
  ...shownQueues(access).map((q) => queueRoom(session.tenantId, q)),
  ...(session.role === 'admin' ? [adminsRoom(session.tenantId)] : []),
  ...(access.watchingPresence ? [presenceRoom(session.tenantId), ...(seesPeers(session) ? [peersRoom(session.tenantId)] : [])] : []),
  ...(access.watchingFigures ? [figuresRoom(session.tenantId)] : []),
];

export async function attachSocket(httpServer: HttpServer, deps: SocketDeps) {
  const { orm, live, log } = deps;
  const io: LiveServer = new Server(httpServer, {
    serveClient: false,
    // Every client message is a few hundred bytes; a larger one closes that connection (the default is 1 MB).
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Browsers send the session cookie with the handshake; refuse any page
    // from another origin so a foreign site cannot ride the cookie.
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers.origin, req.headers.host)),
  });
  /** This node's sockets per tenant: what an administrative change re-reads. */
  const byTenant = new Map<string, Set<LiveSocket>>();

  let closeRedis = async () => {};
  if (deps.config.redisUrl) {
    // Back after an outage: the balances other nodes broadcast meanwhile are read from the database.
    const catchUp = () =>
      void readBalances(orm).then(
        (events) => events.forEach((event) => live.ingest(event)),
        (err: Error) => log.warn(`balances not read again after the Redis outage: ${err.message}`),
      );
    const redis = await connectRedisPair(deps.config.redisUrl, log, catchUp);
    io.adapter(createAdapter(redis.publisher, redis.subscriber));
    closeRedis = redis.close;
  }

  const handshake = handshakeLoader(orm);
  io.use(async (socket, next) => {
    try {
      const token = readSessionToken(socket.handshake.headers.cookie);
      const found = token ? await handshake(token) : null;
      if (!found) return next(refusal('unauthorized'));
      // A client that cannot ask for queues gets them all the time; one that can says whether a view watches them now.
      const auth = socket.handshake.auth as Partial<Record<keyof HandshakeAuth, unknown>> | undefined;
      const watchingQueues = auth?.queuesOnWatch !== true || auth.watchingQueues === true;
      socket.data = { session: found.session, ...found.access, watchingQueues };
      next();
    } catch (err) {
      log.error(`socket handshake failed: ${(err as Error).message}`);
      next(refusal('server-error'));
    }
  });

  const sendSnapshot = (socket: LiveSocket) => {
    const { session, extensions, watchingPresence, watchingFigures } = socket.data;
    if (isOperator(session)) return;
    const queues = shownQueues(socket.data);
    const snapshot = live.snapshot(session.tenantId, extensions, queues, { presence: watchingPresence, peers: seesPeers(session), figures: watchingFigures });
    if (snapshot) socket.emit('snapshot', snapshot);
  };

  /**
   * A page started or stopped watching presence or the counters: the socket
   * changes rooms, and a start is answered by a snapshot that holds what is
   * now watched, numbered as the patches that follow.
   */
  const setWatching = (socket: LiveSocket, key: keyof Watching, watch: boolean) => {
    const current = socket.data.session;
    if (isOperator(current) || !!socket.data[key] === watch) return;
    for (const room of accessRooms(current, socket.data)) socket.leave(room);
    socket.data[key] = watch;
    socket.join(accessRooms(current, socket.data));
    if (watch) sendSnapshot(socket);
  };

  io.on('connection', (socket) => {
    const { session } = socket.data;
    if (isOperator(session)) {
      // Operators see no tenant's live state: they hear when their lists are stale.
      socket.join([sessionRoom(session.sessionId), OPERATORS_ROOM]);
    } else {
      socket.join([
        tenantRoom(session.tenantId),
        sessionRoom(session.sessionId),
        userRoom(session.tenantId, session.userId),
        ...accessRooms(session, socket.data),
      ]);
      const mine = byTenant.get(session.tenantId) ?? new Set();
      byTenant.set(session.tenantId, mine.add(socket));
      socket.on('disconnect', () => {
        mine.delete(socket);
        if (mine.size === 0 && byTenant.get(session.tenantId) === mine) byTenant.delete(session.tenantId);
      });
      sendSnapshot(socket);
    }
    let lastResync = 0;
    /** An agent's own action, answered in the ack; never an operator's (no tenant, no queues). */
    const asAgent = <R extends AgentStatusResult | SuperviseResult>(ack: (result: R) => void, act: (session: SessionInfo) => Promise<R>) => {
      const current = socket.data.session;
      if (isOperator(current)) return ack({ ok: false, error: 'Operators are not queue agents.' } as R);
      act(current).then(ack, (err: Error) => {
        log.error(`${current.email}: ${err.message}`);
        ack({ ok: false, error: 'Something went wrong on our side. Try again in a moment.' } as R);
      });
    };
    // Every client message goes through the decoder; a handler sees only
    // arguments of the catalog's types.
    listen(
      socket,
      {
        resync: () => {
          const now = Date.now();
          if (now - lastResync < RESYNC_INTERVAL_MS) return;
          lastResync = now;
          sendSnapshot(socket);
        },
        'agent-status': (status, ack) => asAgent(ack, (session) => deps.desk.changeStatus(session, status)),
        'set-agent-status': (order, ack) => asAgent(ack, (session) => deps.desk.orderStatus(session, clientAddress(socket, deps.config.trustProxy), order)),
        'agent-break': (reason, ack) => asAgent(ack, (session) => deps.desk.takeBreak(session, reason)),
        'agent-ready': (ack) => asAgent(ack, (session) => deps.desk.readyNow(session)),
        supervise: ({ extension, mode }, ack) =>
          asAgent(ack, (session) => deps.supervise.supervise(session, socket.handshake.address ?? null, extension, mode)),
        'supervise-leave': (ack) => asAgent(ack, (session) => deps.supervise.leave(session)),
        'presence-watch': (watch) => setWatching(socket, 'watchingPresence', watch),
        'figures-watch': (watch) => setWatching(socket, 'watchingFigures', watch),
        'queues-watch': (watch) => setWatching(socket, 'watchingQueues', watch),
      },
      (refused) => log.debug(`socket of ${session.email}: refused ${refused.event} (${refused.code}): ${refused.error}`),
      floodGate(),
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

  const end = (socket: LiveSocket, code: SessionEndCode) => {
    socket.emit('session-ended', sessionEnd(code));
    socket.disconnect(true);
  };

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
    /** Only the pages that watch the counters show usage (Billing Quota): the other tabs never hear it. */
    notifyUsage(tenantId: string) {
      io.to(figuresRoom(tenantId)).emit('usage');
    },
    /** Tell every tab of a session that it ended, then drop their sockets. */
    endSession(sessionId: string, code: SessionEndCode) {
      io.to(sessionRoom(sessionId)).emit('session-ended', sessionEnd(code));
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
    /**
     * After an administrative change (every node hears it from PostgreSQL, so
     * each one does this for its own sockets only): end the sessions of those
     * the change ended (or who are no longer enabled users of a tenant in
     * service), and give the others new rooms and a fresh snapshot where what
     * they may see changed. `inService` is false for a suspended or removed tenant.
     */
    async refreshTenant(tenantId: string, change: { ended: Record<string, SessionEndCode>; accounts: string[] }, inService: boolean) {
      const { ended } = change;
      const sockets = [...(byTenant.get(tenantId) ?? [])];
      if (sockets.length === 0) return;
      const users = inService ? await tenantAccess(orm.em.fork(), tenantId) : new Map();
      for (const socket of sockets) {
        const session = socket.data.session as SessionInfo;
        const user = users.get(session.userId);
        const code = ended[session.userId] ?? (!inService ? 'suspended' : !user || user.disabled ? 'disabled' : undefined);
        if (code || !user) {
          end(socket, code ?? 'disabled');
          continue;
        }
        const next = { ...session, role: user.role, name: user.name };
        const access = {
          extensions: user.extensions,
          queues: user.queues,
          watchingPresence: socket.data.watchingPresence,
          watchingFigures: socket.data.watchingFigures,
          watchingQueues: socket.data.watchingQueues,
        };
        if (
          next.role === session.role &&
          next.name === session.name &&
          sameList(access.extensions, socket.data.extensions) &&
          sameList(access.queues, socket.data.queues)
        ) {
          // Nothing it may see changed, but what My Account shows did (a new SIP password).
          if (change.accounts.includes(session.userId)) socket.emit('account-changed');
          continue;
        }
        for (const room of accessRooms(session, socket.data)) socket.leave(room);
        socket.data = { session: next, ...access };
        socket.join(accessRooms(next, access));
        sendSnapshot(socket);
        socket.emit('account-changed');
      }
    },
    /** A tenant's balance moved by calls (told by the node that wrote them, at most once a second): operators' lists and ledgers reload. */
    notifyOperators(areas: AdminArea[]) {
      io.to(OPERATORS_ROOM).emit('admin-changed', areas);
    },
    /** The admin pages of these areas are stale: this node's admins of the tenant (or operators, for null) reload them. */
    notifyAdmins(tenantId: string | null, areas: AdminArea[]) {
      io.local.to(tenantId === null ? OPERATORS_ROOM : adminsRoom(tenantId)).emit('admin-changed', areas);
    },
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeRedis();
    },
  };
}

/** The socket's client address for the audit log, as server/http/address.ts reads a request's. */
function clientAddress(socket: LiveSocket, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = socket.handshake.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return socket.handshake.address || null;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

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
