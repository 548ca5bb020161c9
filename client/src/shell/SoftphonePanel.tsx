// The floating softphone panel. It lives beside the router outlet, so it is
// never unmounted by navigation; closing it only hides it. The real phone
// (JsSIP) comes later; for now it says what it will do.
import { createEffect, on, type JSX } from 'solid-js';
import { Icon } from './Icon.tsx';

export function SoftphonePanel(props: { open: boolean; onClose: () => void }): JSX.Element {
  let closeButton!: HTMLButtonElement;
  createEffect(
    on(
      () => props.open,
      (open) => open && queueMicrotask(() => closeButton.focus()),
      { defer: true },
    ),
  );
  return (
    <section
      id="softphone-panel"
      class="softphone"
      role="dialog"
      aria-modal="false"
      aria-labelledby="softphone-title"
      hidden={!props.open}
      data-testid="softphone-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          props.onClose();
        }
      }}
    >
      <div class="softphone-head">
        <h2 id="softphone-title">
          <Icon name="phone" size={16} />
          Softphone
        </h2>
        <button ref={closeButton} type="button" class="icon-button" aria-label="Close softphone" onClick={() => props.onClose()}>
          <Icon name="close" />
        </button>
      </div>
      <div class="softphone-body">
        <p class="pill">Coming soon</p>
        <p>
          <strong>The softphone is on its way.</strong>
        </p>
        <p class="muted">
          You will make and take calls right here, from any page and without a plugin: dial an extension or number,
          answer or reject incoming calls, mute, hold, send DTMF and transfer.
        </p>
      </div>
    </section>
  );
}
