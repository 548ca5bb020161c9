// The service provider's operators: users of no tenant. The first one is
// made on the server (`npm run admin -- operator create`), as nobody can
// sign in to make them before.
import { email as emailRule, password as passwordRule, personName } from '../../common/admin.ts';
import { hasSecondFactor, removeSecondFactor } from '../auth/second-factor.ts';
import { Session, User } from '../db/entities/index.ts';
import { passwordHashOf } from '../db/password.ts';
import { audit, SECRET } from './audit.ts';
import { AdminError, type AdminContext } from './context.ts';
import { parse } from './parse.ts';
import { makePasswordLink } from './password-links.ts';

export async function createOperator(
  ctx: AdminContext,
  input: { email: string; name: string; password?: string | undefined },
  publicUrl: string,
): Promise<{ setPasswordLink?: string }> {
  const email = parse(emailRule, input.email);
  if (await ctx.em.count(User, { email })) throw new AdminError(409, `${email} already has an account.`);
  const user = ctx.em.create(User, {
    tenant: null,
    email,
    name: parse(personName, input.name),
    role: 'operator',
    passwordHash: await passwordHashOf(input.password === undefined ? undefined : parse(passwordRule, input.password)),
  });
  await ctx.em.flush();
  const setPasswordLink = input.password ? undefined : await makePasswordLink(ctx.em, user.id, publicUrl);
  audit(ctx, { tenantId: null, action: 'operator.create', target: email, changes: { password: setPasswordLink ? 'set-password link' : SECRET } });
  return setPasswordLink ? { setPasswordLink } : {};
}

export async function resetOperatorPassword(
  ctx: AdminContext,
  userId: string,
  password: string | undefined,
  publicUrl: string,
): Promise<{ setPasswordLink?: string; sessionsEnded: number }> {
  const user = await ctx.em.findOne(User, { id: userId, role: 'operator' });
  if (!user) throw new AdminError(404, 'There is no such operator.');
  user.passwordHash = await passwordHashOf(password === undefined ? undefined : parse(passwordRule, password));
  user.locked = false;
  user.lockedAt = null;
  user.failedSignIns = 0;
  const sessionsEnded = await ctx.em.nativeDelete(Session, { user: user.id });
  ctx.changes.endSessions(null, user.id, 'password-reset');
  const setPasswordLink = password ? undefined : await makePasswordLink(ctx.em, user.id, publicUrl);
  audit(ctx, { tenantId: null, action: 'operator.reset-password', target: user.email, changes: { password: setPasswordLink ? 'set-password link' : SECRET, sessionsEnded } });
  return { sessionsEnded, ...(setPasswordLink && { setPasswordLink }) };
}

/** An operator's lost phone (the CLI only: operators have no administrator above them). */
export async function resetOperatorSecondFactor(ctx: AdminContext, userId: string): Promise<void> {
  const user = await ctx.em.findOne(User, { id: userId, role: 'operator' });
  if (!user) throw new AdminError(404, 'There is no such operator.');
  if (!hasSecondFactor(user)) return;
  await removeSecondFactor(ctx.em, user.id);
  audit(ctx, { tenantId: null, action: 'operator.reset-second-factor', target: user.email, changes: { secondFactor: { from: true, to: false } } });
}
