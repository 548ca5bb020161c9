// The second step of a sign-in whose password was right: a code from the
// authenticator app or a recovery code, or (when the organisation requires a
// second factor the user does not have yet) enrolment first. Each code tried
// takes one of MAX_CODE_ATTEMPTS attempts; after the last wrong one the
// pending sign-in is void, and that counts as one failed sign-in towards the
// account's lockout, so the password cannot be reused for endless guessing.
// A wrong code is 401 (try again); a pending sign-in that is gone (expired,
// void, finished) is 410: back to the password.
//   POST /api/auth/second-factor               { code } → 200 Me + session cookie
//   POST /api/auth/second-factor/enrol/start   → 200 SecondFactorEnrolment (the key, shown once)
//   POST /api/auth/second-factor/enrol/confirm { code } → 200 EnrolledSignIn + session cookie
import { Hono, type Context } from 'hono';
import { secondFactorCode } from '../../common/second-factor-code.ts';
import type { EnrolledSignIn } from '../../common/second-factor.ts';
import { endPendingSignIn, findPendingSignIn, MAX_CODE_ATTEMPTS, takeAttempt } from '../auth/pending-sign-in.ts';
import { checkSecondFactor, confirmEnrolment, startEnrolment } from '../auth/second-factor.ts';
import { recordFailedSignIn } from '../db/accounts.ts';
import type { PendingSignIn } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { noStore } from './admin-kit.ts';
import { ACCOUNT_DISABLED, ACCOUNT_LOCKED, TENANT_SUSPENDED } from './auth.ts';
import { readBody } from './body.ts';
import type { HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { clearPendingCookie, readPendingCookie } from './pending-cookie.ts';
import { sessionIdsOfUser } from './session.ts';
import { completeSignIn, signInRecorder } from './sign-in-complete.ts';

export const SIGN_IN_AGAIN = 'Your sign-in has expired. Sign in again with your e-mail and password.';
export const TOO_MANY_CODES = 'Too many wrong codes. Sign in again with your e-mail and password.';
export const ENROL_FIRST = 'Your organisation requires two-step sign-in: set it up first.';
export const NOT_ENROLLING = 'Two-step sign-in is already set up for this account: enter a code from your app.';
export const wrongCode = (left: number) =>
  `That code is not right, or was already used. Check your authenticator app's clock. ${left} ${left === 1 ? 'try' : 'tries'} left.`;

export function secondFactorSignInRoutes(deps: HttpDeps) {
  const { orm, config } = deps;
  const cookieSettings = { secure: config.cookieSecure };
  const record = signInRecorder(deps);
  const app = new Hono();
  app.onError(errorHandler(deps.log));

  /** The pending sign-in of this browser, or an answer that sends it back to the password. */
  async function pendingOf(c: Context, em: Em): Promise<PendingSignIn | Response> {
    const token = readPendingCookie(c);
    const pending = token ? await findPendingSignIn(em, token) : null;
    if (!pending) {
      clearPendingCookie(c, cookieSettings);
      return c.json({ error: SIGN_IN_AGAIN }, 410);
    }
    // Locked, disabled or suspended since the password: the same answers as sign-in gives.
    const { user } = pending;
    const refusal = user.locked ? ACCOUNT_LOCKED : user.disabled ? ACCOUNT_DISABLED : user.tenant?.suspended ? TENANT_SUSPENDED : null;
    if (refusal) {
      await endPendingSignIn(em, pending.id);
      clearPendingCookie(c, cookieSettings);
      return c.json({ error: refusal }, user.locked ? 423 : 403);
    }
    return pending;
  }

  /** A wrong code: tries left, or the pending sign-in void and a failed sign-in counted. */
  async function refuseCode(c: Context, em: Em, pending: PendingSignIn, attempts: number): Promise<Response> {
    const { user } = pending;
    if (attempts < MAX_CODE_ATTEMPTS) {
      await record(c, user, user.email, 'sign-in.failure', { reason: 'wrong code', attempts });
      return c.json({ error: wrongCode(MAX_CODE_ATTEMPTS - attempts) }, 401);
    }
    await endPendingSignIn(em, pending.id);
    clearPendingCookie(c, cookieSettings);
    const after = await recordFailedSignIn(em, user.id, config.maxFailedSignIns);
    await record(c, user, user.email, 'sign-in.second-step-void', { attempts, failedSignIns: after.failedSignIns });
    if (after.locked) {
      await record(c, user, user.email, 'sign-in.lockout', { failedSignIns: after.failedSignIns });
      for (const id of await sessionIdsOfUser(em, user.id)) deps.onSessionEnded?.(id, 'locked');
      return c.json({ error: ACCOUNT_LOCKED }, 423);
    }
    return c.json({ error: TOO_MANY_CODES }, 410);
  }

  /** The pending sign-in ends here, once (two racing requests cannot both get a session). */
  async function finish(c: Context, em: Em, pending: PendingSignIn): Promise<boolean> {
    if (!(await endPendingSignIn(em, pending.id))) return false;
    clearPendingCookie(c, cookieSettings);
    return true;
  }

  app.post('/api/auth/second-factor', async (c) => {
    const { code } = await readBody(c, secondFactorCode);
    const em = orm.em.fork();
    const pending = await pendingOf(c, em);
    if (pending instanceof Response) return pending;
    if (pending.mustEnrol) return c.json({ error: ENROL_FIRST }, 409);
    const attempts = await takeAttempt(em, pending.id);
    if (attempts === null) return c.json({ error: SIGN_IN_AGAIN }, 410);
    const used = await checkSecondFactor(em, pending.user, code);
    if (!used) return refuseCode(c, em, pending, attempts);
    if (!(await finish(c, em, pending))) return c.json({ error: SIGN_IN_AGAIN }, 410);
    return c.json(await completeSignIn(deps, c, em, pending.user, pending.remember, { secondFactor: used }), 200);
  });

  app.post('/api/auth/second-factor/enrol/start', async (c) => {
    const em = orm.em.fork();
    const pending = await pendingOf(c, em);
    if (pending instanceof Response) return pending;
    if (!pending.mustEnrol) return c.json({ error: NOT_ENROLLING }, 409);
    noStore(c);
    return c.json(await startEnrolment(em, pending.user), 200);
  });

  app.post('/api/auth/second-factor/enrol/confirm', async (c) => {
    const { code } = await readBody(c, secondFactorCode);
    const em = orm.em.fork();
    const pending = await pendingOf(c, em);
    if (pending instanceof Response) return pending;
    if (!pending.mustEnrol) return c.json({ error: NOT_ENROLLING }, 409);
    const attempts = await takeAttempt(em, pending.id);
    if (attempts === null) return c.json({ error: SIGN_IN_AGAIN }, 410);
    const { user } = pending;
    const enabled = await confirmEnrolment(em, user, code);
    if (!enabled) return refuseCode(c, em, pending, attempts);
    if (!(await finish(c, em, pending))) return c.json({ error: SIGN_IN_AGAIN }, 410);
    await record(c, user, user.email, 'second-factor.enable', { during: 'sign-in' });
    const me = await completeSignIn(deps, c, em, user, pending.remember, { secondFactor: 'enrolled' });
    noStore(c);
    const answer: EnrolledSignIn = { me, recoveryCodes: enabled.recoveryCodes };
    return c.json(answer, 200);
  });

  return app;
}
