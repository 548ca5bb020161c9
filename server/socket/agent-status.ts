// The agent's own status control: `callcenter_config agent set status`
// through the PBX boundary. The ack only says whether FreeSWITCH took it;
// the status the agent sees comes back as FreeSWITCH's agent-status-change.
// The status word itself was checked by the decoder (decode.ts).
import type { AgentStatus } from '../../common/live.ts';
import type { AgentStatusResult } from '../../common/socket.ts';
import type { Orm } from '../db/orm.ts';
import { findExtensionsOfUser } from '../db/queries.ts';
import type { SessionInfo } from '../http/session.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import { PbxCommandError, PbxDownError, type Pbx } from '../pbx/connection.ts';
import { callcenterAgent, setAgentStatus } from '../pbx/commands.ts';

export interface AgentStatusDeps {
  orm: Orm;
  pbx: Pick<Pbx, 'api'>;
  live: LiveStore;
  log: Log;
}

export const PBX_UNREACHABLE = 'The PBX cannot be reached right now, so your status was not changed. Try again in a moment.';

export async function changeAgentStatus(deps: AgentStatusDeps, session: SessionInfo, status: AgentStatus): Promise<AgentStatusResult> {
  const [extension] = await findExtensionsOfUser(deps.orm.em.fork(), session.tenantId, session.userId);
  const domain = deps.live.tenantState(session.tenantId)?.domain;
  if (!extension || !domain) {
    return { ok: false, error: 'You have no extension, so you cannot take queue calls. Ask your administrator for one.' };
  }
  const agent = callcenterAgent(extension.number, domain);
  try {
    await deps.pbx.api(setAgentStatus(agent, status));
    return { ok: true };
  } catch (err) {
    if (err instanceof PbxDownError) return { ok: false, error: PBX_UNREACHABLE };
    if (err instanceof PbxCommandError) {
      deps.log.warn(`agent ${agent}: FreeSWITCH refused status ${status}: ${err.message}`);
      return /agent not found/i.test(err.message)
        ? { ok: false, error: `The PBX does not know you as a queue agent (${agent}). Ask your administrator to add you.` }
        : { ok: false, error: `The PBX refused the change (${err.message.replace(/^-ERR\s*/, '')}).` };
    }
    deps.log.error(`agent ${agent}: setting status ${status} failed: ${(err as Error).message}`);
    return { ok: false, error: 'The PBX did not confirm the change. Try again in a moment.' };
  }
}
