// "Are you sure?" for what cannot be undone, as a modal <dialog>: the browser
// keeps the keyboard inside it and Escape cancels. It opens on Cancel (a slip
// of Enter must not do the dangerous thing) or on the reason field, runs the
// action itself, shows its failure in place, and gives the keyboard back to
// the button that opened it (or the page heading, if that button is gone).
import { createEffect, createSignal, createUniqueId, For, on, Show, type JSX } from 'solid-js';
import { reason as reasonSchema } from '../../../common/admin.ts';
import { failureMessage } from '../api.ts';
import { problem } from './check.ts';

export interface ConfirmRequest {
  title: string;
  /** What will happen, in a sentence. */
  body: string;
  /** Consequences worth a list of their own. */
  details?: string[];
  confirmLabel: string;
  /** The button's words while the action runs ("Removing…"). */
  busyLabel: string;
  danger?: boolean;
  /** Ask for a reason (required); it is passed to the action. */
  reason?: { label: string; hint?: string };
  /** Runs on confirm; a failure is shown in the dialog, which stays open. */
  action: (reason: string) => Promise<void>;
}

export function ConfirmDialog(props: { request: ConfirmRequest | null; onClose: () => void }): JSX.Element {
  const id = createUniqueId();
  let dialog!: HTMLDialogElement;
  let cancel!: HTMLButtonElement;
  let reasonField: HTMLTextAreaElement | undefined;
  let opener: HTMLElement | null = null;
  // The last request stays rendered while the dialog closes.
  const [shown, setShown] = createSignal<ConfirmRequest | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [reason, setReason] = createSignal('');

  createEffect(
    on(
      () => props.request,
      (request) => {
        if (request) {
          setShown(request);
          setBusy(false);
          setError(null);
          setReason('');
          if (!dialog.open) {
            opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
            dialog.showModal();
          }
          queueMicrotask(() => (request.reason && reasonField ? reasonField : cancel).focus());
        } else if (dialog.open) {
          dialog.close();
        }
      },
    ),
  );

  const close = () => {
    if (!busy()) props.onClose();
  };

  const restoreFocus = () => {
    const target = opener?.isConnected ? opener : document.querySelector<HTMLElement>('#main h1');
    opener = null;
    target?.focus();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const request = shown();
    if (!request || busy()) return;
    const why = reason().trim();
    if (request.reason) {
      const wrong = problem(reasonSchema, why);
      if (wrong) {
        setError(wrong);
        reasonField?.focus();
        return;
      }
    }
    setBusy(true);
    setError(null);
    try {
      await request.action(why);
      setBusy(false);
      props.onClose();
    } catch (err) {
      setBusy(false);
      setError(failureMessage(err));
    }
  };

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid="confirm-dialog"
      onCancel={(e) => {
        // Escape: the page decides (the request goes), unless the action is running.
        e.preventDefault();
        close();
      }}
      onClose={() => {
        restoreFocus();
        // Closed by the browser itself (it may refuse a second preventDefault of Escape): tell the page too.
        if (props.request && !busy()) props.onClose();
      }}
    >
      <form class="form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()}>
        <h2 id={`${id}-title`} class="dialog-title">
          {shown()?.title}
        </h2>
        <div id={`${id}-body`} class="dialog-body">
          <p>{shown()?.body}</p>
          <Show when={shown()?.details}>
            {(details) => (
              <ul class="dialog-details">
                <For each={details()}>{(line) => <li>{line}</li>}</For>
              </ul>
            )}
          </Show>
        </div>
        <Show when={shown()?.reason}>
          {(field) => (
            <div class="field">
              <label for={`${id}-reason`}>{field().label}</label>
              <textarea
                ref={reasonField}
                id={`${id}-reason`}
                rows="3"
                value={reason()}
                aria-describedby={field().hint ? `${id}-reason-hint` : undefined}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
              <Show when={field().hint}>
                <span id={`${id}-reason-hint`} class="hint">
                  {field().hint}
                </span>
              </Show>
            </div>
          )}
        </Show>
        <div role="alert">
          <Show when={error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
        </div>
        <div class="form-actions dialog-actions">
          <button ref={cancel} type="button" class="button button-secondary" onClick={close}>
            Cancel
          </button>
          <button type="submit" class="button" classList={{ 'button-danger': !!shown()?.danger, 'button-primary': !shown()?.danger }} aria-busy={busy()}>
            {busy() ? shown()?.busyLabel : shown()?.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
