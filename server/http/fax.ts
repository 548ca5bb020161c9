// Fax over REST: the send form (multipart, the one upload in the app), the
// two lists, and PDF downloads. Every query is scoped to the session's
// tenant and user; someone else's fax id answers 404 like one that never was.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { sendFaxFields } from '../../common/fax.ts';
import { findUserInTenant } from '../db/queries.ts';
import { FaxInputError, FaxStoreFullError } from '../fax/errors.ts';
import { findInbound, findOutbound, inboundRow, listInbound, listOutbound, outboundRow, type Owner } from '../fax/rows.ts';
import type { FaxService } from '../fax/service.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireSession } from './guards.ts';

export const NO_SUCH_FAX = 'There is no such fax.';

/** The form's text fields and multipart framing on top of the PDF itself. */
const FORM_OVERHEAD = 64 * 1024;
const MB = 1024 * 1024;

/**
 *   POST /api/fax/outbound   multipart: to, cover, subject, note, file → 201 { fax }
 *   GET  /api/fax/outbound                 → { faxes: OutboundFaxRow[] }
 *   GET  /api/fax/outbound/:id/pdf         → the PDF that was faxed (cover included)
 *   GET  /api/fax/inbound                  → { faxes: InboundFaxRow[] }
 *   GET  /api/fax/inbound/:id/pdf          → the received fax as PDF
 */
export function faxRoutes(deps: Pick<HttpDeps, 'orm' | 'config' | 'log'> & { fax: FaxService; maxUploadBytes: number }) {
  const { orm, fax } = deps;
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/fax/*', requireSession(deps));
  const owner = (s: AuthEnv['Variables']['session']): Owner => ({ tenantId: s.tenantId, userId: s.userId });
  const tooLarge = () => `The file is larger than ${Math.floor(deps.maxUploadBytes / MB)} MB. Send a smaller PDF.`;

  app.post(
    '/api/fax/outbound',
    // Refuse an oversize upload while it streams in, before it is buffered.
    bodyLimit({ maxSize: deps.maxUploadBytes + FORM_OVERHEAD, onError: (c) => c.json({ error: tooLarge() }, 413) }),
    async (c) => {
      if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
        throw new HTTPException(415, { message: 'Send the fax as a form upload (multipart/form-data).' });
      }
      let body: Record<string, string | File | (string | File)[]>;
      try {
        body = await c.req.parseBody();
      } catch {
        throw new HTTPException(400, { message: 'The upload could not be read. Try again.' });
      }
      const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
      const parsed = sendFaxFields.safeParse({ to: text('to') ?? '', cover: text('cover') || undefined, subject: text('subject'), note: text('note') });
      if (!parsed.success) throw new HTTPException(400, { message: parsed.error.issues[0]!.message });
      const file = body.file;
      if (!(file instanceof File)) throw new HTTPException(400, { message: 'Choose a PDF document to fax.' });
      const session = c.get('session');
      const user = await findUserInTenant(orm.em.fork(), session.tenantId, session.userId);
      if (!user) throw new HTTPException(401, { message: 'Your account no longer exists.' });
      try {
        const row = await fax.submit(
          { ...owner(session), userName: user.name, tenantName: user.tenant!.name },
          parsed.data,
          new Uint8Array(await file.arrayBuffer()),
        );
        return c.json({ fax: row }, 201);
      } catch (err) {
        if (err instanceof FaxInputError || err instanceof FaxStoreFullError) return c.json({ error: err.message }, err.status);
        throw err;
      }
    },
  );

  app.get('/api/fax/outbound', async (c) => {
    const rows = await listOutbound(orm.em.fork(), owner(c.get('session')));
    return c.json({ faxes: rows.map(outboundRow) }, 200);
  });

  app.get('/api/fax/inbound', async (c) => {
    const rows = await listInbound(orm.em.fork(), owner(c.get('session')));
    return c.json({ faxes: rows.map(inboundRow) }, 200);
  });

  const pdf = (bytes: Buffer, name: string) =>
    new Response(new Uint8Array(bytes), {
      status: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'private, no-store',
      },
    });

  app.get('/api/fax/outbound/:id/pdf', async (c) => {
    const row = await findOutbound(orm.em.fork(), owner(c.get('session')), c.req.param('id'));
    if (!row) return c.json({ error: NO_SUCH_FAX }, 404);
    return pdf(await fax.files.readPdf(row.document_hash), `fax-to-${row.to_number.replace(/\D/g, '')}-${row.id.slice(0, 8)}.pdf`);
  });

  app.get('/api/fax/inbound/:id/pdf', async (c) => {
    const row = await findInbound(orm.em.fork(), owner(c.get('session')), c.req.param('id'));
    if (!row || !row.pdf_hash) return c.json({ error: NO_SUCH_FAX }, 404);
    return pdf(await fax.files.readPdf(row.pdf_hash), `fax-from-${row.from_number.replace(/\D/g, '') || 'unknown'}-${row.id.slice(0, 8)}.pdf`);
  });

  return app;
}
