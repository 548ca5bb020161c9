// The second line during an attended transfer: the call waiting on hold
// (who, how long) and what can be done with the two calls — Swap, Complete
// transfer, Merge into a three-way call, Cancel. A button shows only when its step makes sense, and all
// are disabled while FreeSWITCH is carrying out a completion.
import { createSignal, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { attendedActions, consultationCall, originalCall } from './attended.ts';
import type { Call } from './machine.ts';
import { formatCallTime } from './numbers.ts';
import { cancelConsultation, completeTransfer, mergeCalls, phone, swapCalls } from './phone.ts';

const who = (call: Call) => (call.name ? `${call.name} (${call.number})` : call.number);

export function AttendedTransfer(props: { other: Call }): JSX.Element {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 500);
  onCleanup(() => clearInterval(timer));
  const actions = () => attendedActions(phone);
  const consultation = () => consultationCall(phone);
  const original = () => originalCall(phone);
  // Consult was pressed in the Transfer form, which closes: the keyboard goes on here instead of to the page's start.
  let cancel: HTMLButtonElement | undefined;
  onMount(() => queueMicrotask(() => (document.activeElement === document.body || !document.activeElement) && cancel?.focus()));

  return (
    <section class="sp-attended" aria-label="Attended transfer" data-testid="softphone-attended">
      <div class="sp-other" data-testid="softphone-other">
        <span class="sp-call-status">{props.other.held ? 'On hold' : 'Waiting'}</span>
        <strong class="sp-other-name" data-testid="softphone-other-peer">
          {who(props.other)}
        </strong>
        <Show when={props.other.answeredAt}>
          {(at) => (
            <span class="mono" aria-label="Call time on hold">
              {formatCallTime(now() - at())}
            </span>
          )}
        </Show>
      </div>
      <p class="muted sp-hint" data-testid="softphone-attended-hint">
        <Show when={phone.completing} fallback={<>Consulting {consultation() ? who(consultation()!) : ''} for {original() ? who(original()!) : ''}.</>}>
          Connecting {original() ? who(original()!) : ''} to {consultation() ? who(consultation()!) : ''}…
        </Show>
      </p>
      <div class="sp-row">
        <Show when={actions().swap}>
          <button type="button" class="button button-secondary" onClick={() => swapCalls()}>
            Swap
          </button>
        </Show>
        <Show when={actions().complete || phone.completing}>
          <button type="button" class="button button-primary" disabled={phone.completing} onClick={() => completeTransfer()}>
            {phone.completing ? 'Completing…' : 'Complete transfer'}
          </button>
        </Show>
        <Show when={actions().merge}>
          <button type="button" class="button button-secondary" onClick={() => mergeCalls()}>
            Merge (three-way)
          </button>
        </Show>
        <Show when={actions().cancel}>
          <button ref={cancel} type="button" class="button button-secondary" onClick={() => cancelConsultation()}>
            Cancel transfer
          </button>
        </Show>
      </div>
    </section>
  );
}
