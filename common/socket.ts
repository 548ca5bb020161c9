// The Socket.IO event catalog. Both the server (`new Server<...>`) and the
// client (`io() as Socket<...>`) are typed by these two interfaces.
import type { AdminArea } from './admin.ts';
import type { CdrRow } from './cdr.ts';
import type { FaxChange } from './fax.ts';
import type { AgentStatus, Patch, Snapshot, SupervisionMode } from './live.ts';

export interface ServerToClientEvents {
  /** Everything this user may see, sent on every (re)connect and on request. */
  snapshot: (snapshot: Snapshot) => void;
  patch: (patch: Patch) => void;
  /** One of the user's own faxes was added or changed status (the lists themselves come over REST). */
  fax: (change: FaxChange) => void;
  /** One of the user's own calls was recorded (the CDR pages put it on top). */
  cdr: (row: CdrRow) => void;
  /** The tenant's usage changed (a call was recorded): the billing quota page reloads its figures. Sent only to sockets watching the counters. */
  usage: () => void;
  /**
   * An administrator changed what this user is (role, name) or may see (an
   * extension given or taken, a queue tier added or removed): a new
   * `snapshot` came just before; pages that show the user's own account reload it.
   */
  'account-changed': () => void;
  /** Administrators' and operators' pages of these areas are stale (someone changed them): they reload. */
  'admin-changed': (areas: AdminArea[]) => void;
  /** The session ended (signed out elsewhere, expired, account locked, password reset); the socket is dropped next. */
  'session-ended': (reason: SessionEnd) => void;
  /** A message of this client's was refused by the server's decoder (server/socket/decode.ts); the socket stays usable. */
  refused: (refusal: Refusal) => void;
}

export interface ClientToServerEvents {
  /** Sent by a client that saw a sequence gap; answered by `snapshot`. */
  resync: () => void;
  /**
   * Set the signed-in user's own mod_callcenter agent status. The ack says
   * whether FreeSWITCH accepted it; the status itself arrives as a patch
   * once FreeSWITCH reports the change.
   */
  'agent-status': (status: AgentStatus, ack: (result: AgentStatusResult) => void) => void;
  /**
   * Go On Break for one of the tenant's break reasons (TenantFigures.breakReasons),
   * or change the reason while on break. The ack as for agent-status.
   */
  'agent-break': (reason: string, ack: (result: AgentStatusResult) => void) => void;
  /**
   * A supervisor or admin sets one of their tenant's agents' status (the
   * agent named by extension, found in the session's tenant only). The ack
   * says whether FreeSWITCH accepted it; the row changes when FreeSWITCH
   * reports the change, and the agent's screen says who set it.
   */
  'set-agent-status': (order: AgentStatusOrder, ack: (result: AgentStatusResult) => void) => void;
  /** End the wrap-up after a queue call now, so the next call may come at once. */
  'agent-ready': (ack: (result: AgentStatusResult) => void) => void;
  /**
   * Start (true) or stop (false) receiving every extension's presence (the
   * Colleagues page and panel). Starting is answered by a `snapshot` that
   * holds it; its `presence` (and, for supervisors and admins, `peers`)
   * patches follow until stopped.
   */
  'presence-watch': (watch: boolean) => void;
  /**
   * Start (true) or stop (false) receiving the tenant's counters (the
   * Dashboard-type pages). Starting is answered by a `snapshot` that holds
   * them; their `figures` patches follow until stopped.
   */
  'figures-watch': (watch: boolean) => void;
  /**
   * Start (true) or stop (false) receiving the queues the user may see (the
   * Queues page, the wallboard, a supervisor's queue alerts). Starting is
   * answered by a `snapshot` that holds them; their patches follow until
   * stopped. Only for a client that says so at the handshake
   * (QUEUES_ON_WATCH, with `watchingQueues` for a view already open): an
   * older one keeps receiving them all the time.
   */
  'queues-watch': (watch: boolean) => void;
  /**
   * A supervisor or admin takes part in the live call of one of their
   * tenant's extensions: the first time their own phone rings and, once
   * answered, joins in `mode` (the ack comes then); after that the same
   * event switches the mode on the same call without ringing again.
   */
  supervise: (request: SuperviseRequest, ack: (result: SuperviseResult) => void) => void;
  /** Leave the call being supervised (the supervisor's phone is hung up). */
  'supervise-leave': (ack: (result: SuperviseResult) => void) => void;
}

export interface SuperviseRequest {
  extension: string;
  mode: SupervisionMode;
}

export type SuperviseResult = { ok: true } | { ok: false; error: string } | Refusal;

export const SESSION_COOKIE = 'sb_session';

/**
 * The handshake's `auth` of a client that asks for an agent's queues with
 * `queues-watch` while a page shows them. Without it the server sends them
 * all the time, as it did before the event existed (a tab left open across
 * a deploy keeps working).
 */
export const QUEUES_ON_WATCH = { queuesOnWatch: true } as const;
/** The handshake's `auth` as the server reads it. */
export interface HandshakeAuth {
  queuesOnWatch?: true;
  /** A view watches the queues already: the first snapshot holds them. */
  watchingQueues?: boolean;
}

export type AgentStatusResult = { ok: true } | { ok: false; error: string } | Refusal;

/** What a supervisor asks for one agent: a status and, for On Break, one of the tenant's reasons. */
export interface AgentStatusOrder {
  extension: string;
  status: AgentStatus;
  reason?: string;
}

/**
 * Why the server ends a live session or refuses its handshake, for a program
 * to act on (like wazo-websocketd's close codes 4001–4004): the client picks
 * what to do and say from `code`, never from `message`.
 * - expired: the session's lifetime ran out while the tab was open.
 * - signed-out: signed out here or in another tab, or another user signed in on this browser.
 * - locked: too many wrong passwords locked the account.
 * - password-reset: an administrator set a new password; every session of the user ends.
 * - disabled: an administrator disabled or removed the account.
 * - suspended: the service provider suspended the user's organisation.
 * - unauthorized: the handshake came with no valid session (none, forged, expired, locked user).
 * - server-error: the handshake failed on the server's side; worth retrying.
 */
export const SESSION_END_CODES = [
  'expired',
  'signed-out',
  'locked',
  'password-reset',
  'disabled',
  'suspended',
  'unauthorized',
  'server-error',
] as const;
export type SessionEndCode = (typeof SESSION_END_CODES)[number];
/** Sent with `session-ended`, and as `err.data` of a refused handshake (socket.io-client's connect_error). */
export interface SessionEnd {
  code: SessionEndCode;
  message: string;
}

/** The words for each code, shared so both ends say the same thing. */
export const SESSION_END_MESSAGES: Record<SessionEndCode, string> = {
  expired: 'Your session has expired. Please sign in again.',
  'signed-out': 'You were signed out (here or in another tab). Sign in again to continue.',
  locked: 'Your account was locked after too many wrong passwords. Ask your administrator to unlock it.',
  'password-reset': 'An administrator reset your password. Sign in with your new password.',
  disabled: 'An administrator disabled your account.',
  suspended: "Your organisation's service is suspended. Contact your provider.",
  unauthorized: 'Your session has ended. Sign in again.',
  'server-error': 'Switchboard could not open the live connection. Retrying…',
};

export const sessionEnd = (code: SessionEndCode): SessionEnd => ({ code, message: SESSION_END_MESSAGES[code] });

/**
 * A SessionEnd from the wire (an older or newer server may send anything).
 * A server from before the codes sent a bare string: the auth routes' words
 * ('signed-out', 'password-reset', 'account-locked'), or a sentence (null).
 */
export function readSessionEnd(value: unknown): SessionEnd | null {
  if (value === 'account-locked') return sessionEnd('locked');
  if (typeof value === 'string') return SESSION_END_CODES.includes(value as SessionEndCode) ? sessionEnd(value as SessionEndCode) : null;
  if (typeof value !== 'object' || value === null) return null;
  const { code, message } = value as Record<string, unknown>;
  if (!SESSION_END_CODES.includes(code as SessionEndCode)) return null;
  return { code: code as SessionEndCode, message: typeof message === 'string' ? message : SESSION_END_MESSAGES[code as SessionEndCode] };
}

/**
 * Why a client message was refused, in the order the decoder checks
 * (the first that applies is the one reported):
 * unknown-event, no-ack (the event needs an ack function last), wrong-arity
 * (too few or too many arguments, or an ack the event does not take),
 * not-an-object (an object payload came as something else), unknown-field,
 * wrong-type (a value of the wrong JS type), invalid-value (the right type,
 * not an allowed value).
 */
export const REFUSAL_CODES = ['unknown-event', 'no-ack', 'wrong-arity', 'not-an-object', 'unknown-field', 'wrong-type', 'invalid-value'] as const;
/** rate-limited: a well-formed message beyond the socket's allowance for that event (server/socket/flood.ts); nothing was done. */
export type RefusalCode = (typeof REFUSAL_CODES)[number] | 'rate-limited';
export interface Refusal {
  ok: false;
  code: RefusalCode;
  /** The event the client sent. */
  event: string;
  /** For a person (shown by the agent-status control as it is). */
  error: string;
  /** Where in the arguments: [argument index, field, …]. */
  path: (string | number)[];
}
