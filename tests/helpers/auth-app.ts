// The auth, admin and operator routes on one Hono app, as server/http/app.ts
// mounts them, for REST tests with `app.request()` against a real database.
import { Hono } from 'hono';
import { SESSION_COOKIE } from '../../common/socket.ts';
import { adminRoutes } from '../../server/http/admin.ts';
import { authRoutes } from '../../server/http/auth.ts';
import { operatorRoutes } from '../../server/http/operator.ts';
import { secondFactorAccountRoutes } from '../../server/http/second-factor-account.ts';
import { secondFactorSignInRoutes } from '../../server/http/second-factor-sign-in.ts';
import type { HttpDeps } from '../../server/http/deps.ts';
import { apiNotFound, errorHandler } from '../../server/http/errors.ts';
import type { Orm } from '../../server/db/orm.ts';

export interface TestApp {
  app: Hono;
  /** Every (sessionId, reason) the routes reported as ended. */
  ended: { sessionId: string; reason: string }[];
  request(
    method: string,
    path: string,
    options?: { body?: unknown; cookie?: string | undefined; contentType?: string },
  ): Promise<Response>;
  signIn(
    email: string,
    password?: string,
    remember?: boolean,
    cookie?: string,
  ): Promise<{ res: Response; cookie: string | undefined }>;
}

export function createTestApp(orm: Orm, config: Partial<HttpDeps['config']> = {}): TestApp {
  const ended: TestApp['ended'] = [];
  const deps: HttpDeps = {
    orm,
    config: {
      sessionDays: 30,
      cookieSecure: false,
      maxFailedSignIns: 5,
      // Every request of app.request() has no peer address: the lockout tests' many failures must not add up to a throttle.
      signInThrottle: { perAddress: 10_000, perAccount: 10_000, windowMs: 60_000 },
      trustProxy: false,
      publicUrl: undefined,
      ...config,
    },
    log: { debug() {}, info() {}, warn() {}, error: (m) => console.error(m) },
    onSessionEnded: (sessionId, reason) => ended.push({ sessionId, reason }),
  };
  const app = new Hono();
  app.onError(errorHandler(deps.log));
  app.route('/', authRoutes(deps));
  app.route('/', secondFactorSignInRoutes(deps));
  app.route('/', secondFactorAccountRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', operatorRoutes(deps));
  app.all('/api/*', apiNotFound);

  const request: TestApp['request'] = (method, path, options = {}) => {
    const headers: Record<string, string> = { 'user-agent': 'uvu' };
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    if (options.cookie) headers.cookie = options.cookie;
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    return Promise.resolve(app.request(path, { method, headers, body }));
  };

  return {
    app,
    ended,
    request,
    async signIn(email, password = 'switchboard', remember = false, cookie) {
      const res = await request('POST', '/api/auth/sign-in', { body: { email, password, remember }, cookie });
      return { res, cookie: sessionCookieOf(res) };
    },
  };
}

/** "sb_session=…" from a response's Set-Cookie, ready for a Cookie header. */
export function sessionCookieOf(res: Response): string | undefined {
  const setCookie = res.headers.get('set-cookie');
  const pair = setCookie?.split(';')[0];
  return pair?.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1 ? pair : undefined;
}
