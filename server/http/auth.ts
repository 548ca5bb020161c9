// Sign-in, sign-out, "who am I" and the one-time set-password link. Sign-in
// answers the same for an unknown e-mail and a wrong password, and locks an
// account after config.maxFailedSignIns wrong passwords in a row. Failed
// sign-ins are also counted per client address and per e-mail
// (sign-in-throttle.ts): past those limits an attempt waits (429). Every
// sign-in, failed or not, is in the audit log with the client's address,
// and so is the first refusal of a throttled address or e-mail.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { setPasswordRequest } from '../../common/admin.ts';
import { signInRequest } from '../../common/api.ts';
import type { SecondFactorStep } from '../../common/second-factor.ts';
import { SESSION_COOKIE } from '../../common/socket.ts';
import { auditWith, SECRET } from '../admin/audit.ts';
import { startPendingSignIn } from '../auth/pending-sign-in.ts';
import { hasSecondFactor, mustHaveSecondFactor } from '../auth/second-factor.ts';
import { spendPasswordLink } from '../admin/password-links.ts';
import { recordFailedSignIn } from '../db/accounts.ts';
import { Session, User } from '../db/entities/index.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../db/password.ts';
import { findMe, findUserByEmail } from '../db/queries.ts';
import { clientAddress } from './address.ts';
import { readBody } from './body.ts';
import type { AnyAuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { signInThrottle, type ThrottleScope } from './sign-in-throttle.ts';
import { NOT_SIGNED_IN, requireAnySession } from './guards.ts';
import { setPendingCookie } from './pending-cookie.ts';
import { clearSessionCookie, endSession, sessionIdsOfUser } from './session.ts';
import { completeSignIn, signInRecorder } from './sign-in-complete.ts';

export const WRONG_CREDENTIALS = 'Wrong e-mail or password.';
export const ACCOUNT_LOCKED =
  'This account is locked after too many failed sign-ins. Ask your administrator to unlock it.';
export const ACCOUNT_DISABLED = 'This account is disabled. Ask your administrator.';
export const TENANT_SUSPENDED = "Your organisation's service is suspended. Contact your provider.";
export const tooManyFailures = (scope: ThrottleScope, seconds: number) =>
  `Too many failed sign-ins ${scope === 'address' ? 'from your network' : 'for this e-mail address'}. Try again in ${
    seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`
  }.`;
export const LINK_INVALID = 'This link has expired or was already used. Ask your administrator for a new one.';

/**
 * Mount with `app.route('/', authRoutes(deps))`:
 *   POST /api/auth/sign-in       { email, password, remember } → 200 Me + session cookie, or
 *                                202 { secondFactor: 'code' | 'enrol' } + pending cookie (second-factor.ts takes it on)
 *   POST /api/auth/sign-out      → 204, session ended server-side, cookie cleared
 *   POST /api/auth/set-password  { token, password } → 204 (the link's user may now sign in)
 *   GET  /api/me                 → 200 Me, or 401
 */
export function authRoutes(deps: HttpDeps) {
  const { orm, config } = deps;
  const cookieSettings = { secure: config.cookieSecure };
  const app = new Hono<AnyAuthEnv>();
  app.onError(errorHandler(deps.log));

  const record = signInRecorder(deps);

  const throttle = signInThrottle(config.signInThrottle);

  app.post('/api/auth/sign-in', async (c) => {
    const { email, password, remember } = await readBody(c, signInRequest);
    const address = clientAddress(c, config.trustProxy);
    const throttled = throttle.check(address, email);
    if (throttled) {
      // Once per wave, not per attempt: the audit log shows the address (or e-mail) being refused without filling up.
      if (throttled.first) {
        const target = throttled.scope === 'address' ? (address ?? 'an unknown address') : email;
        await record(c, null, target, 'sign-in.throttled', { scope: throttled.scope, email, retryAfterSeconds: throttled.retryAfterSeconds });
      }
      c.header('retry-after', String(throttled.retryAfterSeconds));
      return c.json({ error: tooManyFailures(throttled.scope, throttled.retryAfterSeconds) }, 429);
    }
    const em = orm.em.fork();
    const user = await findUserByEmail(em, email);
    // Whatever the reason below, a refused guess counts against the address and the e-mail.
    const failed = () => throttle.failed(address, email);
    if (!user) {
      failed();
      // Same work and same answer as a wrong password, so neither the
      // message nor the response time tells whether the e-mail has an account.
      await verifyAgainstDummy(password);
      await record(c, null, email, 'sign-in.failure', { reason: 'no such account' });
      return c.json({ error: WRONG_CREDENTIALS }, 401);
    }
    // Verified even for a locked account, so a locked answer takes as long as any other.
    const correct = await verifyPassword(user.passwordHash, password);

    // A locked account says so whatever password came with it. Saying it only
    // for the right password would turn the lock into an oracle: a guesser
    // could go on guessing and learn the password from the change of message.
    // The cost is that a locked account reveals it exists; locking took
    // several wrong guesses at that very address, and the admin sees it.
    if (user.locked) {
      failed();
      await record(c, user, user.email, 'sign-in.failure', { reason: 'locked' });
      return c.json({ error: ACCOUNT_LOCKED }, 423);
    }

    if (!correct) {
      failed();
      const after = await recordFailedSignIn(em, user.id, config.maxFailedSignIns);
      if (after.locked) {
        await record(c, user, user.email, 'sign-in.lockout', { failedSignIns: after.failedSignIns });
        // The guess that locks the account also ends its live connections.
        for (const id of await sessionIdsOfUser(em, user.id)) deps.onSessionEnded?.(id, 'locked');
        return c.json({ error: ACCOUNT_LOCKED }, 423);
      }
      await record(c, user, user.email, 'sign-in.failure', { reason: 'wrong password', failedSignIns: after.failedSignIns });
      return c.json({ error: WRONG_CREDENTIALS }, 401);
    }
    // Only the right password learns that the account is switched off.
    if (user.disabled || user.tenant?.suspended) {
      await record(c, user, user.email, 'sign-in.failure', { reason: user.disabled ? 'disabled' : 'tenant suspended' });
      return c.json({ error: user.disabled ? ACCOUNT_DISABLED : TENANT_SUSPENDED }, 403);
    }

    throttle.succeeded(email);
    // A second factor, or one the organisation requires: no session yet, only a pending sign-in.
    const mustEnrol = !hasSecondFactor(user) && mustHaveSecondFactor(user, user.tenant);
    if (hasSecondFactor(user) || mustEnrol) {
      const token = await startPendingSignIn(em, user.id, { remember, mustEnrol });
      setPendingCookie(c, token, cookieSettings);
      await record(c, user, user.email, 'sign-in.second-step', { step: mustEnrol ? 'enrol' : 'code' });
      const step: SecondFactorStep = { secondFactor: mustEnrol ? 'enrol' : 'code' };
      return c.json(step, 202);
    }
    return c.json(await completeSignIn(deps, c, em, user, remember), 200);
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

  app.post('/api/auth/set-password', async (c) => {
    const { token, password } = await readBody(c, setPasswordRequest);
    const passwordHash = await hashPassword(password);
    const ended: string[] = [];
    const user = await orm.em.fork().transactional(async (em) => {
      const userId = await spendPasswordLink(em, token);
      const found = userId ? await em.findOne(User, { id: userId }, { populate: ['tenant'] }) : null;
      if (!found) return null;
      found.passwordHash = passwordHash;
      found.locked = false;
      found.lockedAt = null;
      found.failedSignIns = 0;
      // Whoever held the old password is out.
      ended.push(...(await em.find(Session, { user: found.id }, { fields: ['id'] })).map((s) => s.id));
      await em.nativeDelete(Session, { user: found.id });
      auditWith(em, { id: found.id, label: found.email, address: clientAddress(c, config.trustProxy) }, {
        tenantId: found.tenant?.id ?? null,
        action: 'user.set-password',
        target: found.email,
        changes: { password: SECRET },
      });
      return found;
    });
    if (!user) return c.json({ error: LINK_INVALID }, 400);
    for (const id of ended) deps.onSessionEnded?.(id, 'password-reset');
    return c.body(null, 204);
  });

  app.get('/api/me', requireAnySession(deps), async (c) => {
    const me = await findMe(orm.em.fork(), c.get('session').userId);
    if (!me) return c.json({ error: NOT_SIGNED_IN }, 401);
    return c.json(me, 200);
  });

  return app;
}
