// The call in progress: who, how long, and what can be done with it.
import { createSignal, Match, onCleanup, onMount, Show, Switch, type JSX } from 'solid-js';
import { onCommand } from '../access/commands.ts';
import { live } from '../live/store.ts';
import type { Call } from './machine.ts';
import { formatCallTime, queueOfCall } from './numbers.ts';
import { Keypad } from './Keypad.tsx';
import { openForIncomingCall } from './open.ts';
import { ColleaguesPanel } from '../colleagues/ColleaguesPanel.tsx';
import { activeSettings, answer, consult, hangup, phone, reject, sendTone, toggleHold, toggleMute, transfer } from './phone.ts';
import { AttendedTransfer } from './AttendedTransfer.tsx';
import { CallQuality } from './quality/CallQuality.tsx';

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
  let transferField: HTMLInputElement | undefined;
  onMount(() => props.call.direction === 'outbound' && firstButton?.focus());

  // The transfer shortcut: the panel up, the transfer field open and focused.
  onCleanup(
    onCommand('transfer', () => {
      // Two calls: the attended-transfer buttons are the way on, not a new transfer.
      if (props.call.status !== 'connected' || phone.other) return false;
      openForIncomingCall();
      if (panel() === 'transfer') transferField?.focus();
      else setPanel('transfer');
      return true;
    }),
  );

  return (
    <div class="sp-call-view" data-testid="softphone-call" data-status={props.call.status}>
      <Show when={phone.other}>{(other) => <AttendedTransfer other={other()} />}</Show>
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
            <button type="button" class="button sp-call" data-action="answer" onClick={() => answer()}>
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
            <Show when={!phone.other}>
              <button
                type="button"
                class="button button-secondary"
                aria-expanded={panel() === 'transfer'}
                onClick={() => setPanel((p) => (p === 'transfer' ? 'none' : 'transfer'))}
              >
                Transfer
              </button>
            </Show>
          </div>
          <Show when={panel() === 'keypad'}>
            <Keypad label="Send tones" onKey={(key) => sendTone(key)} />
            <p class="muted mono sp-tones" data-testid="softphone-tones" aria-live="polite">
              {props.call.tones ? `Sent: ${props.call.tones}` : 'Tones you press are sent to the other side.'}
            </p>
          </Show>
          <Show when={panel() === 'transfer' && !phone.other}>
            <form
              class="sp-transfer"
              aria-label="Transfer"
              onSubmit={(e) => {
                e.preventDefault();
                // Enter, or the Transfer button: blind; the Consult button: attended (hold, call, talk first).
                const attended = (e.submitter as HTMLElement | null)?.dataset.kind === 'consult';
                const error = attended ? consult(target()) : transfer(target());
                setTransferError(error);
                if (attended && !error) setPanel('none');
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
                  ref={(el) => {
                    transferField = el;
                    queueMicrotask(() => el.focus());
                  }}
                  onInput={(e) => setTarget(e.currentTarget.value)}
                />
              </div>
              <div class="sp-row">
                <button type="submit" class="button button-primary" disabled={!!props.call.transferTo}>
                  {props.call.transferTo ? `Transferring to ${props.call.transferTo}…` : 'Transfer'}
                </button>
                <button type="submit" class="button button-secondary" data-kind="consult" disabled={!!props.call.transferTo}>
                  Consult first
                </button>
              </div>
            </form>
            <Show when={transferError() ?? props.call.transferError}>
              {(error) => (
                <p class="sp-field-error" role="alert">
                  {error()}
                </p>
              )}
            </Show>
            <ColleaguesPanel idPrefix="sp-transfer" />
          </Show>
          <CallQuality call={props.call} />
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
