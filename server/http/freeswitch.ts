// The mod_xml_curl endpoints: FreeSWITCH POSTs the lookup as form fields and
// gets freeswitch/xml back. The database is the truth; xmlcurl/ turns it
// into the documents. Anything we do not know is FreeSWITCH's "not found".
//   POST /freeswitch/directory   section=directory, user, domain, action (sip_auth, user_call, …)
//   POST /freeswitch/dialplan    section=dialplan, Caller-Destination-Number, variable_domain_name, …
//     (a tenant phone dials an extension, a queue, a feature code or an outside number; a call from
//     the carrier arrives in the "did" context)
import { Hono, type Context } from 'hono';
import { featureCodeFor } from '../../common/feature-codes.ts';
import { findExtensionOfTenant, findTenantByDomain, outsideCallerId } from '../db/self-service.ts';
import { calledExtension } from './called-extension.ts';
import { dialplanDocument, extensionActions, featureActions } from '../xmlcurl/dialplan.ts';
import { directoryDocument } from '../xmlcurl/directory.ts';
import { creditLeft, NO_CREDIT, outsideActions, outsideNumber } from '../xmlcurl/outside.ts';
import { queueActions } from '../xmlcurl/queue.ts';
import { threeWayActions, threeWayRoom } from '../xmlcurl/three-way.ts';
import { findQueueOfTenant } from '../db/queue-queries.ts';
import { NOT_FOUND } from '../xmlcurl/xml.ts';
import type { HttpDeps, SettingsDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import { DID_CONTEXT, didDialplan } from './freeswitch-did.ts';
import { requireFreeswitch } from './freeswitch-guard.ts';
import { lookupFields } from './freeswitch-lookup.ts';
import { resumeDialplan } from './freeswitch-resume.ts';
import type { FaxService } from '../fax/service.ts';

const xml = (c: Context, text: string) => c.body(text, 200, { 'content-type': 'text/xml; charset=utf-8' });

export function freeswitchRoutes(deps: HttpDeps & SettingsDeps & { fax?: Pick<FaxService, 'files'> }) {
  const { orm } = deps;
  const app = new Hono();
  app.onError(errorHandler(deps.log));
  app.use('/freeswitch/*', requireFreeswitch(deps.config.freeswitch, deps.log));

  app.post('/freeswitch/directory', async (c) => {
    const f = await lookupFields(c);
    // Sofia also asks for gateways and network lists at start; we serve users only. mod_voicemail
    // looks a box up with purpose=publish-vm when a message is injected or forwarded to it (vm_inject).
    if (f.section !== 'directory' || !f.user || !f.domain || (f.purpose && f.purpose !== 'publish-vm')) return xml(c, NOT_FOUND);
    const em = orm.em.fork();
    const tenant = await findTenantByDomain(em, f.domain);
    const extension = tenant && (await findExtensionOfTenant(em, tenant.id, f.user));
    if (!tenant || !extension) return xml(c, NOT_FOUND);
    const called = await calledExtension(em, tenant.id, extension);
    return xml(
      c,
      directoryDocument({
        number: extension.number,
        domain: tenant.domain,
        sipPassword: extension.sipPassword,
        callerIdName: extension.callerIdName,
        dnd: extension.dnd,
        followMe: called.followMe !== undefined,
        voicemail: extension.voicemail,
        voicemailPin: extension.voicemailPin,
      }),
    );
  });

  app.post('/freeswitch/dialplan', async (c) => {
    const f = await lookupFields(c);
    const destination = f['Caller-Destination-Number'] ?? f['Hunt-Destination-Number'];
    // A call from outside (public.xml sent it here): routed by the DID table, not by a tenant's context.
    if (f.section === 'dialplan' && destination && f['Caller-Context'] === DID_CONTEXT) {
      // An outside caller an agent moves into a three-way room: the leg stays in this context, with the
      // tenant's domain its DID route set (did.ts), so the room is still that tenant's.
      const room = threeWayRoom(destination);
      const tenant = room && f.variable_domain_name ? await findTenantByDomain(orm.em.fork(), f.variable_domain_name) : null;
      if (room && tenant) return xml(c, dialplanDocument(DID_CONTEXT, destination, 'three-way', threeWayActions(room, tenant.domain)));
      return xml(c, await didDialplan(orm.em.fork(), destination, { rxDir: deps.fax?.files.rxDir, ringSeconds: deps.config.ringSeconds, log: deps.log }));
    }
    // Our directory puts a phone in the context named after its domain.
    const domain = f.variable_domain_name ?? f['Caller-Context'];
    if (f.section !== 'dialplan' || !destination || !domain) return xml(c, NOT_FOUND);
    const em = orm.em.fork();
    const tenant = await findTenantByDomain(em, domain);
    if (!tenant) return xml(c, NOT_FOUND);

    // A call held for a vanished softphone, or that softphone taking it back.
    const resume = await resumeDialplan(deps, em, tenant, destination, f);
    if (resume) return xml(c, resume);

    const feature = featureCodeFor(destination);
    if (feature) {
      // Only a phone that authenticated as one of the tenant's extensions may change its settings.
      const caller = f.variable_user_name;
      if (!caller || !(await findExtensionOfTenant(em, tenant.id, caller))) return xml(c, NOT_FOUND);
      return xml(c, dialplanDocument(tenant.domain, destination, feature.name, featureActions(feature, caller, tenant.domain)));
    }

    const outside = outsideNumber(destination);
    if (outside) {
      // Out through the carrier, for the tenant's own phones only (the leg is billed to the tenant).
      const caller = f.variable_user_name && (await findExtensionOfTenant(em, tenant.id, f.variable_user_name));
      if (!caller) return xml(c, NOT_FOUND);
      const actions = creditLeft(tenant.credit) ? outsideActions(outside, await outsideCallerId(em, tenant.id, caller)) : NO_CREDIT;
      return xml(c, dialplanDocument(tenant.domain, destination, `outside ${outside}`, actions));
    }

    // A softphone's three-way room, in this tenant's context only.
    const room = threeWayRoom(destination);
    if (room) return xml(c, dialplanDocument(tenant.domain, destination, 'three-way', threeWayActions(room, tenant.domain)));

    const callee = await findExtensionOfTenant(em, tenant.id, destination);
    if (!callee) {
      // A queue's name dialled (`sales`): the caller joins `<queue>@<domain>` in mod_callcenter.
      const queue = await findQueueOfTenant(em, tenant.id, destination);
      if (!queue) return xml(c, NOT_FOUND);
      return xml(c, dialplanDocument(tenant.domain, destination, `queue ${queue.name}`, queueActions(queue.name, tenant.domain)));
    }
    const actions = extensionActions(await calledExtension(em, tenant.id, callee), tenant.domain, deps.config.ringSeconds);
    return xml(c, dialplanDocument(tenant.domain, destination, `extension ${callee.number}`, actions));
  });

  return app;
}
