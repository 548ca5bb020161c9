// "Resume call with …": the calls the PBX holds for this extension since its
// softphone went away mid-call (resume.ts). Shown once the phone is
// registered again and free; the newest offer's Resume takes the keyboard
// and is announced. It goes when its time runs out, when another tab took
// the call (the live state drops it) or when dismissed here.
import { createEffect, createSignal, For, on, onCleanup, Show, type JSX } from 'solid-js';
import { announce } from '../access/announce.ts';
import { live } from '../live/store.ts';
import { activeSettings, phone, resumeCall } from './phone.ts';
import { openOffers, partyOf, secondsLeft } from './resume.ts';

export function ResumeOffer(): JSX.Element {
  const [now, setNow] = createSignal(Date.now());
  const [dismissed, setDismissed] = createSignal<ReadonlySet<string>>(new Set());
  const [error, setError] = createSignal<string | null>(null);
  const tick = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(tick));

  const offers = () => {
    const extension = activeSettings()?.extension;
    if (!extension || phone.registration.status !== 'registered' || phone.call) return [];
    return openOffers(live.extensions[extension]?.resumable, now(), dismissed());
  };
  let first: HTMLButtonElement | undefined;
  // A new offer: say it, and put the keyboard on its Resume.
  createEffect(
    on(
      () => offers()[0]?.uuid,
      (uuid) => {
        const call = offers()[0];
        if (!uuid || !call) return;
        announce(`Your call with ${partyOf(call)} is on hold: press Resume to take it back.`, 'assertive');
        queueMicrotask(() => first?.focus());
      },
    ),
  );

  return (
    <Show when={offers().length > 0}>
      <section class="sp-resume" aria-label="Calls to resume" data-testid="softphone-resume">
        <For each={offers()}>
          {(call, i) => (
            <div class="sp-resume-call">
              <p>
                <strong>Resume call with {partyOf(call)}</strong>
                <span class="sp-resume-left">
                  {' '}
                  — held for you, {secondsLeft(call, now())} s left
                </span>
              </p>
              <div class="sp-row">
                <button
                  type="button"
                  class="button sp-call"
                  ref={(el) => i() === 0 && (first = el)}
                  onClick={() => setError(resumeCall(call))}
                >
                  Resume
                </button>
                <button
                  type="button"
                  class="button button-secondary"
                  aria-label={`Dismiss the call with ${partyOf(call)}`}
                  onClick={() => setDismissed((d) => new Set([...d, call.uuid]))}
                >
                  Dismiss
                </button>
              </div>
            </div>
          )}
        </For>
        <Show when={error()}>
          <p class="sp-field-error" role="alert">
            {error()}
          </p>
        </Show>
      </section>
    </Show>
  );
}
