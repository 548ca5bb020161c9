// My Account: the signed-in user's own extensions with their SIP
// credentials, DND and fax e-mail. Only the owner ever gets a SIP password;
// any other extension (another user's, another tenant's) is a 404.
//   GET /api/account                                     → Account
//   PUT /api/account/extensions/:number/dnd        { dnd } → AccountExtension
//   PUT /api/account/extensions/:number/fax-email  { faxEmail } → AccountExtension
import { Hono } from 'hono';
import { dndRequest, faxEmailRequest, type Account } from '../../common/account.ts';
import { accountExtension, findOwnExtension, listOwnExtensions, saveFaxEmail } from '../db/self-service.ts';
import type { Extension } from '../db/entities/index.ts';
import { applyDnd } from '../settings/dnd.ts';
import { readBody } from './body.ts';
import type { AuthEnv, HttpDeps, SettingsDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireSession } from './guards.ts';

export const NO_SUCH_EXTENSION = 'You have no such extension.';

/** The browser softphone's SIP-over-WebSocket server: configured, or sofia's WSS port on the tenant's domain. */
export const wssUrlFor = (configured: string | undefined) => (domain: string) => configured ?? `wss://${domain}:7443`;

export function accountRoutes(deps: HttpDeps & SettingsDeps) {
  const { orm } = deps;
  const wssUrl = wssUrlFor(deps.config.sipWssUrl);
  const view = (e: Extension) => accountExtension(e, wssUrl);
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/account', requireSession(deps));
  app.use('/api/account/*', requireSession(deps));

  app.get('/api/account', async (c) => {
    const { tenantId, userId } = c.get('session');
    const account: Account = { extensions: (await listOwnExtensions(orm.em.fork(), tenantId, userId)).map(view) };
    // SIP passwords: never in a shared cache.
    c.header('cache-control', 'no-store');
    return c.json(account, 200);
  });

  app.put('/api/account/extensions/:number/dnd', async (c) => {
    const { tenantId, userId, email } = c.get('session');
    const em = orm.em.fork();
    const extension = await findOwnExtension(em, tenantId, userId, c.req.param('number'));
    if (!extension) return c.json({ error: NO_SUCH_EXTENSION }, 404);
    const { dnd } = await readBody(c, dndRequest);
    await applyDnd(deps, { tenantId, domain: extension.tenant.domain, extension: extension.number }, dnd, 'every-node');
    deps.log?.info(`${email} turned DND ${dnd ? 'on' : 'off'} on ${extension.number}@${extension.tenant.domain}`);
    c.header('cache-control', 'no-store');
    return c.json({ ...view(extension), dnd }, 200);
  });

  app.put('/api/account/extensions/:number/fax-email', async (c) => {
    const { tenantId, userId } = c.get('session');
    const em = orm.em.fork();
    const extension = await findOwnExtension(em, tenantId, userId, c.req.param('number'));
    if (!extension) return c.json({ error: NO_SUCH_EXTENSION }, 404);
    const { faxEmail } = await readBody(c, faxEmailRequest);
    await saveFaxEmail(em, extension, faxEmail);
    c.header('cache-control', 'no-store');
    return c.json(view(extension), 200);
  });

  return app;
}
