// The last word on errors: anything a handler throws becomes `{ error }`
// JSON. Mistakes a user can make arrive as HTTPException with a 4xx and a
// message for them; everything else is our fault: 500, the stack in the log,
// nothing of it in the response.
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AdminError } from '../admin/context.ts';
import { LineErrors } from '../admin/rates.ts';
import type { Log } from '../log.ts';

export const INTERNAL_ERROR = 'Something went wrong on our side. Please try again in a moment.';

export function errorHandler(log?: Pick<Log, 'error'>): ErrorHandler {
  return (err: Error, c: Context) => {
    if (err instanceof LineErrors) return c.json({ error: err.message, lines: err.lines }, err.status);
    if (err instanceof AdminError) return c.json({ error: err.message }, err.status);
    if (err instanceof HTTPException && err.status < 500) {
      return c.json({ error: err.message || 'Bad request.' }, err.status as ContentfulStatusCode);
    }
    const where = `${c.req.method} ${new URL(c.req.url).pathname}`;
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    if (log) log.error(`${where} failed: ${detail}`);
    else console.error(`${where} failed: ${detail}`);
    return c.json({ error: INTERNAL_ERROR }, 500);
  };
}

/** JSON 404 for an unknown /api route, so the client never has to parse an HTML page. */
export const apiNotFound: NotFoundHandler = (c) =>
  c.json({ error: `There is no API route ${c.req.method} ${new URL(c.req.url).pathname}.` }, 404);
