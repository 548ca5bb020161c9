// Voicemail → Messages: the signed-in user's own boxes, read and changed in
// mod_voicemail through FreeSWITCH (never a copy of ours). Every route finds
// the extension by tenant and owner from the session first; another user's
// or another tenant's extension, and a message that box does not hold, is a
// 404 exactly like one that never was.
//   GET    /api/voicemail                                → VoicemailBoxes
//   GET    /api/voicemail/:extension/messages/:uuid/audio → the recording (Range: 206; ?download=1: as a file)
//   POST   /api/voicemail/:extension/messages/:uuid/save  → { message } (saved: no longer new)
//   DELETE /api/voicemail/:extension/messages/:uuid       → 204 (deleted in mod_voicemail, file and all)
//   PUT    /api/voicemail/:extension/pin   { pin }        → 204 (our directory's vm-password and mod_voicemail's own; audited)
//   POST   /api/voicemail/:extension/greeting  audio/wav  → 204 (converted, handed to mod_voicemail, selected)
//   GET    /api/voicemail/:extension/greeting             → the greeting callers hear
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { voicemailPinRequest, type VoicemailBox, type VoicemailBoxes } from '../../common/voicemail.ts';
import { audit, SECRET } from '../admin/audit.ts';
import { AdminError } from '../admin/context.ts';
import { Extension } from '../db/entities/index.ts';
import { findOwnExtension, listOwnExtensions } from '../db/self-service.ts';
import type { Config } from '../config.ts';
import { PbxCommandError, PbxDownError, type Pbx } from '../pbx/connection.ts';
import { setBoxPassword } from '../pbx/voicemail.ts';
import { prepareGreeting, WavError } from '../voicemail/greeting.ts';
import { findMessage, greetingOf, GreetingNotTaken, installGreeting, keepMessage, listBox, messageView, removeMessage, type Box } from '../voicemail/mailbox.ts';
import { NO_SUCH_EXTENSION } from './account.ts';
import { tenantAction } from './admin-kit.ts';
import { audioResponse, openable } from './audio-file.ts';
import { readBody } from './body.ts';
import type { AuthEnv, HttpDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { requireSession } from './guards.ts';

export const NO_SUCH_MESSAGE = 'There is no such voicemail message. It may have been deleted already.';
export const NO_GREETING = 'You have not recorded a greeting for this extension: callers hear the standard one.';
export const PBX_UNAVAILABLE = 'Voicemail is unavailable right now: the PBX cannot be reached. Try again in a moment.';
export const GREETING_NOT_TAKEN = 'The PBX could not take the greeting. Ask your administrator to check the voicemail storage setting.';

/** WAV as browsers and recorders name it. */
const WAV_TYPES = /^audio\/(wav|x-wav|wave|vnd\.wave)\b/i;
const MB = 1024 * 1024;

export interface VoicemailDeps {
  pbx: Pick<Pbx, 'api'>;
  config: Config['voicemail'];
}

/** FreeSWITCH down, refusing or not answering: the user hears "try again", the log says why. */
const isPbxTrouble = (err: unknown) =>
  err instanceof PbxDownError || err instanceof PbxCommandError || (err instanceof Error && /no answer within|vm_fsdb|vm_boxcount|unexpected answer/.test(err.message));

export function voicemailRoutes(deps: Pick<HttpDeps, 'orm' | 'config' | 'log'> & { voicemail: VoicemailDeps }) {
  const { orm } = deps;
  const { pbx, config } = deps.voicemail;
  const api = (command: string) => pbx.api(command);
  const run = tenantAction(deps);
  const app = new Hono<AuthEnv>();
  app.onError(errorHandler(deps.log));
  app.use('/api/voicemail', requireSession(deps));
  app.use('/api/voicemail/*', requireSession(deps));

  const withPbx = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if (!isPbxTrouble(err)) throw err;
      deps.log?.warn(`voicemail: ${what}: ${(err as Error).message}`);
      throw new HTTPException(503, { message: PBX_UNAVAILABLE });
    }
  };

  /**
   * The session's own extension named in the path, as the box mod_voicemail
   * knows it. A message's routes answer someone else's extension as they
   * answer a message that is not there.
   */
  const ownBox = async (c: Context<AuthEnv>, notFound = NO_SUCH_EXTENSION): Promise<{ extension: Extension; box: Box }> => {
    const { tenantId, userId } = c.get('session');
    const extension = await findOwnExtension(orm.em.fork(), tenantId, userId, c.req.param('extension') ?? '');
    if (!extension) throw new HTTPException(404, { message: notFound });
    return { extension, box: { user: extension.number, domain: extension.tenant.domain } };
  };

  app.get('/api/voicemail', async (c) => {
    const { tenantId, userId } = c.get('session');
    const extensions = await listOwnExtensions(orm.em.fork(), tenantId, userId);
    const boxes: VoicemailBox[] = await withPbx('listing boxes', () =>
      Promise.all(
        extensions.map(async (e) => {
          const box = { user: e.number, domain: e.tenant.domain };
          const [messages, greeting] = await Promise.all([listBox(api, box), greetingOf(api, box)]);
          return { extension: e.number, enabled: e.voicemail, hasPin: e.voicemailPin !== null, hasGreeting: greeting !== undefined, messages: messages.map(messageView) };
        }),
      ),
    );
    c.header('cache-control', 'no-store');
    return c.json({ boxes } satisfies VoicemailBoxes, 200);
  });

  app.get('/api/voicemail/:extension/messages/:uuid/audio', async (c) => {
    const { box } = await ownBox(c, NO_SUCH_MESSAGE);
    const message = await withPbx('reading a message', () => findMessage(api, box, c.req.param('uuid')));
    const found = message && (await openable(config.dir, message.filePath));
    if (!found) {
      if (message) deps.log?.warn(`voicemail: ${message.filePath} is not a file under VOICEMAIL_DIR (${config.dir}): not served`);
      return c.json({ error: NO_SUCH_MESSAGE }, 404);
    }
    const download = c.req.query('download') ? `voicemail-${box.user}-${new Date(message.receivedAt * 1000).toISOString().slice(0, 19).replace(/[:T]/g, '-')}-${message.callerIdNumber || 'unknown'}.wav` : undefined;
    return audioResponse(found, c.req.header('range'), download);
  });

  app.post('/api/voicemail/:extension/messages/:uuid/save', async (c) => {
    const { box } = await ownBox(c, NO_SUCH_MESSAGE);
    const saved = await withPbx('saving a message', () => keepMessage(api, box, c.req.param('uuid')));
    if (!saved) return c.json({ error: NO_SUCH_MESSAGE }, 404);
    return c.json({ message: messageView(saved) }, 200);
  });

  app.delete('/api/voicemail/:extension/messages/:uuid', async (c) => {
    const { box } = await ownBox(c, NO_SUCH_MESSAGE);
    const deleted = await withPbx('deleting a message', () => removeMessage(api, box, c.req.param('uuid')));
    if (!deleted) return c.json({ error: NO_SUCH_MESSAGE }, 404);
    return c.body(null, 204);
  });

  app.put('/api/voicemail/:extension/pin', async (c) => {
    const { pin } = await readBody(c, voicemailPinRequest);
    const { userId } = c.get('session');
    const number = c.req.param('extension');
    // One transaction: our directory's vm-password (what the admin pages also set) and its audit row,
    // committed only once mod_voicemail took the same PIN as the box's own password.
    await run(c, async (ctx, tenantId) => {
      const extension = await ctx.em.findOne(Extension, { tenant: tenantId, owner: userId, number }, { populate: ['tenant'] });
      if (!extension) throw new AdminError(404, NO_SUCH_EXTENSION);
      extension.voicemailPin = pin;
      audit(ctx, { tenantId, action: 'voicemail.pin', target: `extension ${extension.number}`, changes: { voicemailPin: SECRET } });
      ctx.changes.touch(tenantId, 'extensions').flush(tenantId, [extension.number]);
      await withPbx('setting a PIN', () => pbx.api(setBoxPassword(extension.number, extension.tenant.domain, pin)));
    });
    return c.body(null, 204);
  });

  app.post(
    '/api/voicemail/:extension/greeting',
    // Refused while it streams in, before it is buffered.
    bodyLimit({
      maxSize: config.maxGreetingBytes,
      onError: (c) => c.json({ error: `The recording is larger than ${Math.floor(config.maxGreetingBytes / MB)} MB. Keep the greeting short.` }, 413),
    }),
    async (c) => {
      const { box } = await ownBox(c);
      if (!WAV_TYPES.test(c.req.header('content-type') ?? '')) {
        throw new HTTPException(415, { message: 'Send the greeting as a WAV file (Content-Type: audio/wav).' });
      }
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      let file: string;
      try {
        file = await prepareGreeting(bytes, config.dir);
      } catch (err) {
        if (err instanceof WavError) return c.json({ error: err.message }, 400);
        throw err;
      }
      try {
        await withPbx('setting a greeting', () => installGreeting(api, box, file));
      } catch (err) {
        if (!(err instanceof GreetingNotTaken)) throw err;
        deps.log?.error(`voicemail: ${err.message}`);
        return c.json({ error: GREETING_NOT_TAKEN }, 503);
      }
      return c.body(null, 204);
    },
  );

  app.get('/api/voicemail/:extension/greeting', async (c) => {
    const { box } = await ownBox(c);
    const path = await withPbx('reading the greeting', () => greetingOf(api, box));
    const found = path && (await openable(config.dir, path));
    if (!found) return c.json({ error: NO_GREETING }, 404);
    return audioResponse(found, c.req.header('range'));
  });

  return app;
}
