// Sessions: a random token in an httpOnly cookie, its SHA-256 as the row id.
// The REST routes and the Socket.IO handshake both resolve a session here.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { parse } from 'hono/utils/cookie';
import type { TenantRole } from '../../common/api.ts';
import { SESSION_COOKIE } from '../../common/socket.ts';
import { hasSecondFactor, mustHaveSecondFactor } from '../auth/second-factor.ts';
import { Session, User } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';

/** A session without "remember me" still ends on the server after this long, even if the browser stays open. */
export const BROWSER_SESSION_HOURS = 12;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Writing lastSeenAt on every request would turn each read into a write; once a minute is plenty. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

interface SessionBase {
  /** The session row id (SHA-256 of the token): safe to log and to name a socket room after. */
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  expiresAt: Date;
}

/** A session of a tenant's user: every tenant route runs with one of these. */
export interface SessionInfo extends SessionBase {
  tenantId: string;
  role: TenantRole;
}

/** A session of the service provider's operator: no tenant; only the operator routes take it. */
export interface OperatorSession extends SessionBase {
  tenantId: null;
  role: 'operator';
}

export type AnySession = SessionInfo | OperatorSession;

export const isOperator = (session: AnySession): session is OperatorSession => session.role === 'operator';

export interface NewSession {
  /** The raw token: goes into the cookie and nowhere else. */
  token: string;
  sessionId: string;
  expiresAt: Date;
  /** Remembered: the cookie outlives the browser. */
  persistent: boolean;
  lifetimeSeconds: number;
}

export interface SessionOptions {
  /** "Remember me": lasts `days` and survives closing the browser. */
  remember: boolean;
  userAgent?: string | null | undefined;
  /** Lifetime of a remembered session (config.sessionDays). */
  days: number;
}

// 32 random bytes → 43 base64url characters.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createSession(
  em: Em,
  user: Pick<User, 'id' | 'tenant'>,
  options: SessionOptions,
  now = new Date(),
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const sessionId = hashToken(token);
  const lifetime = options.remember ? options.days * DAY_MS : BROWSER_SESSION_HOURS * 60 * 60 * 1000;
  const expiresAt = new Date(now.getTime() + lifetime);
  em.create(Session, {
    id: sessionId,
    user: user.id,
    tenant: user.tenant?.id ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    persistent: options.remember,
    // Only for the user's own "where am I signed in" view; bounded so a client cannot bloat the table.
    userAgent: options.userAgent ? options.userAgent.slice(0, 512) : null,
  });
  await em.flush();
  return { token, sessionId, expiresAt, persistent: options.remember, lifetimeSeconds: lifetime / 1000 };
}

/**
 * The session a raw token stands for, or null when there is none, it has
 * expired (the row is deleted then), its user is locked or disabled, its
 * tenant is suspended, or its tenant requires a second factor the user lacks. Those sessions are kept, only refused: an unlock
 * brings them back (disabling and suspending delete them).
 */
export async function resolveSession(em: Em, token: string, now = new Date()): Promise<AnySession | null> {
  return (await resolveSessions(em, [token], now)).get(token) ?? null;
}

/**
 * Many tokens at once, each judged as resolveSession judges one: one read
 * for all of them, one delete of the expired and one lastSeenAt write, so a
 * reconnect storm of thousands of sockets costs a few statements a batch.
 * Every token in `tokens` has an entry (null when refused).
 */
export async function resolveSessions(em: Em, tokens: string[], now = new Date()): Promise<Map<string, AnySession | null>> {
  const result = new Map<string, AnySession | null>(tokens.map((t) => [t, null]));
  const idOf = new Map(tokens.filter((t) => TOKEN_SHAPE.test(t)).map((t) => [t, hashToken(t)]));
  if (!idOf.size) return result;
  const rows = await em.find(Session, { id: { $in: [...new Set(idOf.values())] } }, { populate: ['user', 'tenant'], refresh: true });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const expired = rows.filter((r) => r.expiresAt.getTime() <= now.getTime()).map((r) => r.id);
  const verdicts = new Map(rows.map((r) => [r.id, verdict(r, now)]));
  const seen = rows.filter((r) => verdicts.get(r.id) && now.getTime() - r.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS).map((r) => r.id);
  await Promise.all([
    expired.length ? em.nativeDelete(Session, { id: { $in: expired } }) : undefined,
    seen.length ? em.nativeUpdate(Session, { id: { $in: seen } }, { lastSeenAt: now }) : undefined,
  ]);
  for (const [token, id] of idOf) if (byId.has(id)) result.set(token, verdicts.get(id) ?? null);
  return result;
}

/** What one session row stands for right now (see resolveSession), or null. */
function verdict(session: Session, now: Date): AnySession | null {
  if (session.expiresAt.getTime() <= now.getTime()) return null;
  const user: User = session.user;
  if (user.locked || user.disabled || session.tenant?.suspended) return null;
  // The organisation requires a second factor this user does not have (turned on since the
  // sign-in, or an admin reset theirs): the session waits, refused, until they sign in and enrol.
  if (!hasSecondFactor(user) && mustHaveSecondFactor(user, session.tenant)) return null;
  const base = { sessionId: session.id, userId: user.id, email: user.email, name: user.name, expiresAt: session.expiresAt };
  if (user.role === 'operator') return { ...base, tenantId: null, role: 'operator' };
  // The check constraint users_operator_no_tenant makes this unreachable; it keeps the types honest.
  if (!session.tenant) return null;
  return { ...base, tenantId: session.tenant.id, role: user.role };
}

/** Ends the session of a raw token; returns its id when there was one. */
export async function endSession(em: Em, token: string): Promise<string | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const sessionId = hashToken(token);
  const deleted = await em.nativeDelete(Session, { id: sessionId });
  return deleted > 0 ? sessionId : null;
}

/** Deletes sessions past their expiry (they are refused anyway); run now and then. Returns how many. */
export function deleteExpiredSessions(em: Em, now = new Date()): Promise<number> {
  return em.nativeDelete(Session, { expiresAt: { $lte: now } });
}

/** Ids of every live session of a user (to tell their open sockets). */
export async function sessionIdsOfUser(em: Em, userId: string): Promise<string[]> {
  const rows = await em.find(Session, { user: userId }, { fields: ['id'] });
  return rows.map((s) => s.id);
}

/** The session token from a raw Cookie header (the Socket.IO handshake has only that). */
export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  return parse(cookieHeader, SESSION_COOKIE)[SESSION_COOKIE] ?? null;
}

export interface CookieSettings {
  /** Secure flag: the cookie is only sent over HTTPS. */
  secure: boolean;
}

/**
 * Sets the session cookie. Remembered: Max-Age of the session's lifetime.
 * Not remembered: no Max-Age, so the browser drops it on close (the server
 * ends it after BROWSER_SESSION_HOURS anyway).
 */
export function setSessionCookie(c: Context, session: NewSession, settings: CookieSettings) {
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: settings.secure,
    ...(session.persistent ? { maxAge: session.lifetimeSeconds } : {}),
  });
}

export function clearSessionCookie(c: Context, settings: CookieSettings) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: settings.secure, httpOnly: true, sameSite: 'Lax' });
}
