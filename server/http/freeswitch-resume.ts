// The served dialplan for calls that outlive the agent's softphone
// (server/resume/hold.ts, server/xmlcurl/resume.ts): the held party's wait,
// and the agent's phone taking the call back. Both are checked here, where
// FreeSWITCH asks: the wait only for a leg our server put there (its
// RESUME_FOR variable names the extension), the take-back only for a phone
// authenticated as that very extension of that tenant, while the leg waits.
import type { Em } from '../db/orm.ts';
import { findExtensionOfTenant } from '../db/self-service.ts';
import { channelVariable, setChannelVariable } from '../pbx/commands.ts';
import { PbxCommandError } from '../pbx/connection.ts';
import { dialplanDocument } from '../xmlcurl/dialplan.ts';
import { holdActions, holdOf, RESUME_FOR, RESUME_LEG, resumeActions, resumeTarget } from '../xmlcurl/resume.ts';
import { calledExtension } from './called-extension.ts';
import type { HttpDeps, SettingsDeps } from './deps.ts';
import type { LookupFields } from './freeswitch-lookup.ts';

type Deps = Pick<HttpDeps, 'log'> & Pick<SettingsDeps, 'pbx' | 'deliver'> & { config: Pick<SettingsDeps['config'], 'resumeSeconds'> };

/** The document for `destination` when it is a hold or resume extension; undefined when it is neither or not allowed. */
export async function resumeDialplan(
  deps: Deps,
  em: Em,
  tenant: { id: string; domain: string },
  destination: string,
  f: LookupFields,
): Promise<string | undefined> {
  const held = holdOf(destination);
  if (held !== undefined) {
    if (f[`variable_${RESUME_FOR}`] !== `${held}@${tenant.domain}`) return undefined;
    const callee = await findExtensionOfTenant(em, tenant.id, held);
    if (!callee) return undefined;
    const actions = holdActions(await calledExtension(em, tenant.id, callee), tenant.domain, deps.config.resumeSeconds, f.variable_cc_queue);
    return dialplanDocument(tenant.domain, destination, `held for ${held}`, actions);
  }
  const uuid = resumeTarget(destination);
  if (!uuid) return undefined;
  const caller = f.variable_user_name;
  if (!caller || !(await findExtensionOfTenant(em, tenant.id, caller))) return undefined;
  try {
    if ((await deps.pbx.api(channelVariable(uuid, RESUME_FOR))).trim() !== `${caller}@${tenant.domain}`) return undefined;
    const leg = (await deps.pbx.api(channelVariable(uuid, RESUME_LEG))).trim();
    // Taken: a second tab's Resume finds it no longer waiting.
    await deps.pbx.api(setChannelVariable(uuid, RESUME_FOR));
    deps.deliver({ kind: 'call-resume-over', tenantId: tenant.id, extension: caller, uuid }, 'every-node');
    return dialplanDocument(tenant.domain, destination, `resume ${uuid}`, resumeActions(uuid, leg));
  } catch (err) {
    // -ERR No such channel: the held party hung up meanwhile.
    if (err instanceof PbxCommandError) return undefined;
    throw err;
  }
}
