// Every /api request body has a ceiling, refused with 413 while it streams in
// (before anything buffers it). A form's JSON is a few kilobytes; the rate
// import carries a whole CSV file (at most 2 MB of text, larger once
// JSON-escaped); the fax and greeting uploads set their own limits from the
// configuration (FAX_MAX_UPLOAD_MB, VOICEMAIL_GREETING_MAX_MB) at their routes.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

const MB = 1024 * 1024;
/** Any /api body not named below. */
export const API_BODY_LIMIT = 1 * MB;
/** A rate deck of 2,000,000 characters with every quote and line break escaped. */
const RATE_IMPORT_LIMIT = 6 * MB;

/** Routes whose own bodyLimit (from the configuration) is the one that counts. */
const OWN_LIMIT = [/^\/api\/fax\/outbound$/, /^\/api\/voicemail\/[^/]+\/greeting$/];

const tooLarge = (bytes: number) => `The request is larger than ${bytes / MB} MB.`;

export function apiBodyLimits(): MiddlewareHandler {
  const limited = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => {
        // The rest of the body is never read, so this connection cannot carry another request: say so, or a keep-alive client would send its next one into a closed socket.
        c.header('connection', 'close');
        return c.json({ error: tooLarge(maxSize) }, 413);
      },
    });
  const forms = limited(API_BODY_LIMIT);
  const rates = limited(RATE_IMPORT_LIMIT);
  return async (c, next) => {
    if (OWN_LIMIT.some((route) => route.test(c.req.path))) return next();
    return (c.req.path === '/api/admin/rates/import' ? rates : forms)(c, next);
  };
}
