// The auth, second-factor, admin and operator routes (tests/helpers/auth-app.ts)
// served over real HTTP on a free loopback port, and a caller that keeps
// what the browser would: each Set-Cookie by name.
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Orm } from '../../server/db/orm.ts';
import { createTestApp, type TestApp } from './auth-app.ts';

export interface HttpAnswer {
  status: number;
  body: any;
  /** name → value of each Set-Cookie ('' when the cookie was cleared), and its attributes. */
  cookies: Record<string, { value: string; attributes: string }>;
}

export async function serveTestApp(orm: Orm): Promise<{ t: TestApp; url: string; call: typeof call; close(): Promise<void> }> {
  const t = createTestApp(orm);
  const server = createAdaptorServer({ fetch: t.app.fetch }) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function call(method: string, path: string, options: { cookie?: string | undefined; body?: unknown } = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { 'user-agent': 'uvu' };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    const cookies: HttpAnswer['cookies'] = {};
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      cookies[pair!.slice(0, at)] = { value: pair!.slice(at + 1), attributes: attributes.join(';') };
    }
    return { status: res.status, body: text ? JSON.parse(text) : undefined, cookies };
  }

  return {
    t,
    url,
    call,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // fetch keeps its connections alive; close() would wait for them.
        server.closeAllConnections();
      }),
  };
}
