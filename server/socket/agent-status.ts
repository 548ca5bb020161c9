// The agent's own status control: `callcenter_config agent set status`
// through the PBX boundary. The ack only says whether FreeSWITCH took it;
// the status the agent sees comes back as FreeSWITCH's agent-status-change.
// The status word itself was checked by the decoder (decode.ts).
import type { AgentStatus } from '../../common/live.ts';
import type { AgentStatusResult } from '../../common/socket.ts';
import { agentOf, NO_EXTENSION, refused } from '../desk/agent.ts';
import { forgetSetter } from '../desk/setters.ts';
import type { Orm } from '../db/orm.ts';
import type { SessionInfo } from '../http/session.ts';
import type { Deliver } from '../live/reach.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import { setAgentStatus } from '../pbx/commands.ts';

export interface AgentStatusDeps {
  orm: Orm;
  pbx: Pick<Pbx, 'api'>;
  live: LiveStore;
  log: Log;
  deliver: Deliver;
}

export async function changeAgentStatus(deps: AgentStatusDeps, session: SessionInfo, status: AgentStatus): Promise<AgentStatusResult> {
  const agent = await agentOf(deps, session);
  if (!agent) return { ok: false, error: NO_EXTENSION };
  await forgetSetter(deps, session.tenantId, agent);
  try {
    await deps.pbx.api(setAgentStatus(agent, status));
    return { ok: true };
  } catch (err) {
    return refused(deps.log, agent, `status ${status}`, err);
  }
}
