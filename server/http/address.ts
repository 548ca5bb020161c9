// The client's address for the audit log: the TCP peer, or with TRUST_PROXY
// the first address of X-Forwarded-For (set by the proxy in front of us;
// without it anybody could write anything there).
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export function clientAddress(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // Not served by @hono/node-server (app.request() in a test): no peer to name.
    return null;
  }
}
