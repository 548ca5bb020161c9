// A call's recording, streamed to the browser's audio player. Only the
// call's owner gets it (any other uuid is "not found"), the file is the one
// the CDR names under RECORDINGS_DIR and nowhere else (symlinks included),
// and Range requests get 206 so the player can seek.
//   GET /api/cdr/:uuid/recording
import { Hono } from 'hono';
import { recordingOf } from '../cdr/queries.ts';
import { recordingFile } from '../cdr/recording-file.ts';
import { audioResponse, openable } from './audio-file.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireSession } from './guards.ts';

export const NO_SUCH_RECORDING = 'There is no recording of this call.';

export function recordingRoutes(deps: Pick<HttpDeps, 'orm' | 'config' | 'log'> & { recordingsDir: string }) {
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/cdr/:uuid/recording', requireSession(deps));
  app.get('/api/cdr/:uuid/recording', async (c) => {
    const { tenantId, userId } = c.get('session');
    const stored = await recordingOf(deps.orm.em.fork(), { tenantId, userId }, c.req.param('uuid'));
    const file = stored !== undefined ? recordingFile(deps.recordingsDir, stored) : undefined;
    const found = file && (await openable(deps.recordingsDir, file));
    if (!found) {
      if (stored !== undefined && !file) deps.log?.warn(`refused a recording path outside the recordings directory (call ${c.req.param('uuid')})`);
      return c.json({ error: NO_SUCH_RECORDING }, 404);
    }
    return audioResponse(found, c.req.header('range'));
  });
  return app;
}
