// Announcements about the desk itself: the live connection lost and back, and
// the agent's own status as the PBX confirms it. Runs inside the shell.
import { createEffect, on } from 'solid-js';
import type { Me } from '../../../common/api.ts';
import type { AgentLive } from '../../../common/live.ts';
import { connectionStatus, live } from '../live/store.ts';
import { announce } from './announce.ts';

export function announceDeskChanges(user: () => Me): void {
  // Said once when the connection drops after having been live, once when it is back.
  let wasLive = false;
  let lost = false;
  createEffect(
    on(connectionStatus, (status) => {
      if (status === 'live') {
        if (lost) announce('Live updates are back.');
        wasLive = true;
        lost = false;
      } else if (status === 'reconnecting' && wasLive && !lost) {
        lost = true;
        announce('Live updates lost. Reconnecting…');
      } else if (status === 'idle') {
        wasLive = lost = false;
      }
    }),
  );

  // "On Break (Lunch)": the reason, when the live state carries one; and who set it, when a supervisor did.
  const agentStatus = () => {
    const number = user().extensions[0];
    const agent: (AgentLive & { reason?: string | null }) | null | undefined = number ? live.extensions[number]?.agent : undefined;
    if (!agent) return undefined;
    const status = agent.reason ? `${agent.status} (${agent.reason})` : agent.status;
    return agent.setBy ? `${status}, set by ${agent.setBy}` : status;
  };
  createEffect(
    on(agentStatus, (status, previous) => {
      if (!status || !previous || status === previous) return;
      // The Agent Queues page's own status badge may be a live region already: then it says it.
      if (document.querySelector('[data-testid="agent-status-confirmed"][role="status"]')) return;
      announce(`Your status: ${status}.`);
    }),
  );
}
