// A settings form over values the server holds: it shows them until the
// person edits (then their draft, which changes made elsewhere do not
// overwrite), checks the body with the server's own schema before sending,
// and ends in one row of Save, Discard changes and "Saved.".
import { createSignal, Show, type JSX } from 'solid-js';
import { failureMessage } from '../api.ts';

export function createDraftForm<D>(fromServer: () => D) {
  /** Unsaved changes; null: show what the server says now. */
  const [draft, setDraft] = createSignal<D | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal('');
  const current = () => draft() ?? fromServer();
  return {
    current,
    busy,
    error,
    saved,
    edited: () => draft() !== null,
    edit(patch: Partial<D>) {
      setSaved('');
      setDraft(() => ({ ...current(), ...patch }));
    },
    discard() {
      setDraft(null);
      setError(null);
    },
    /**
     * Sends the draft: `check` names the first problem (nothing is sent),
     * `send` saves it; its failure is shown in the server's words.
     */
    async save(check: (d: D) => string | null, send: (d: D) => Promise<void>) {
      if (busy()) return;
      const d = current();
      const wrong = check(d);
      if (wrong) return void setError(wrong);
      setError(null);
      setBusy(true);
      try {
        await send(d);
        setDraft(null);
        setSaved('Saved.');
      } catch (err) {
        setError(failureMessage(err));
      } finally {
        setBusy(false);
      }
    },
  };
}

export type DraftForm<D> = ReturnType<typeof createDraftForm<D>>;

/** The form's last row: its error, Save, Discard changes while edited, and "Saved.". */
export function DraftActions<D>(props: { form: DraftForm<D> }): JSX.Element {
  return (
    <>
      <div role="alert">
        <Show when={props.form.error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-busy={props.form.busy()}>
          {props.form.busy() ? 'Saving…' : 'Save'}
        </button>
        <Show when={props.form.edited()}>
          <button type="button" class="button button-ghost" onClick={() => props.form.discard()}>
            Discard changes
          </button>
        </Show>
        <span role="status" class="form-ok">
          {props.form.saved()}
        </span>
      </div>
    </>
  );
}
