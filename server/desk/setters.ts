// Who set an agent's status, when a supervisor did (server/desk/status-order.ts).
// Like a break's reason it is saved before FreeSWITCH is asked and told to
// every node (the agent's socket may be on another one), kept in
// agent_status_setters for nodes that start later, and forgotten as soon as
// the agent changes their own status or FreeSWITCH reports another one.
import { AgentStatusSetter } from '../db/entities/index.ts';
import type { Orm } from '../db/orm.ts';
import type { Deliver } from '../live/reach.ts';
import type { LiveStore } from '../live/store.ts';
import type { AgentSetter } from '../live/state.ts';
import type { Log } from '../log.ts';
import type { PbxEvent } from '../pbx/events.ts';

/** Saves (or with null, removes) who set the agent's status, and tells every node. */
export async function saveSetter(
  deps: { orm: Orm; deliver: Deliver },
  tenantId: string,
  agent: string,
  setter: (AgentSetter & { byUserId: string | null }) | null,
): Promise<void> {
  const em = deps.orm.em.fork();
  if (setter) {
    await em.upsert(AgentStatusSetter, { agent, tenant: tenantId, status: setter.status, byUserId: setter.byUserId, byName: setter.by, at: new Date() });
  } else {
    await em.nativeDelete(AgentStatusSetter, { agent });
  }
  deps.deliver({ kind: 'agent-setter', tenantId, agent, setter: setter && { status: setter.status, by: setter.by } }, 'every-node');
}

/** The agent acts for themselves: a supervisor's word no longer describes their status. Nothing to do (no query) when there is none. */
export async function forgetSetter(deps: { orm: Orm; deliver: Deliver; live: Pick<LiveStore, 'tenantState'> }, tenantId: string, agent: string): Promise<void> {
  if (deps.live.tenantState(tenantId)?.setters.has(agent)) await saveSetter(deps, tenantId, agent, null);
}

/**
 * FreeSWITCH reports a status other than the one a supervisor set (the agent
 * at a phone, mod_callcenter's own no-answer break, a resync): every node's
 * live state drops the setter by itself (server/live/callcenter.ts); this
 * deletes the row, which any node may do first. Listens before the live
 * store does, and touches the database only for agents that have a row.
 */
export function forgetOverriddenSetters(deps: { orm: Orm; log: Pick<Log, 'warn'>; live: Pick<LiveStore, 'tenantState' | 'tenantIdOfDomain'> }): (event: PbxEvent) => void {
  // The agent's domain finds its tenant through the store's index: no scan of every tenant per event.
  const setterOf = (agent: string) => {
    const tenantId = deps.live.tenantIdOfDomain(agent.slice(agent.lastIndexOf('@') + 1));
    return tenantId === undefined ? undefined : deps.live.tenantState(tenantId)?.setters.get(agent);
  };
  const forget = (agents: string[]) => {
    if (agents.length === 0) return;
    deps.orm.em
      .fork()
      .nativeDelete(AgentStatusSetter, { agent: { $in: agents } })
      .catch((err: Error) => deps.log.warn(`could not forget who set agents' statuses: ${err.message}`));
  };
  const overridden = (agent: string, status: string) => {
    const setter = setterOf(agent);
    return setter !== undefined && setter.status !== status;
  };
  return (event) => {
    if (event.kind === 'agent-status-change' && overridden(event.agent, event.status)) forget([event.agent]);
    if (event.kind === 'resync' && event.callcenter) {
      forget([...new Set(event.callcenter.flatMap((q) => q.agents.filter((a) => overridden(a.name, a.status)).map((a) => a.name)))]);
    }
  };
}
