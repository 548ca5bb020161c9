// Who may ask for the directory (SIP credentials!) and the dialplan: only
// FreeSWITCH. A request passes when it comes from one of the configured PBX
// addresses, or carries the shared secret as HTTP basic auth (mod_xml_curl's
// gateway-credentials, `switchboard:<secret>`) from anywhere.
import { timingSafeEqual, createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import type { Log } from '../log.ts';

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is 127.0.0.1. */
export const normalizeIp = (ip: string) => (ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip);

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The password of a Basic Authorization header, or undefined. */
export function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/** Compares digests, so neither the length nor the content leaks through timing. */
const sameSecret = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

export function requireFreeswitch(config: Config['freeswitch'], log?: Pick<Log, 'warn'>): MiddlewareHandler {
  const allowed = new Set(config.allowedIps.map(normalizeIp));
  return async (c, next) => {
    const secret = basicPassword(c.req.header('authorization'));
    if (config.secret && secret !== undefined && sameSecret(secret, config.secret)) return next();
    const ip = normalizeIp(getConnInfo(c).remote.address ?? '');
    if (allowed.has(ip)) return next();
    log?.warn(`refused a mod_xml_curl request from ${ip || 'an unknown address'}${secret !== undefined ? ' with a wrong secret' : ''}`);
    return c.text('Forbidden: only the PBX may ask for its configuration here.', 403);
  };
}
