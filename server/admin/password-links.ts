// One-time set-password links: the token is 32 random bytes in the link's
// fragment (#…), so it never reaches a server log or a Referer; only its
// SHA-256 is stored. A user has at most one link; using it deletes it.
import { randomBytes } from 'node:crypto';
import { PASSWORD_LINK_HOURS } from '../../common/admin.ts';
import { PasswordLink } from '../db/entities/index.ts';
import type { Em } from '../db/orm.ts';
import { hashToken } from '../http/session.ts';


/** The page that reads the token from the fragment. */
export const SET_PASSWORD_PATH = '/set-password';

export async function makePasswordLink(em: Em, userId: string, publicUrl: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await em.nativeDelete(PasswordLink, { user: userId });
  em.create(PasswordLink, { id: hashToken(token), user: userId, expiresAt: new Date(now.getTime() + PASSWORD_LINK_HOURS * 3_600_000) });
  return `${publicUrl.replace(/\/+$/, '')}${SET_PASSWORD_PATH}#token=${token}`;
}

/** The link's user, if the token is one and has not expired; the link is spent either way. */
export async function spendPasswordLink(em: Em, token: string, now = new Date()): Promise<string | null> {
  const link = await em.findOne(PasswordLink, { id: hashToken(token) });
  if (!link) return null;
  await em.nativeDelete(PasswordLink, { id: link.id });
  return link.expiresAt.getTime() > now.getTime() ? link.user.id : null;
}
