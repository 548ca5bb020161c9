// Follow Me of the signed-in user's own extensions. The extension number is
// the id; another user's or another tenant's extension is a 404.
//   GET    /api/follow-me              → { followMes: FollowMe[], extensions: string[] }
//   GET    /api/follow-me/:extension   → FollowMe
//   PUT    /api/follow-me/:extension   { enabled, destinations } → FollowMe
//   DELETE /api/follow-me/:extension   → 204
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { EXTENSION_NUMBER, followMeRequest, type FollowMe } from '../../common/follow-me.ts';
import {
  deleteFollowMe,
  existingExtensionNumbers,
  findOwnExtension,
  followMeOf,
  listOwnExtensions,
  saveFollowMe,
} from '../db/self-service.ts';
import { flushDirectory } from '../settings/dnd.ts';
import { readBody } from './body.ts';
import type { AuthEnv, HttpDeps, SettingsDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireSession } from './guards.ts';
import { NO_SUCH_EXTENSION } from './account.ts';

export const NO_FOLLOW_ME = 'This extension has no Follow Me yet.';

export function followMeRoutes(deps: HttpDeps & SettingsDeps) {
  const { orm } = deps;
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/follow-me', requireSession(deps));
  app.use('/api/follow-me/*', requireSession(deps));

  app.get('/api/follow-me', async (c) => {
    const { tenantId, userId } = c.get('session');
    const em = orm.em.fork();
    const extensions = await listOwnExtensions(em, tenantId, userId);
    const byId = await followMeOf(em, tenantId, extensions);
    const followMes = extensions.flatMap((e) => byId.get(e.id) ?? []);
    return c.json({ followMes, extensions: extensions.map((e) => e.number) }, 200);
  });

  app.get('/api/follow-me/:extension', async (c) => {
    const { tenantId, userId } = c.get('session');
    const em = orm.em.fork();
    const extension = await findOwnExtension(em, tenantId, userId, c.req.param('extension'));
    if (!extension) return c.json({ error: NO_SUCH_EXTENSION }, 404);
    const followMe = (await followMeOf(em, tenantId, [extension])).get(extension.id);
    if (!followMe) return c.json({ error: NO_FOLLOW_ME }, 404);
    return c.json(followMe, 200);
  });

  app.put('/api/follow-me/:extension', async (c) => {
    const { tenantId, userId } = c.get('session');
    const em = orm.em.fork();
    const extension = await findOwnExtension(em, tenantId, userId, c.req.param('extension'));
    if (!extension) return c.json({ error: NO_SUCH_EXTENSION }, 404);
    const { enabled, destinations } = await readBody(c, followMeRequest);
    // An extension destination must be one of this tenant's extensions, and not the one being forwarded.
    const wanted = destinations.filter((d) => EXTENSION_NUMBER.test(d.destination)).map((d) => d.destination);
    const known = await existingExtensionNumbers(em, tenantId, wanted);
    destinations.forEach((d, i) => {
      if (d.destination === extension.number) {
        throw new HTTPException(400, { message: `Destination ${i + 1}: Follow Me cannot ring the extension it forwards (${d.destination}).` });
      }
      if (EXTENSION_NUMBER.test(d.destination) && !known.has(d.destination)) {
        throw new HTTPException(400, { message: `Destination ${i + 1}: there is no extension ${d.destination} in your organisation.` });
      }
    });
    await saveFollowMe(em, extension, enabled, destinations);
    // FreeSWITCH's cached directory entry carries follow_me_enabled.
    await flushDirectory(deps, extension.number, extension.tenant.domain);
    const saved: FollowMe = { extension: extension.number, enabled, destinations };
    return c.json(saved, 200);
  });

  app.delete('/api/follow-me/:extension', async (c) => {
    const { tenantId, userId } = c.get('session');
    const em = orm.em.fork();
    const extension = await findOwnExtension(em, tenantId, userId, c.req.param('extension'));
    if (!extension) return c.json({ error: NO_SUCH_EXTENSION }, 404);
    if (!(await deleteFollowMe(em, extension))) return c.json({ error: NO_FOLLOW_ME }, 404);
    await flushDirectory(deps, extension.number, extension.tenant.domain);
    return c.body(null, 204);
  });

  return app;
}
