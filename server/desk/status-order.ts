// A supervisor (or admin) sets one of their tenant's agents' status:
// Available, On Break for one of the tenant's reasons, or Logged Out. The
// agent is found from the extension number within the session's tenant
// only, never from anything the request says about a tenant. The reason and
// who set it are saved and told to every node before FreeSWITCH is asked,
// so they show the moment mod_callcenter's agent-status-change confirms the
// status (the row changes then, not at the click); undone if FreeSWITCH
// refuses. The change is audited once FreeSWITCH took it.
import type { AgentStatus } from '../../common/live.ts';
import type { AgentStatusOrder, AgentStatusResult } from '../../common/socket.ts';
import { auditWith } from '../admin/audit.ts';
import type { Actor } from '../admin/context.ts';
import { AgentBreak, AgentStatusSetter, BreakReason, Extension } from '../db/entities/index.ts';
import type { SessionInfo } from '../http/session.ts';
import { PbxCommandError, PbxDownError } from '../pbx/connection.ts';
import { callcenterAgent, setAgentStatus } from '../pbx/commands.ts';
import { saveBreak, type BreakDeps } from './breaks.ts';
import { saveSetter } from './setters.ts';

export const NOT_A_SUPERVISOR = "Only supervisors and administrators can set another agent's status.";

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The agent's status in the live state (any queue of theirs), or undefined when no queue has them. */
function liveStatus(deps: Pick<BreakDeps, 'live'>, tenantId: string, agent: string): AgentStatus | undefined {
  for (const q of deps.live.tenantState(tenantId)?.queues.values() ?? []) {
    const found = q.agents.find((a) => a.name === agent);
    if (found) return found.status;
  }
  return undefined;
}

export async function orderAgentStatus(deps: BreakDeps, session: SessionInfo, address: string | null, order: AgentStatusOrder): Promise<AgentStatusResult> {
  if (session.role !== 'supervisor' && session.role !== 'admin') return { ok: false, error: NOT_A_SUPERVISOR };
  const em = deps.orm.em.fork();
  const { extension, status } = order;
  const domain = deps.live.tenantState(session.tenantId)?.domain;
  // Another tenant's extension is "no such extension", exactly like one that does not exist.
  if (!domain || !(await em.count(Extension, { tenant: session.tenantId, number: extension }))) {
    return { ok: false, error: `There is no extension ${extension} in your organisation.` };
  }
  const agent = callcenterAgent(extension, domain);
  const was = liveStatus(deps, session.tenantId, agent);
  if (!was) return { ok: false, error: `${extension} is not an agent of any queue.` };
  const reason = status === 'On Break' ? order.reason : undefined;
  if (reason !== undefined && !(await em.count(BreakReason, { tenant: session.tenantId, name: reason }))) {
    return { ok: false, error: `"${reason}" is not one of your organisation's break reasons.` };
  }

  const [breakBefore, setterBefore] = await Promise.all([em.findOne(AgentBreak, { agent }), em.findOne(AgentStatusSetter, { agent })]);
  if (reason !== undefined) await saveBreak(deps, session.tenantId, agent, { reason, source: 'supervisor', since: nowSeconds() });
  await saveSetter(deps, session.tenantId, agent, { status, by: session.name, byUserId: session.userId });
  try {
    await deps.pbx.api(setAgentStatus(agent, status));
  } catch (err) {
    // Not changed after all: what we saved would be a lie.
    if (reason !== undefined) {
      await saveBreak(
        deps,
        session.tenantId,
        agent,
        breakBefore ? { reason: breakBefore.reason, source: breakBefore.source, since: Math.floor(breakBefore.since.getTime() / 1000) } : null,
      );
    }
    await saveSetter(deps, session.tenantId, agent, setterBefore && { status: setterBefore.status as AgentStatus, by: setterBefore.byName, byUserId: setterBefore.byUserId });
    return refusedFor(deps, extension, agent, err);
  }
  const actor: Actor = { id: session.userId, label: session.email, address };
  const audited = deps.orm.em.fork();
  auditWith(audited, actor, {
    tenantId: session.tenantId,
    action: 'agent.status',
    target: `agent ${extension}`,
    changes: { status: { from: was, to: status }, ...(reason !== undefined && { reason: { to: reason } }) },
  });
  await audited.flush();
  return { ok: true };
}

/** What the supervisor is told when FreeSWITCH would not take it. */
function refusedFor(deps: Pick<BreakDeps, 'log'>, extension: string, agent: string, err: unknown): AgentStatusResult {
  if (err instanceof PbxDownError) return { ok: false, error: `The PBX cannot be reached right now, so ${extension}'s status was not changed. Try again in a moment.` };
  if (err instanceof PbxCommandError) {
    deps.log.warn(`agent ${agent}: FreeSWITCH refused a supervisor's change: ${err.message}`);
    return { ok: false, error: `FreeSWITCH refused the change (${err.message.replace(/^-ERR\s*/, '').trim()}).` };
  }
  deps.log.error(`agent ${agent}: a supervisor's change failed: ${(err as Error).message}`);
  return { ok: false, error: 'The PBX did not confirm the change. Try again in a moment.' };
}
