// A call's recording, streamed to the browser's audio player. Only the
// call's owner gets it (any other uuid is "not found"), the file is the one
// the CDR names under RECORDINGS_DIR and nowhere else (symlinks included),
// and Range requests get 206 so the player can seek.
//   GET /api/cdr/:uuid/recording
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { recordingOf } from '../cdr/queries.ts';
import { audioType, byteRange, recordingFile } from '../cdr/recording-file.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireSession } from './guards.ts';

export const NO_SUCH_RECORDING = 'There is no recording of this call.';

/** The real file, or undefined when it is missing or a link out of the recordings directory. */
async function openable(root: string, file: string): Promise<{ path: string; size: number } | undefined> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return undefined;
    const info = await stat(realFile);
    return info.isFile() ? { path: realFile, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

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
    const headers: Record<string, string> = {
      'content-type': audioType(found.path),
      'accept-ranges': 'bytes',
      'cache-control': 'private, no-store',
    };
    const range = byteRange(c.req.header('range'), found.size);
    if (range === 'unsatisfiable') {
      return c.body(null, 416, { ...headers, 'content-range': `bytes */${found.size}` });
    }
    const { start, end } = range ?? { start: 0, end: found.size - 1 };
    headers['content-length'] = String(Math.max(0, end - start + 1));
    if (range) headers['content-range'] = `bytes ${start}-${end}/${found.size}`;
    const body = found.size === 0 ? null : (Readable.toWeb(createReadStream(found.path, { start, end })) as ReadableStream<Uint8Array>);
    return new Response(body, { status: range ? 206 : 200, headers });
  });
  return app;
}
