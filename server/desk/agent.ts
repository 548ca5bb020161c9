// The signed-in user as a mod_callcenter agent: `<first extension>@<domain>`
// (server/db/queue-queries.ts names tiers' agents the same way), or why not.
import type { AgentStatusResult } from '../../common/socket.ts';
import type { Orm } from '../db/orm.ts';
import { findExtensionsOfUser } from '../db/queries.ts';
import type { SessionInfo } from '../http/session.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import { PbxCommandError, PbxDownError } from '../pbx/connection.ts';
import { callcenterAgent } from '../pbx/commands.ts';

export const NO_EXTENSION = 'You have no extension, so you cannot take queue calls. Ask your administrator for one.';
export const PBX_UNREACHABLE = 'The PBX cannot be reached right now, so your status was not changed. Try again in a moment.';

export async function agentOf(deps: { orm: Orm; live: Pick<LiveStore, 'tenantState'> }, session: SessionInfo): Promise<string | undefined> {
  const [extension] = await findExtensionsOfUser(deps.orm.em.fork(), session.tenantId, session.userId);
  const domain = deps.live.tenantState(session.tenantId)?.domain;
  return extension && domain ? callcenterAgent(extension.number, domain) : undefined;
}

/** What the agent is told when FreeSWITCH would not take a command about them. */
export function refused(log: Pick<Log, 'warn' | 'error'>, agent: string, what: string, err: unknown): AgentStatusResult {
  if (err instanceof PbxDownError) return { ok: false, error: PBX_UNREACHABLE };
  if (err instanceof PbxCommandError) {
    log.warn(`agent ${agent}: FreeSWITCH refused ${what}: ${err.message}`);
    return /agent not found/i.test(err.message)
      ? { ok: false, error: `The PBX does not know you as a queue agent (${agent}). Ask your administrator to add you.` }
      : { ok: false, error: `The PBX refused the change (${err.message.replace(/^-ERR\s*/, '')}).` };
  }
  log.error(`agent ${agent}: ${what} failed: ${(err as Error).message}`);
  return { ok: false, error: 'The PBX did not confirm the change. Try again in a moment.' };
}
