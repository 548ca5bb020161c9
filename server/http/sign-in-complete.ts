// The end of every sign-in, after the password alone or after its second
// step: a new session (and whoever was signed in on this browser before is
// signed out for real), the failed-attempts count cleared, the audit row.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Me } from '../../common/api.ts';
import { SESSION_COOKIE } from '../../common/socket.ts';
import { auditWith } from '../admin/audit.ts';
import { recordSuccessfulSignIn } from '../db/accounts.ts';
import type { User } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { findMe } from '../db/queries.ts';
import { clientAddress } from './address.ts';
import type { HttpDeps } from './deps.ts';
import { createSession, endSession, setSessionCookie } from './session.ts';

export type SignInRecord = (c: Context, user: User | null, email: string, action: string, changes?: Record<string, unknown>) => Promise<void>;

/** One audit row about a sign-in, outside any other transaction: a refused sign-in writes nothing else. */
export function signInRecorder(deps: HttpDeps): SignInRecord {
  return async (c, user, email, action, changes = {}) => {
    const em = deps.orm.em.fork();
    auditWith(em, { id: user?.id ?? null, label: email, address: clientAddress(c, deps.config.trustProxy) }, {
      tenantId: user?.tenant?.id ?? null,
      action,
      target: email,
      changes,
    });
    await em.flush();
  };
}

export async function completeSignIn(
  deps: HttpDeps,
  c: Context,
  em: Em,
  user: User,
  remember: boolean,
  changes: Record<string, unknown> = {},
): Promise<Me> {
  await recordSuccessfulSignIn(em, user.id);
  const previous = getCookie(c, SESSION_COOKIE);
  const ended = previous ? await endSession(em, previous) : null;
  if (ended) deps.onSessionEnded?.(ended, 'signed-out');
  const session = await createSession(em, user, { remember, days: deps.config.sessionDays, userAgent: c.req.header('user-agent') });
  setSessionCookie(c, session, { secure: deps.config.cookieSecure });
  await signInRecorder(deps)(c, user, user.email, 'sign-in.success', { remember, ...changes });
  return (await findMe(em, user.id))!;
}
