// "Ready now": the agent ends the rest after a queue call early. mod_callcenter
// offers an agent no call until last_bridge_end + wrap_up_time
// (mod_callcenter.c), and of those its api changes only the agent's
// wrap_up_time: it is set to 0 until the wrap-up would have ended, or the
// agent's next queue call starts, whichever comes first, then set back. If
// this node stops meanwhile, the next provisioning sets it back
// (server/pbx/callcenter-provision.ts compares wrap_up_time).
import type { AgentStatusResult } from '../../common/socket.ts';
import type { SessionInfo } from '../http/session.ts';
import type { Deliver } from '../live/reach.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import { setAgentWrapUp } from '../pbx/commands.ts';
import type { Orm } from '../db/orm.ts';
import { agentOf, NO_EXTENSION, refused } from './agent.ts';

export interface WrapUpDeps {
  orm: Orm;
  pbx: Pick<Pbx, 'api' | 'onEvent'>;
  live: Pick<LiveStore, 'tenantState'>;
  log: Pick<Log, 'warn' | 'error'>;
  deliver: Deliver;
}

export const NOT_WRAPPING_UP = 'You are not wrapping up a queue call.';

export function wrapUps(deps: WrapUpDeps) {
  /** Agents whose wrap_up_time this node set to 0, and what to set it back to. */
  const lowered = new Map<string, { seconds: number; timer: NodeJS.Timeout }>();

  const restore = (agent: string) => {
    const entry = lowered.get(agent);
    if (!entry) return;
    lowered.delete(agent);
    clearTimeout(entry.timer);
    deps.pbx.api(setAgentWrapUp(agent, entry.seconds)).catch((err: Error) => deps.log.warn(`could not set ${agent}'s wrap-up back: ${err.message}`));
  };
  const stop = deps.pbx.onEvent((event) => {
    if (event.kind === 'bridge-agent-start') restore(event.agent);
  });

  return {
    async readyNow(session: SessionInfo): Promise<AgentStatusResult> {
      const agent = await agentOf(deps, session);
      if (!agent) return { ok: false, error: NO_EXTENSION };
      const state = deps.live.tenantState(session.tenantId);
      const extension = state?.extensions.get(agent.slice(0, agent.indexOf('@')));
      const until = extension?.agent?.wrapUpUntil ?? 0;
      const left = until * 1000 - Date.now();
      if (!state || left <= 0) return { ok: false, error: NOT_WRAPPING_UP };
      const seconds = lowered.get(agent)?.seconds ?? state.wrapUp.get(agent) ?? 0;
      try {
        await deps.pbx.api(setAgentWrapUp(agent, 0));
      } catch (err) {
        return refused(deps.log, agent, 'ready now', err);
      }
      clearTimeout(lowered.get(agent)?.timer);
      const timer = setTimeout(() => restore(agent), left);
      timer.unref();
      lowered.set(agent, { seconds, timer });
      deps.deliver({ kind: 'agent-ready', tenantId: session.tenantId, agent }, 'every-node');
      return { ok: true };
    },
    /** Sets every lowered wrap-up back (on shutdown). */
    close: async () => {
      stop();
      for (const agent of [...lowered.keys()]) restore(agent);
    },
  };
}
