// Route guards: who may pass. The tenant of every later query comes from
// the session these put in the context, never from the request.
import { getCookie } from 'hono/cookie';
import type { Context, MiddlewareHandler } from 'hono';
import type { TenantRole } from '../../common/api.ts';
import { SESSION_COOKIE } from '../../common/socket.ts';
import type { AnyAuthEnv, AuthEnv, HttpDeps, OperatorEnv } from './deps.ts';
import { clearSessionCookie, isOperator, resolveSession, type AnySession } from './session.ts';

export const NOT_SIGNED_IN = 'You are not signed in, or your session has ended. Please sign in.';
export const FORBIDDEN = 'Your role does not allow this.';
export const OPERATORS_ONLY = "Only the service provider's operators may do this.";
export const TENANT_USERS_ONLY = "This belongs to a tenant's users; operators manage tenants under Operator.";

async function session(c: Context, deps: Pick<HttpDeps, 'orm' | 'config'>): Promise<AnySession | null> {
  const token = getCookie(c, SESSION_COOKIE);
  const found = token ? await resolveSession(deps.orm.em.fork(), token) : null;
  // A dead cookie would only be sent again and again; drop it.
  if (!found && token) clearSessionCookie(c, { secure: deps.config.cookieSecure });
  return found;
}

/** 401 unless the request carries a live session of a tenant's user; puts it in `c.get('session')`. */
export function requireSession(deps: Pick<HttpDeps, 'orm' | 'config'>): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const found = await session(c, deps);
    if (!found) return c.json({ error: NOT_SIGNED_IN }, 401);
    if (isOperator(found)) return c.json({ error: TENANT_USERS_ONLY }, 403);
    c.set('session', found);
    await next();
  };
}

/** 401 without a session, 403 unless it is an operator's. */
export function requireOperator(deps: Pick<HttpDeps, 'orm' | 'config'>): MiddlewareHandler<OperatorEnv> {
  return async (c, next) => {
    const found = await session(c, deps);
    if (!found) return c.json({ error: NOT_SIGNED_IN }, 401);
    if (!isOperator(found)) return c.json({ error: OPERATORS_ONLY }, 403);
    c.set('session', found);
    await next();
  };
}

/** 401 without a session; anybody's otherwise (who-am-I). */
export function requireAnySession(deps: Pick<HttpDeps, 'orm' | 'config'>): MiddlewareHandler<AnyAuthEnv> {
  return async (c, next) => {
    const found = await session(c, deps);
    if (!found) return c.json({ error: NOT_SIGNED_IN }, 401);
    c.set('session', found);
    await next();
  };
}

/** 403 unless the session's role is one of `roles`. Use after requireSession. */
export function requireRole(...roles: TenantRole[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (!roles.includes(c.get('session').role)) return c.json({ error: FORBIDDEN }, 403);
    await next();
  };
}
