// The cookie of a sign-in waiting for its second step. Sent only to the
// second-factor routes (its path), never cross-site (SameSite=Strict), and
// gone when the pending sign-in would have expired anyway.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { PENDING_SIGN_IN_MINUTES } from '../auth/pending-sign-in.ts';
import type { CookieSettings } from './session.ts';

export const PENDING_COOKIE = 'sb_pending';
const PENDING_PATH = '/api/auth/second-factor';

export function setPendingCookie(c: Context, token: string, settings: CookieSettings) {
  setCookie(c, PENDING_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: PENDING_PATH,
    secure: settings.secure,
    maxAge: PENDING_SIGN_IN_MINUTES * 60,
  });
}

export const readPendingCookie = (c: Context): string | undefined => getCookie(c, PENDING_COOKIE);

export function clearPendingCookie(c: Context, settings: CookieSettings) {
  deleteCookie(c, PENDING_COOKIE, { path: PENDING_PATH, secure: settings.secure, httpOnly: true, sameSite: 'Strict' });
}
