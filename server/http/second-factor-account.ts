// My Account's "Two-step sign-in", for every signed-in user (operators too):
// turn it on (a key shown once, confirmed with a code, then recovery codes
// shown once) and off again with a current code or a recovery code. Off is
// refused where the organisation requires it. A wrong code to turn it off
// counts as a failed sign-in: a stolen session cannot guess its way to
// removing the factor.
//   GET  /api/me/second-factor          → SecondFactorStatus
//   POST /api/me/second-factor/start    → SecondFactorEnrolment
//   POST /api/me/second-factor/confirm  { code } → RecoveryCodes
//   POST /api/me/second-factor/disable  { code } → SecondFactorStatus
import { Hono, type Context } from 'hono';
import { secondFactorCode } from '../../common/second-factor-code.ts';
import { auditWith } from '../admin/audit.ts';
import { checkSecondFactor, confirmEnrolment, hasSecondFactor, mustHaveSecondFactor, removeSecondFactor, secondFactorStatus, startEnrolment } from '../auth/second-factor.ts';
import { recordFailedSignIn } from '../db/accounts.ts';
import { User } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { clientAddress } from './address.ts';
import { noStore } from './admin-kit.ts';
import { readBody } from './body.ts';
import type { AnyAuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireAnySession } from './guards.ts';
import { sessionIdsOfUser } from './session.ts';

export const ALREADY_ON = 'Two-step sign-in is already on. Turn it off first to move it to another app.';
export const WRONG_ENROLMENT_CODE = "That code does not match the key. Check that your app added this key and that your phone's clock is right.";
export const WRONG_CODE = 'That code is not right, or was already used.';
export const NOT_ON = 'Two-step sign-in is not on for this account.';
export const REQUIRED_BY_ORGANISATION = 'Your organisation requires two-step sign-in for supervisors and administrators: it cannot be turned off.';

export function secondFactorAccountRoutes(deps: HttpDeps) {
  const { orm, config } = deps;
  const app = new Hono<AnyAuthEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/me/second-factor', requireAnySession(deps));
  app.use('/api/me/second-factor/*', requireAnySession(deps));

  const userOf = (c: Context<AnyAuthEnv>, em: Em) => em.findOneOrFail(User, { id: c.get('session').userId }, { populate: ['tenant'] });
  const record = (c: Context<AnyAuthEnv>, em: Em, user: User, action: string, changes: Record<string, unknown> = {}) =>
    auditWith(em, { id: user.id, label: user.email, address: clientAddress(c, config.trustProxy) }, {
      tenantId: user.tenant?.id ?? null,
      action,
      target: user.email,
      changes,
    });

  app.get('/api/me/second-factor', async (c) => {
    const em = orm.em.fork();
    return c.json(await secondFactorStatus(em, await userOf(c, em)), 200);
  });

  app.post('/api/me/second-factor/start', async (c) => {
    const em = orm.em.fork();
    const user = await userOf(c, em);
    if (hasSecondFactor(user)) return c.json({ error: ALREADY_ON }, 409);
    noStore(c);
    return c.json(await startEnrolment(em, user), 200);
  });

  app.post('/api/me/second-factor/confirm', async (c) => {
    const { code } = await readBody(c, secondFactorCode);
    const em = orm.em.fork();
    const user = await userOf(c, em);
    if (hasSecondFactor(user)) return c.json({ error: ALREADY_ON }, 409);
    const enabled = await confirmEnrolment(em, user, code);
    if (!enabled) return c.json({ error: WRONG_ENROLMENT_CODE }, 400);
    record(c, em, user, 'second-factor.enable');
    await em.flush();
    noStore(c);
    return c.json(enabled, 200);
  });

  app.post('/api/me/second-factor/disable', async (c) => {
    const { code } = await readBody(c, secondFactorCode);
    const em = orm.em.fork();
    const user = await userOf(c, em);
    if (!hasSecondFactor(user)) return c.json({ error: NOT_ON }, 409);
    if (mustHaveSecondFactor(user, user.tenant)) return c.json({ error: REQUIRED_BY_ORGANISATION }, 409);
    const used = await checkSecondFactor(em, user, code);
    if (!used) {
      const after = await recordFailedSignIn(em, user.id, config.maxFailedSignIns);
      record(c, em, user, after.locked ? 'sign-in.lockout' : 'second-factor.disable-refused', { failedSignIns: after.failedSignIns });
      await em.flush();
      if (after.locked) for (const id of await sessionIdsOfUser(em, user.id)) deps.onSessionEnded?.(id, 'locked');
      return c.json({ error: WRONG_CODE }, 400);
    }
    await removeSecondFactor(em, user.id);
    record(c, em, user, 'second-factor.disable', { with: used });
    await em.flush();
    return c.json(await secondFactorStatus(em, await em.refreshOrFail(user, { populate: ['tenant'] })), 200);
  });

  return app;
}
