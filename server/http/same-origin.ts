// Cross-site request refusal for every state-changing /api request (ASVS
// 4.2.2 / 50.1): the SameSite=Lax cookie already stays home on a cross-site
// POST, but a sibling subdomain is "same site" to the cookie, and older
// browsers ignore SameSite. So the request must also say it came from our own
// pages:
//   * Sec-Fetch-Site (sent by every current browser): "same-origin", or
//     "none" (the user typed or bookmarked it). "cross-site" is refused, and
//     so is "same-site": Switchboard serves every page from one origin, so a
//     sibling host (another tenant's web site under the same domain, a
//     forgotten staging app) has no business posting here.
//   * Origin: our own host (the Host header, as the Socket.IO handshake
//     checks it) or the configured PUBLIC_URL; "null" (a sandboxed frame, a
//     redirect) is refused.
//   * Neither header: not a browser (curl, the CLI's REST calls, the tests).
//     Browsers send Origin with every POST, PUT, PATCH and DELETE, so a
//     missing Origin next to a Sec-Fetch-Site header is refused: a browser
//     that leaves one out is not one we can vouch for.
// GET and HEAD change nothing and stay open. /freeswitch/* is not under
// /api: FreeSWITCH is no browser, and those endpoints have their own guard.
import type { MiddlewareHandler } from 'hono';
import type { HttpDeps } from './deps.ts';

export const CROSS_SITE_REFUSED =
  'This request came from another web site and was refused. Open Switchboard at its own address and try again.';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ALLOWED_FETCH_SITES = new Set(['same-origin', 'none']);

/** Whether a state-changing request's headers show it came from our own pages (or from no browser at all). */
export function fromOwnPages(
  headers: { origin: string | undefined; fetchSite: string | undefined; host: string | undefined },
  publicUrl: string | undefined,
): boolean {
  const { origin, fetchSite, host } = headers;
  if (fetchSite !== undefined && !ALLOWED_FETCH_SITES.has(fetchSite.toLowerCase())) return false;
  if (origin === undefined) return fetchSite === undefined;
  if (publicUrl && origin === new URL(publicUrl).origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    // "null", or anything that is no origin at all.
    return false;
  }
}

export function sameOriginOnly(deps: Pick<HttpDeps, 'config' | 'log'>): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const headers = { origin: c.req.header('origin'), fetchSite: c.req.header('sec-fetch-site'), host: c.req.header('host') };
    if (!fromOwnPages(headers, deps.config.publicUrl)) {
      deps.log?.warn(
        `refused a cross-site ${c.req.method} ${c.req.path} (Origin ${(headers.origin ?? 'absent').slice(0, 100)}, Sec-Fetch-Site ${(headers.fetchSite ?? 'absent').slice(0, 20)})`,
      );
      return c.json({ error: CROSS_SITE_REFUSED }, 403);
    }
    return next();
  };
}
