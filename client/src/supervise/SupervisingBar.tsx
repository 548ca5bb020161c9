// The supervising bar, on every page while the user's phone is on an
// agent's call (or rings for it): the mode now, buttons to switch between
// listen, whisper and barge (a digit on the same call: the phone does not
// ring again), and Leave. Refusals are said here, in the server's words.
import { For, Show, type JSX } from 'solid-js';
import { SUPERVISION_MODES, type SupervisionMode } from '../../../common/live.ts';
import { dismissProblem, leaveSupervision, pending, supervise, supervising, supervisionProblem } from './supervise.ts';
import './supervise.css';

const MODE_WORDS: Record<SupervisionMode, { button: string; now: string }> = {
  listen: { button: 'Listen', now: 'Listening to' },
  whisper: { button: 'Whisper', now: 'Whispering to the agent on' },
  barge: { button: 'Barge', now: 'Talking with both on' },
};

const HINTS: Record<SupervisionMode, string> = {
  listen: 'Nobody hears you.',
  whisper: 'Only the agent hears you.',
  barge: 'The agent and the caller hear you.',
};

export function SupervisingBar(): JSX.Element {
  return (
    <>
      <Show when={supervising() ?? pending()}>
        {(s) => (
          <section class="supervising-bar" aria-label="Supervising a call" data-testid="supervising-bar" data-mode={supervising()?.mode ?? 'ringing'}>
            <p class="supervising-what" role="status">
              <Show when={supervising()} fallback={<>Ringing your phone to join extension {s().extension}'s call…</>}>
                {(now) => (
                  <>
                    <strong>{MODE_WORDS[now().mode].now} extension {now().extension}'s call.</strong> <span class="muted">{HINTS[now().mode]}</span>
                  </>
                )}
              </Show>
            </p>
            <Show when={!supervising()}>
              <button type="button" class="button button-secondary supervise-leave" data-testid="supervise-cancel" onClick={() => void leaveSupervision()}>
                Cancel
              </button>
            </Show>
            <Show when={supervising()}>
              {(now) => (
                <div class="supervising-modes" role="group" aria-label="Mode">
                  <For each={SUPERVISION_MODES}>
                    {(mode) => (
                      <button
                        type="button"
                        class="button button-secondary"
                        classList={{ pressed: now().mode === mode }}
                        aria-pressed={now().mode === mode}
                        disabled={!!pending()}
                        data-testid={`supervise-${mode}`}
                        onClick={() => void supervise(now().extension, mode)}
                      >
                        {MODE_WORDS[mode].button}
                      </button>
                    )}
                  </For>
                  <button type="button" class="button button-secondary supervise-leave" data-testid="supervise-leave" onClick={() => void leaveSupervision()}>
                    Leave
                  </button>
                </div>
              )}
            </Show>
          </section>
        )}
      </Show>
      <Show when={supervisionProblem()}>
        {(problem) => (
          <div class="banner banner-warning supervising-problem" role="alert" data-testid="supervise-problem">
            <span>{problem()}</span>
            <button type="button" class="button button-ghost" onClick={dismissProblem}>
              Dismiss
            </button>
          </div>
        )}
      </Show>
    </>
  );
}
