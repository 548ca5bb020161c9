// mod_json_cdr posts every leg's CDR here (freeswitch/conf/autoload_configs/
// json_cdr.conf.xml), authenticated like mod_xml_curl. It is the path that
// cannot miss a call: FreeSWITCH posts whether or not our ESL link is up,
// retries, and spools to disk while we are unreachable. Recording is
// idempotent, so a CDR the ESL path already recorded answers 200 as well.
//   POST /freeswitch/cdr?uuid=<uuid>   cdr=<URL-encoded JSON> (encode=true) or a JSON body (encode=false)
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { CdrService } from '../cdr/service.ts';
import { callDetail, jsonCdrHeaders } from '../pbx/cdr.ts';
import type { Config } from '../config.ts';
import type { Log } from '../log.ts';
import { errorHandler } from './errors.ts';
import { requireFreeswitch } from './freeswitch-guard.ts';

async function cdrDocument(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  try {
    if (/^application\/json\b/i.test(type)) return await c.req.json();
    if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
      const cdr = (await c.req.parseBody()).cdr;
      if (typeof cdr === 'string') return JSON.parse(cdr);
    }
  } catch {
    throw new HTTPException(400, { message: 'The CDR is not valid JSON.' });
  }
  throw new HTTPException(400, { message: 'Post the CDR as JSON, or as the form field cdr (mod_json_cdr encode=true).' });
}

export function freeswitchCdrRoutes(deps: { config: Pick<Config, 'freeswitch'>; log?: Log; cdr: Pick<CdrService, 'capture'> }) {
  const app = new Hono();
  app.onError(errorHandler(deps.log));
  app.use('/freeswitch/cdr', requireFreeswitch(deps.config.freeswitch, deps.log));
  app.post('/freeswitch/cdr', async (c) => {
    const detail = callDetail(jsonCdrHeaders(await cdrDocument(c)));
    if (!detail) return c.json({ error: 'The CDR has no uuid.' }, 400);
    // A database failure throws: 500 makes mod_json_cdr retry, then spool the CDR.
    const recorded = await deps.cdr.capture(detail);
    return c.json({ uuid: detail.uuid, recorded: recorded !== undefined }, 200);
  });
  return app;
}
