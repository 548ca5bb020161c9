// The call in progress: who, how long, and what can be done with it.
import { createSignal, Match, onCleanup, onMount, Show, Switch, type JSX } from 'solid-js';
import { live } from '../live/store.ts';
import type { Call } from './machine.ts';
import { formatCallTime, queueOfCall } from './numbers.ts';
import { Keypad } from './Keypad.tsx';
import { activeSettings, answer, hangup, reject, sendTone, toggleHold, toggleMute, transfer } from './phone.ts';

const STATUS = { incoming: 'Incoming call', calling: 'Calling…', ringing: 'Ringing…', connected: 'Connected' } as const;

export function CallView(props: { call: Call }): JSX.Element {
  const [now, setNow] = createSignal(Date.now());
  const [panel, setPanel] = createSignal<'none' | 'keypad' | 'transfer'>('none');
  const [target, setTarget] = createSignal('');
  const [transferError, setTransferError] = createSignal<string | null>(null);
  const timer = setInterval(() => setNow(Date.now()), 500);
  onCleanup(() => clearInterval(timer));

  // The PBX names the queue while it offers one of its callers to this agent.
  const queue = () => {
    const ext = activeSettings()?.extension;
    return props.call.direction === 'inbound' && ext ? queueOfCall(live.extensions[ext]?.agent?.call, props.call.number) : null;
  };

  let firstButton: HTMLButtonElement | undefined;
  onMount(() => props.call.direction === 'outbound' && firstButton?.focus());

  return (
    <div class="sp-call-view" data-testid="softphone-call" data-status={props.call.status}>
      <div class="sp-peer">
        <span class="sp-call-status">{props.call.held ? 'On hold' : STATUS[props.call.status]}</span>
        <Show when={queue()}>
          {(name) => (
            <span class="pill" data-testid="softphone-queue">
              Queue {name()}
            </span>
          )}
        </Show>
        <strong class="sp-peer-name" data-testid="softphone-peer">
          {props.call.name ?? props.call.number}
        </strong>
        <Show when={props.call.name}>
          <span class="mono sp-peer-number">{props.call.number}</span>
        </Show>
        <Show when={props.call.answeredAt}>
          {(at) => (
            <span class="mono sp-timer" data-testid="softphone-timer" aria-label="Call time">
              {formatCallTime(now() - at())}
            </span>
          )}
        </Show>
      </div>

      <Switch>
        <Match when={props.call.status === 'incoming'}>
          <div class="sp-row sp-answer-row">
            <button type="button" class="button sp-call" onClick={() => answer()}>
              Answer
            </button>
            <button type="button" class="button sp-hangup" onClick={() => reject()}>
              Reject
            </button>
          </div>
        </Match>
        <Match when={props.call.status !== 'connected'}>
          <div class="sp-row">
            <button ref={firstButton} type="button" class="button sp-hangup" onClick={() => hangup()}>
              Hang up
            </button>
          </div>
        </Match>
        <Match when={props.call.status === 'connected'}>
          <div class="sp-controls">
            <button type="button" class="button button-secondary" aria-pressed={props.call.muted} onClick={() => toggleMute()}>
              {props.call.muted ? 'Unmute' : 'Mute'}
            </button>
            <button type="button" class="button button-secondary" aria-pressed={props.call.held} onClick={() => toggleHold()}>
              {props.call.held ? 'Resume' : 'Hold'}
            </button>
            <button
              type="button"
              class="button button-secondary"
              aria-expanded={panel() === 'keypad'}
              onClick={() => setPanel((p) => (p === 'keypad' ? 'none' : 'keypad'))}
            >
              Keypad
            </button>
            <button
              type="button"
              class="button button-secondary"
              aria-expanded={panel() === 'transfer'}
              onClick={() => setPanel((p) => (p === 'transfer' ? 'none' : 'transfer'))}
            >
              Transfer
            </button>
          </div>
          <Show when={panel() === 'keypad'}>
            <Keypad label="Send tones" onKey={(key) => sendTone(key)} />
            <p class="muted mono sp-tones" data-testid="softphone-tones" aria-live="polite">
              {props.call.tones ? `Sent: ${props.call.tones}` : 'Tones you press are sent to the other side.'}
            </p>
          </Show>
          <Show when={panel() === 'transfer'}>
            <form
              class="sp-transfer"
              aria-label="Blind transfer"
              onSubmit={(e) => {
                e.preventDefault();
                setTransferError(transfer(target()));
              }}
            >
              <div class="field">
                <label for="sp-transfer-to">Transfer to extension</label>
                <input
                  id="sp-transfer-to"
                  type="text"
                  inputmode="tel"
                  autocomplete="off"
                  value={target()}
                  ref={(el) => queueMicrotask(() => el.focus())}
                  onInput={(e) => setTarget(e.currentTarget.value)}
                />
              </div>
              <button type="submit" class="button button-primary" disabled={!!props.call.transferTo}>
                {props.call.transferTo ? `Transferring to ${props.call.transferTo}…` : 'Transfer'}
              </button>
            </form>
            <Show when={transferError() ?? props.call.transferError}>
              {(error) => (
                <p class="sp-field-error" role="alert">
                  {error()}
                </p>
              )}
            </Show>
          </Show>
          <div class="sp-row">
            <button type="button" class="button sp-hangup" onClick={() => hangup()}>
              Hang up
            </button>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
