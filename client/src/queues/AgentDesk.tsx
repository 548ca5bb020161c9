// How an agent stands, in one line wherever agents are listed (Agent Queues,
// the wallboard): status and, on break, why; an Available agent with no
// phone registered says so (mod_callcenter would still call them
// Available); whether a queue call rings or is up; the time in that status
// counting up, and the wrap-up after a queue call counting down.
import { Show, type JSX } from 'solid-js';
import { formatWait, statusState, withoutPhone, wrappingUp, type AgentDeskView } from './figures.ts';

/** The status in words: "On Break · Lunch", "Available — no phone registered". */
export function statusWords(agent: AgentDeskView): string {
  if (withoutPhone(agent)) return `${agent.status} — no phone registered`;
  if (agent.status === 'On Break' && agent.reason) return `On Break · ${agent.reason}`;
  return agent.status;
}

/** Who set the status, when a supervisor did: "Put On Break · Lunch by Grace Lindqvist". */
export function setByWords(agent: AgentDeskView & { setBy?: string | null }): string | null {
  if (!agent.setBy) return null;
  const verb = agent.status === 'On Break' ? 'Put' : agent.status === 'Logged Out' ? '' : 'Made';
  return `${verb ? `${verb} ` : ''}${statusWords(agent)} by ${agent.setBy}`;
}

/** mod_callcenter's states that mean the agent is busy with a queue call right now. */
const callWords: Partial<Record<AgentDeskView['state'], string>> = { 'In a queue call': 'On a call', Receiving: 'Ringing' };

export function AgentDeskBadges(props: { agent: AgentDeskView; now: number }): JSX.Element {
  const a = () => props.agent;
  return (
    <span class="agent-desk">
      <span class="badge" data-state={withoutPhone(a()) ? 'danger' : statusState(a().status)} data-testid="agent-status-words">
        <span class="badge-dot" aria-hidden="true" />
        {statusWords(a())}
      </span>
      <Show when={callWords[a().state]}>
        {(words) => (
          <span class="badge" data-state="info" data-testid="agent-on-call">
            {words()}
          </span>
        )}
      </Show>
      <Show when={a().since}>
        {(since) => (
          <span class="agent-since" title="Time in this status" data-testid="agent-since">
            {formatWait(props.now - since())}
          </span>
        )}
      </Show>
      <Show when={wrappingUp(a(), props.now)}>
        <span class="badge" data-state="info" data-testid="agent-wrap-up">
          Wrap-up {formatWait((a().wrapUpUntil ?? 0) - props.now)}
        </span>
      </Show>
    </span>
  );
}
