// mod_xml_curl's configuration binding (xml_curl.conf.xml, binding
// "callcenter"): FreeSWITCH asks here for every configuration file it opens
// once mod_xml_curl is loaded; we answer callcenter.conf from our database
// and "not found" for every other file, which FreeSWITCH then reads from its
// own conf folder.
//   POST /freeswitch/callcenter   section=configuration, key_value=callcenter.conf[, CC-Queue=<queue>]
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import { callCenterConfig, listQueuePlans } from '../db/queue-queries.ts';
import type { Log } from '../log.ts';
import { callcenterConfDocument } from '../xmlcurl/callcenter.ts';
import { NOT_FOUND } from '../xmlcurl/xml.ts';
import { errorHandler } from './errors.ts';
import { requireFreeswitch } from './freeswitch-guard.ts';
import { lookupFields } from './freeswitch-lookup.ts';

const xml = (text: string) => new Response(text, { headers: { 'content-type': 'text/xml; charset=utf-8' } });

export function freeswitchCallcenterRoutes(deps: { orm: Orm; config: Pick<Config, 'freeswitch'>; log?: Log }) {
  const app = new Hono();
  app.onError(errorHandler(deps.log));
  app.use('/freeswitch/callcenter', requireFreeswitch(deps.config.freeswitch, deps.log));
  app.post('/freeswitch/callcenter', async (c) => {
    const f = await lookupFields(c);
    if (f.section !== 'configuration' || f.key_value !== 'callcenter.conf') return xml(NOT_FOUND);
    // Every queue, even for `queue load <q>`: mod_callcenter picks its queue by name, and loads every agent and tier listed.
    return xml(callcenterConfDocument(callCenterConfig(await listQueuePlans(deps.orm.em.fork()))));
  });
  return app;
}
