// Sign-in, sign-out and "who am I". Sign-in answers the same for an unknown
// e-mail and a wrong password, and locks an account after
// config.maxFailedSignIns wrong passwords in a row.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { signInRequest } from '../../common/api.ts';
import { SESSION_COOKIE } from '../../common/socket.ts';
import { recordFailedSignIn, recordSuccessfulSignIn } from '../db/accounts.ts';
import { verifyAgainstDummy, verifyPassword } from '../db/password.ts';
import { findMe, findUserByEmail } from '../db/queries.ts';
import { readBody } from './body.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { NOT_SIGNED_IN, requireSession } from './guards.ts';
import { clearSessionCookie, createSession, endSession, sessionIdsOfUser, setSessionCookie } from './session.ts';

export const WRONG_CREDENTIALS = 'Wrong e-mail or password.';
export const ACCOUNT_LOCKED =
  'This account is locked after too many failed sign-ins. Ask your administrator to unlock it.';

/**
 * Mount with `app.route('/', authRoutes(deps))`:
 *   POST /api/auth/sign-in   { email, password, remember } → 200 Me + session cookie
 *   POST /api/auth/sign-out  → 204, session ended server-side, cookie cleared
 *   GET  /api/me             → 200 Me, or 401
 */
export function authRoutes(deps: HttpDeps) {
  const { orm, config } = deps;
  const cookieSettings = { secure: config.cookieSecure };
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));

  app.post('/api/auth/sign-in', async (c) => {
    const { email, password, remember } = await readBody(c, signInRequest);
    const em = orm.em.fork();
    const user = await findUserByEmail(em, email);
    if (!user) {
      // Same work and same answer as a wrong password, so neither the
      // message nor the response time tells whether the e-mail has an account.
      await verifyAgainstDummy(password);
      return c.json({ error: WRONG_CREDENTIALS }, 401);
    }
    // Verified even for a locked account, so a locked answer takes as long as any other.
    const correct = await verifyPassword(user.passwordHash, password);

    // A locked account says so whatever password came with it. Saying it only
    // for the right password would turn the lock into an oracle: a guesser
    // could go on guessing and learn the password from the change of message.
    // The cost is that a locked account reveals it exists; locking took
    // several wrong guesses at that very address, and the admin sees it.
    if (user.locked) return c.json({ error: ACCOUNT_LOCKED }, 423);

    if (!correct) {
      const after = await recordFailedSignIn(em, user.id, config.maxFailedSignIns);
      if (after.locked) {
        // The guess that locks the account also ends its live connections.
        for (const id of await sessionIdsOfUser(em, user.id)) deps.onSessionEnded?.(id, 'locked');
        return c.json({ error: ACCOUNT_LOCKED }, 423);
      }
      return c.json({ error: WRONG_CREDENTIALS }, 401);
    }

    await recordSuccessfulSignIn(em, user.id);
    // Whoever was signed in on this browser before (a shared computer) is
    // signed out for real, not just left behind in an overwritten cookie.
    const previous = getCookie(c, SESSION_COOKIE);
    const ended = previous ? await endSession(em, previous) : null;
    if (ended) deps.onSessionEnded?.(ended, 'signed-out');
    const session = await createSession(em, user, {
      remember,
      days: config.sessionDays,
      userAgent: c.req.header('user-agent'),
    });
    setSessionCookie(c, session, cookieSettings);
    const me = await findMe(em, user.tenant.id, user.id);
    return c.json(me!, 200);
  });

  // Works without a valid session too: signing out twice, or with an expired
  // cookie, still leaves the browser signed out.
  app.post('/api/auth/sign-out', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const ended = await endSession(orm.em.fork(), token);
      if (ended) deps.onSessionEnded?.(ended, 'signed-out');
    }
    clearSessionCookie(c, cookieSettings);
    return c.body(null, 204);
  });

  app.get('/api/me', requireSession(deps), async (c) => {
    const session = c.get('session');
    const me = await findMe(orm.em.fork(), session.tenantId, session.userId);
    if (!me) return c.json({ error: NOT_SIGNED_IN }, 401);
    return c.json(me, 200);
  });

  return app;
}
