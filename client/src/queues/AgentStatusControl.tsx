// The agent's own status: three buttons that ask the PBX, and a badge that
// shows only what the PBX confirmed (its agent-status-change event), never
// the button just pressed.
import { createSignal, For, Show, type JSX } from 'solid-js';
import type { AgentStatus } from '../../../common/live.ts';
import { live, requestAgentStatus } from '../live/store.ts';
import { me } from '../session.ts';

const CHOICES: AgentStatus[] = ['Available', 'On Break', 'Logged Out'];

export function AgentStatusControl(): JSX.Element {
  const [pending, setPending] = createSignal<AgentStatus | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const agent = () => {
    const number = me()?.extensions[0];
    return number ? live.extensions[number]?.agent ?? null : null;
  };
  const choose = async (status: AgentStatus) => {
    if (pending()) return;
    setPending(status);
    setError(null);
    const result = await requestAgentStatus(status);
    setPending(null);
    if (!result.ok) setError(result.error);
  };
  return (
    <section class="card agent-status" aria-labelledby="agent-status-title" data-testid="agent-status">
      <div class="card-head">
        <h2 id="agent-status-title" class="card-title">
          My status
        </h2>
        <Show when={agent()}>
          {(a) => (
            <span class="badge" data-state={statusState(a().status)} data-testid="agent-status-confirmed" role="status">
              <span class="badge-dot" aria-hidden="true" />
              {a().status} · {a().state}
            </span>
          )}
        </Show>
      </div>
      <Show
        when={agent()}
        fallback={<p class="muted">You are not an agent of any queue on the PBX yet. Ask your administrator to add you to a queue.</p>}
      >
        <div class="segmented" role="group" aria-label="Set my status">
          <For each={CHOICES}>
            {(status) => (
              <button
                type="button"
                class="button button-secondary"
                aria-pressed={agent()?.status === status}
                aria-busy={pending() === status}
                disabled={pending() !== null}
                onClick={() => void choose(status)}
              >
                {pending() === status ? 'Asking the PBX…' : status}
              </button>
            )}
          </For>
        </div>
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

export const statusState = (status: AgentStatus) => (status.startsWith('Available') ? 'ok' : status === 'On Break' ? 'warn' : 'off');
