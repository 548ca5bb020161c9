// The box's PIN: what a caller from another phone enters to reach it (the
// extension's own phones need none). Checked here with the schema the
// server checks it with, then saved in our directory and in mod_voicemail.
import { createSignal, createUniqueId, Show, type JSX } from 'solid-js';
import { voicemailPinRequest } from '../../../common/voicemail.ts';
import { problem } from '../admin/check.ts';
import { failureMessage } from '../api.ts';
import { setPin } from './api.ts';

export function PinForm(props: { extension: string; hasPin: boolean; onSaved?: () => void }): JSX.Element {
  const id = createUniqueId();
  const [pin, setPinText] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal<string | null>(null);
  let pinField!: HTMLInputElement;
  let repeatField!: HTMLInputElement;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setSaved(null);
    const wrong = problem(voicemailPinRequest, { pin: pin() });
    if (wrong) {
      setError(wrong);
      pinField.focus();
      return;
    }
    if (pin().trim() !== repeat().trim()) {
      setError('The two PINs differ. Type the same PIN twice.');
      repeatField.focus();
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await setPin(props.extension, pin().trim());
      setPinText('');
      setRepeat('');
      setSaved('Saved. Use the new PIN from now on.');
      props.onSaved?.();
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form vm-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} data-testid={`vm-pin-${props.extension}`}>
      <h3 class="vm-form-title" id={`${id}-title`}>
        Voicemail PIN
      </h3>
      <p class="muted small" id={`${id}-hint`}>
        {props.hasPin ? 'A PIN is set.' : 'No PIN is set.'} Callers reaching your mailbox from another phone enter it; your own phones need none (*97).
      </p>
      <div class="field">
        <label for={`${id}-pin`}>New PIN</label>
        <input
          ref={pinField}
          id={`${id}-pin`}
          type="password"
          inputmode="numeric"
          autocomplete="new-password"
          maxlength="10"
          value={pin()}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={`${id}-hint ${id}-rule`}
          onInput={(e) => setPinText(e.currentTarget.value)}
        />
        <span class="hint muted small" id={`${id}-rule`}>
          4 to 10 digits.
        </span>
      </div>
      <div class="field">
        <label for={`${id}-repeat`}>Repeat the PIN</label>
        <input
          ref={repeatField}
          id={`${id}-repeat`}
          type="password"
          inputmode="numeric"
          autocomplete="new-password"
          maxlength="10"
          value={repeat()}
          onInput={(e) => setRepeat(e.currentTarget.value)}
        />
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-busy={busy()}>
          {busy() ? 'Saving…' : 'Set PIN'}
        </button>
        <span role="status" class="form-ok">
          {saved()}
        </span>
      </div>
      <div role="alert">
        <Show when={error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
      </div>
    </form>
  );
}
