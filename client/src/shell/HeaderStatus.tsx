// The small live read-outs in the header: connection status, registration
// light(s) for the user's extension(s), and the credit balance. The
// connection status is not a live region: the shell's announcer says when it
// is lost and back (access/watch.ts), once each.
import { createUniqueId, For, Show, type JSX } from 'solid-js';
import { formatMoney, isBelow, isNegativeAmount } from '../format.ts';
import { connectionStatus, live, liveReady } from '../live/store.ts';

const STATUS_TEXT = {
  idle: 'Offline',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
} as const;

export function ConnectionIndicator(): JSX.Element {
  return (
    <span
      class="connection"
      data-state={connectionStatus()}
      data-testid="connection-status"
      title={connectionStatus() === 'live' ? 'Live updates are flowing' : 'Waiting for live updates'}
    >
      <span class="connection-dot" aria-hidden="true" />
      <span class="connection-text">{STATUS_TEXT[connectionStatus()]}</span>
    </span>
  );
}

export function CreditBalance(): JSX.Element {
  return (
    <div class="credit" data-testid="header-credit">
      <span class="credit-label">Credit</span>{' '}
      <Show when={live.tenant} fallback={<span class="skeleton skeleton-text" aria-label="Loading credit" />}>
        {(tenant) => (
          <>
            <span class="credit-value" classList={{ negative: isNegativeAmount(tenant().credit) }}>
              {formatMoney(tenant().credit, tenant().currency)}
            </span>
            <Show when={isBelow(tenant().credit, tenant().lowCreditThreshold)}>
              <span class="credit-low" role="status" data-testid="low-credit" title={`Your balance is below ${formatMoney(tenant().lowCreditThreshold!, tenant().currency)}. Top up to keep calling out.`}>
                Low credit
              </span>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}

export function RegistrationLights(props: { extensions: string[] }): JSX.Element {
  return (
    <div class="registrations">
      <Show when={props.extensions.length > 0} fallback={<span class="header-pill reg-light" data-state="none">No extension</span>}>
        <For each={props.extensions}>
          {(number) => <RegistrationLight number={number} showNumber={props.extensions.length > 1} />}
        </For>
      </Show>
    </div>
  );
}

function RegistrationLight(props: { number: string; showNumber: boolean }): JSX.Element {
  const tipId = createUniqueId();
  const devices = () => live.extensions[props.number]?.devices ?? [];
  const registered = () => devices().length > 0;
  const state = () => (!liveReady() ? 'unknown' : registered() ? 'registered' : 'unregistered');
  const tip = () => {
    if (!liveReady()) return `Extension ${props.number}: waiting for live state`;
    if (!registered()) return `Extension ${props.number}: no device registered`;
    const agents = devices().map((d) => d.userAgent || 'Unknown SIP client');
    return `Extension ${props.number} — ${agents.length} device${agents.length === 1 ? '' : 's'}: ${agents.join(', ')}`;
  };
  return (
    <span
      class="header-pill reg-light"
      data-state={state()}
      data-testid="registration-light"
      data-extension={props.number}
      tabindex="0"
      aria-describedby={tipId}
    >
      <span class="reg-dot" aria-hidden="true" />
      <Show when={props.showNumber}>
        <span class="reg-number">{props.number}</span>
      </Show>
      <span class="reg-text">{state() === 'registered' ? 'Registered' : state() === 'unknown' ? 'Checking…' : 'Not registered'}</span>
      <span class="tooltip" role="tooltip" id={tipId}>
        {tip()}
      </span>
    </span>
  );
}
