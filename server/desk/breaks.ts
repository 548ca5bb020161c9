// Breaks with a reason. mod_callcenter knows only "On Break", so the reason
// lives in agent_breaks, saved before FreeSWITCH is asked (every node shows
// it as soon as FreeSWITCH confirms the break) and forgotten as soon as
// FreeSWITCH says the agent is anything else — by its event, or by its
// tables after a reconnect or a restart of either side — so the two never
// disagree for long.
import type { AgentStatus } from '../../common/live.ts';
import type { AgentStatusResult } from '../../common/socket.ts';
import { AgentBreak, BreakReason } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import type { SessionInfo } from '../http/session.ts';
import type { Deliver } from '../live/reach.ts';
import type { LiveStore } from '../live/store.ts';
import { breakEndedBy } from '../live/callcenter.ts';
import type { AgentBreakInfo } from '../live/state.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import { setAgentStatus } from '../pbx/commands.ts';
import type { Micros, PbxEvent } from '../pbx/events.ts';
import { agentOf, NO_EXTENSION, refused } from './agent.ts';
import { forgetSetter } from './setters.ts';

export interface BreakDeps {
  orm: Orm;
  pbx: Pick<Pbx, 'api'>;
  live: Pick<LiveStore, 'tenantState'>;
  log: Pick<Log, 'warn' | 'error' | 'debug'>;
  deliver: Deliver;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Saves (or with null, removes) an agent's break and tells every node. */
export async function saveBreak(deps: Pick<BreakDeps, 'orm' | 'deliver'>, tenantId: string, agent: string, info: AgentBreakInfo | null): Promise<void> {
  const em = deps.orm.em.fork();
  const saved = info && { ...info, savedAt: info.savedAt ?? Date.now() };
  if (saved) {
    await em.upsert(AgentBreak, { agent, tenant: tenantId, reason: saved.reason, source: saved.source, since: new Date(saved.savedAt) });
  } else {
    await em.nativeDelete(AgentBreak, { agent });
  }
  deps.deliver({ kind: 'agent-break', tenantId, agent, break: saved }, 'every-node');
}

/** The agent goes On Break for one of the tenant's reasons (or changes the reason while on break). */
export async function takeBreak(deps: BreakDeps, session: SessionInfo, reason: string): Promise<AgentStatusResult> {
  const agent = await agentOf(deps, session);
  if (!agent) return { ok: false, error: NO_EXTENSION };
  const em = deps.orm.em.fork();
  if (!(await em.count(BreakReason, { tenant: session.tenantId, name: reason }))) {
    return { ok: false, error: `"${reason}" is not one of your organisation's break reasons.` };
  }
  const before = await em.findOne(AgentBreak, { agent });
  await forgetSetter(deps, session.tenantId, agent);
  await saveBreak(deps, session.tenantId, agent, { reason, source: 'agent', since: nowSeconds() });
  try {
    await deps.pbx.api(setAgentStatus(agent, 'On Break'));
    return { ok: true };
  } catch (err) {
    // Not on break after all: the reason we saved would be a lie.
    await saveBreak(
      deps,
      session.tenantId,
      agent,
      before ? { reason: before.reason, source: before.source, since: Math.floor(before.since.getTime() / 1000) } : null,
    );
    return refused(deps.log, agent, 'On Break', err);
  }
}

/**
 * What FreeSWITCH says ends a break with a reason: an agent-status-change to
 * anything but On Break, or a resync whose tables say so. Every node's live
 * state drops the reason by itself (server/live/callcenter.ts); this deletes
 * the row, which any node may do first. Listens before the live store does,
 * so the state still tells which agents have a row: agents go Available many
 * times a second, nearly all without one, and a DELETE for each of those
 * slowed the whole live path.
 */
export function forgetEndedBreaks(deps: Pick<BreakDeps, 'orm' | 'log'> & { live: Pick<LiveStore, 'tenantState' | 'tenantIds'> }): (event: PbxEvent) => void {
  const ends = (agent: string, status: AgentStatus, at: Micros) =>
    deps.live.tenantIds().some((id) => breakEndedBy(deps.live.tenantState(id)?.breaks.get(agent), status, at));
  const forget = (agents: string[]) => {
    if (agents.length === 0) return;
    deps.orm.em
      .fork()
      .nativeDelete(AgentBreak, { agent: { $in: agents } })
      .catch((err: Error) => deps.log.warn(`could not forget ended breaks: ${err.message}`));
  };
  return (event) => {
    if (event.kind === 'agent-status-change' && ends(event.agent, event.status, event.at)) forget([event.agent]);
    if (event.kind === 'resync' && event.callcenter) {
      forget([...new Set(event.callcenter.flatMap((q) => q.agents.filter((a) => ends(a.name, a.status, event.at)).map((a) => a.name)))]);
    }
  };
}
