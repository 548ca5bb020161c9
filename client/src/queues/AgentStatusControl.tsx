// The agent's own status: Available, a break for one of the tenant's
// reasons, Logged Out — each asked of the PBX, and a badge that shows only
// what the PBX confirmed (its agent-status-change event), never the button
// just pressed. Beside it: how long in this status, a warning when the agent
// is Available without a registered phone (no calls can reach them), and
// after a queue call the wrap-up counting down with "Ready now".
import { createSignal, For, Show, type JSX } from 'solid-js';
import type { AgentStatus } from '../../../common/live.ts';
import type { AgentStatusResult } from '../../../common/socket.ts';
import { live, requestAgentBreak, requestAgentReady, requestAgentStatus } from '../live/store.ts';
import { me } from '../session.ts';
import { AgentDeskBadges, setByWords } from './AgentDesk.tsx';
import { createNow } from './clock.ts';
import { withoutPhone, wrappingUp } from './figures.ts';

export function AgentStatusControl(): JSX.Element {
  const now = createNow();
  const [pending, setPending] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [reason, setReason] = createSignal('');
  const agent = () => {
    const number = me()?.extensions[0];
    return number ? live.extensions[number]?.agent ?? null : null;
  };
  const reasons = () => live.tenant?.breakReasons ?? [];
  const chosenReason = () => reason() || reasons()[0] || '';

  const run = async (what: string, request: () => Promise<AgentStatusResult>) => {
    if (pending()) return;
    setPending(what);
    setError(null);
    const result = await request();
    setPending(null);
    if (!result.ok) setError(result.error);
  };
  const choose = (status: AgentStatus) => run(status, () => requestAgentStatus(status));
  const takeBreak = () => {
    const r = chosenReason();
    return r ? run('break', () => requestAgentBreak(r)) : choose('On Break');
  };
  const onBreak = () => agent()?.status === 'On Break';

  return (
    <section class="card agent-status" aria-labelledby="agent-status-title" data-testid="agent-status">
      <div class="card-head">
        <h2 id="agent-status-title" class="card-title">
          My status
        </h2>
        <Show when={agent()}>
          {(a) => (
            <span class="agent-own" role="status" data-testid="agent-status-confirmed">
              <AgentDeskBadges agent={a()} now={now()} />
              <span class="agent-state">{a().state}</span>
            </span>
          )}
        </Show>
      </div>
      <Show
        when={agent()}
        fallback={<p class="muted">You are not an agent of any queue on the PBX yet. Ask your administrator to add you to a queue.</p>}
      >
        {/* A live region that is always there, so "… by Grace Lindqvist" is said when it comes. */}
        <div role="status" class="alert-slot">
          <Show when={agent() && setByWords(agent()!)}>
            {(words) => (
              <p class="callout agent-set-by" data-testid="agent-set-by">
                {words()}
              </p>
            )}
          </Show>
        </div>
        <Show when={agent() && withoutPhone(agent()!)}>
          <p class="callout callout-warning" data-testid="agent-no-phone">
            You are Available, but no phone of yours is registered, so no queue call can reach you. Open the softphone or
            switch on your desk phone.
          </p>
        </Show>
        <div class="agent-controls" role="group" aria-label="Set my status">
          <button
            type="button"
            class="button button-secondary"
            aria-pressed={agent()?.status === 'Available'}
            aria-busy={pending() === 'Available'}
            disabled={pending() !== null}
            onClick={() => void choose('Available')}
          >
            {pending() === 'Available' ? 'Asking the PBX…' : 'Available'}
          </button>
          <div class="agent-break">
            <Show when={reasons().length > 0}>
              <label class="visually-hidden" for="break-reason">
                Break reason
              </label>
              <select id="break-reason" value={chosenReason()} onChange={(e) => setReason(e.currentTarget.value)} disabled={pending() !== null}>
                <For each={reasons()}>{(r) => <option value={r}>{r}</option>}</For>
              </select>
            </Show>
            <button
              type="button"
              class="button button-secondary"
              aria-pressed={onBreak() && (reasons().length === 0 || agent()?.reason === chosenReason())}
              aria-busy={pending() === 'break' || pending() === 'On Break'}
              disabled={pending() !== null}
              onClick={() => void takeBreak()}
            >
              {pending() === 'break' || pending() === 'On Break' ? 'Asking the PBX…' : onBreak() ? 'Change break' : 'Take a break'}
            </button>
          </div>
          <button
            type="button"
            class="button button-secondary"
            aria-pressed={agent()?.status === 'Logged Out'}
            aria-busy={pending() === 'Logged Out'}
            disabled={pending() !== null}
            onClick={() => void choose('Logged Out')}
          >
            {pending() === 'Logged Out' ? 'Asking the PBX…' : 'Logged Out'}
          </button>
        </div>
        <Show when={agent() && wrappingUp(agent()!, now())}>
          <p class="agent-wrap-up" data-testid="agent-wrap-up-own">
            Wrapping up the last call: the next one comes when the countdown ends.{' '}
            <button
              type="button"
              class="button button-primary"
              aria-busy={pending() === 'ready'}
              disabled={pending() !== null}
              onClick={() => void run('ready', requestAgentReady)}
            >
              {pending() === 'ready' ? 'Asking the PBX…' : 'Ready now'}
            </button>
          </p>
        </Show>
        <Show when={agent()?.call}>
          {(call) => (
            <p class="agent-call" data-testid="agent-call">
              On a call from {call().cidName || call().cidNumber} ({call().cidNumber}) in {call().queue}
            </p>
          )}
        </Show>
      </Show>
      <div role="alert" class="alert-slot">
        <Show when={error()}>
          <p class="callout callout-error" data-testid="agent-status-error">
            {error()}
          </p>
        </Show>
      </div>
    </section>
  );
}
