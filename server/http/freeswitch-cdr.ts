// mod_json_cdr posts every leg's CDR here (freeswitch/conf/autoload_configs/
// json_cdr.conf.xml), authenticated like mod_xml_curl. It is the path that
// cannot miss a call: FreeSWITCH posts whether or not our ESL link is up,
// retries, and spools to disk while we are unreachable. Recording is
// idempotent, so a CDR the ESL path already recorded answers 200 as well.
//   POST /freeswitch/cdr?uuid=<uuid>   the JSON document (encode=false, ours) or cdr=<URL-encoded JSON> (encode=true)
//
// What FreeSWITCH 1.10.12 really sends with encode=false: the JSON text, but
// labelled Content-Type: application/x-www-form-urlencoded whenever
// disable-100-continue is on (mod_json_cdr then replaces its header list,
// Content-Type included, with "Expect:", and curl labels a POSTFIELDS body as
// a form). So the body says what it is, not its label: a JSON document starts
// with "{", a form with "cdr=".
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { CdrService } from '../cdr/service.ts';
import { callDetail, jsonCdrHeaders } from '../pbx/cdr.ts';
import type { Config } from '../config.ts';
import type { FaxService } from '../fax/service.ts';
import type { Log } from '../log.ts';
import { holdsNul, NUL_REFUSED } from './body.ts';
import { errorHandler } from './errors.ts';
import { requireFreeswitch } from './freeswitch-guard.ts';

/** The cdr table keys calls by PostgreSQL's uuid type, the form FreeSWITCH gives every channel. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The JSON text of a mod_json_cdr post, whichever way it was sent. */
export function cdrJsonText(body: string): string | undefined {
  const text = body.trimStart();
  if (text.startsWith('{')) return text;
  // encode=true: one form field. (Lossy in FreeSWITCH itself: switch_url_encode
  // leaves an existing %XX as it is, so a value's own "%41" arrives as "A".)
  const cdr = new URLSearchParams(text).get('cdr');
  return cdr ?? undefined;
}

async function cdrDocument(c: Context): Promise<unknown> {
  const json = cdrJsonText(await c.req.text());
  if (json === undefined) throw new HTTPException(400, { message: 'Post the CDR as JSON, or as the form field cdr (mod_json_cdr encode=true).' });
  try {
    return JSON.parse(json);
  } catch {
    throw new HTTPException(400, { message: 'The CDR is not valid JSON.' });
  }
}

export function freeswitchCdrRoutes(deps: {
  config: Pick<Config, 'freeswitch'>;
  log?: Log;
  cdr: Pick<CdrService, 'capture'>;
  /** A fax leg's CDR carries its result (server/fax/service.ts). */
  fax?: Pick<FaxService, 'cdrArrived'> | undefined;
}) {
  const app = new Hono();
  app.onError(errorHandler(deps.log));
  app.use('/freeswitch/cdr', requireFreeswitch(deps.config.freeswitch, deps.log));
  app.post('/freeswitch/cdr', async (c) => {
    const headers = jsonCdrHeaders(await cdrDocument(c));
    const detail = callDetail(headers);
    if (!detail) return c.json({ error: 'The CDR has no uuid.' }, 400);
    // FreeSWITCH stamps every leg's creation and end (start_uepoch, end_uepoch); a document without
    // them is not one of its CDRs, and would land as a call in 1970.
    if (!(detail.startedAt > 0) || detail.endedAt < detail.startedAt) {
      return c.json({ error: 'The CDR has no start and end time (start_uepoch, end_uepoch in microseconds).' }, 400);
    }
    if (holdsNul(detail)) return c.json({ error: NUL_REFUSED }, 400);
    // Refused, not retried: a channel given another form of id (origination_uuid) can never be stored.
    if (!UUID.test(detail.uuid)) return c.json({ error: "The CDR's uuid is not a UUID (8-4-4-4-12 hexadecimal digits)." }, 400);
    // A database failure throws: 500 makes mod_json_cdr retry, then spool the CDR.
    const recorded = await deps.cdr.capture(detail);
    await deps.fax?.cdrArrived(headers);
    return c.json({ uuid: detail.uuid, recorded: recorded !== undefined }, 200);
  });
  return app;
}
