// The user's own calls: a page of the CDR list (newest first, keyset-paged)
// and the whole filtered set as CSV, streamed page by page so 100,000 rows
// never sit in memory. Tenant and user come from the session only.
//   GET /api/cdr?from=&to=&before=&limit=   → CdrPage
//   GET /api/cdr.csv?from=&to=              → text/csv attachment
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { stream } from 'hono/streaming';
import { CDR_MAX_PAGE_SIZE, CDR_PAGE_SIZE, type CdrPage } from '../../common/cdr.ts';
import { CSV_HEADER, csvLine, csvRow } from '../cdr/csv.ts';
import { decodeCursor, encodeCursor, listCalls, type CdrRange, type Cursor } from '../cdr/queries.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireSession } from './guards.ts';

const CSV_BATCH = 1000;

function instant(c: Context, name: string): Date | undefined {
  const value = c.req.query(name);
  if (value === undefined || value === '') return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new HTTPException(400, { message: `${name} must be a date and time (ISO 8601).` });
  return date;
}

function range(c: Context): CdrRange {
  const from = instant(c, 'from');
  const to = instant(c, 'to');
  if (from && to && from >= to) throw new HTTPException(400, { message: 'The start of the date range must come before its end.' });
  return { from, to };
}

export function cdrRoutes(deps: Pick<HttpDeps, 'orm' | 'config' | 'log'>) {
  const { orm } = deps;
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/cdr', requireSession(deps));
  app.use('/api/cdr.csv', requireSession(deps));

  app.get('/api/cdr', async (c) => {
    const { tenantId, userId } = c.get('session');
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? CDR_PAGE_SIZE : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > CDR_MAX_PAGE_SIZE) {
      throw new HTTPException(400, { message: `limit must be a whole number from 1 to ${CDR_MAX_PAGE_SIZE}.` });
    }
    const beforeText = c.req.query('before');
    const before = beforeText ? decodeCursor(beforeText) : undefined;
    if (beforeText && !before) throw new HTTPException(400, { message: 'That page marker is not valid; reload the list.' });
    // One row more than asked tells whether another page follows.
    const rows = await listCalls(orm.em.fork(), { tenantId, userId }, range(c), limit + 1, before);
    const page: CdrPage = { rows: rows.slice(0, limit), next: rows.length > limit ? encodeCursor(rows[limit - 1]!) : null };
    return c.json(page, 200);
  });

  app.get('/api/cdr.csv', async (c) => {
    const { tenantId, userId } = c.get('session');
    const filter = range(c);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="calls-${new Date().toISOString().slice(0, 10)}.csv"`);
    c.header('cache-control', 'private, no-store');
    return stream(c, async (out) => {
      await out.write(csvLine(CSV_HEADER));
      let before: Cursor | undefined;
      for (;;) {
        const rows = await listCalls(orm.em.fork(), { tenantId, userId }, filter, CSV_BATCH, before);
        if (rows.length) await out.write(rows.map(csvRow).join(''));
        if (rows.length < CSV_BATCH || out.aborted) break;
        const last = rows[rows.length - 1]!;
        before = { startedAt: new Date(last.startedAt), uuid: last.uuid };
      }
    });
  });

  return app;
}
