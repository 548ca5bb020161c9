// Route guards: who may pass. The tenant of every later query comes from
// the session these put in the context, never from the request.
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role } from '../../common/api.ts';
import { SESSION_COOKIE } from '../../common/socket.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { clearSessionCookie, resolveSession } from './session.ts';

export const NOT_SIGNED_IN = 'You are not signed in, or your session has ended. Please sign in.';
export const FORBIDDEN = 'Your role does not allow this.';

/** 401 unless the request carries a live session; puts it in `c.get('session')`. */
export function requireSession(deps: Pick<HttpDeps, 'orm' | 'config'>): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await resolveSession(deps.orm.em.fork(), token) : null;
    if (!session) {
      // A dead cookie would only be sent again and again; drop it.
      if (token) clearSessionCookie(c, { secure: deps.config.cookieSecure });
      return c.json({ error: NOT_SIGNED_IN }, 401);
    }
    c.set('session', session);
    await next();
  };
}

/** 403 unless the session's role is one of `roles`. Use after requireSession. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (!roles.includes(c.get('session').role)) return c.json({ error: FORBIDDEN }, 403);
    await next();
  };
}
