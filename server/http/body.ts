// Reads a JSON request body against a zod schema; a bad body is the
// client's mistake: 400 with a message a person can act on.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { describeIssue } from '../admin/parse.ts';

/** The JSON body, unchecked (the admin services check it against their own schemas). */
export async function readJson(c: Context): Promise<unknown> {
  // Insisting on the JSON content type also means a plain cross-site HTML
  // form (which can only send form or text/plain bodies) never reaches a handler.
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new HTTPException(415, { message: 'Send the request body as JSON (Content-Type: application/json).' });
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HTTPException(400, { message: 'The request body must be JSON.' });
  }
  if (holdsNul(body)) throw new HTTPException(400, { message: NUL_REFUSED });
  return body;
}

/** PostgreSQL's text cannot hold a NUL character: a value with one would fail as a server error. */
export function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\0');
  // Deeper than any of our bodies goes: the schema refuses it anyway, without this walk's stack.
  if (!value || typeof value !== 'object' || depth > 32) return false;
  return Object.entries(value).some(([k, v]) => k.includes('\0') || holdsNul(v, depth + 1));
}
export const NUL_REFUSED = 'The request holds a NUL character, which no field may contain.';

export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const body = await readJson(c);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    // The first problem is enough for a person to fix; a form checks fields one at a time anyway.
    throw new HTTPException(400, { message: describeIssue(parsed.error.issues[0]!) });
  }
  return parsed.data;
}
