// The floating softphone panel. It lives beside the router outlet, so it is
// never unmounted by navigation; closing it only hides it. The phone itself
// (client/src/softphone/, with JsSIP) is its own chunk, loaded on first open.
import { createEffect, createSignal, lazy, on, Show, Suspense, type JSX } from 'solid-js';
import { softphoneOpenRequests } from '../softphone/account.ts';
import { ringRequests } from '../softphone/open.ts';
import { Icon } from './Icon.tsx';

const Softphone = lazy(() => import('../softphone/softphone.tsx'));

export function SoftphonePanel(props: { open: boolean; onClose: () => void; onOpen: () => void }): JSX.Element {
  let closeButton!: HTMLButtonElement;
  const [loaded, setLoaded] = createSignal(false);
  // An incoming call opens the panel without taking the keyboard from the user.
  let quietOpen = false;
  createEffect(() => props.open && setLoaded(true));
  // My Account's "Use in softphone" opens it like the header button.
  createEffect(on(softphoneOpenRequests, () => props.onOpen(), { defer: true }));
  createEffect(
    on(
      ringRequests,
      () => {
        quietOpen = !props.open;
        props.onOpen();
      },
      { defer: true },
    ),
  );
  createEffect(
    on(
      () => props.open,
      (open) => {
        if (open && !quietOpen) queueMicrotask(() => closeButton.focus());
        quietOpen = false;
      },
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
      <Show when={loaded()}>
        <Suspense fallback={<div class="softphone-body" role="status">Loading the softphone…</div>}>
          <Softphone />
        </Suspense>
      </Show>
    </section>
  );
}
