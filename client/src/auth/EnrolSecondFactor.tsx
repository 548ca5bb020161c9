// Setting up two-step sign-in: a new key from the server (shown here once),
// to type into an authenticator app or open as an otpauth:// link, then the
// app's code to prove it took the key. Used on My Account and, where the
// organisation requires it, in the middle of signing in. No QR code: no QR
// library is part of the app, so the key is shown as text to copy.
import { createResource, createSignal, onMount, Show, type JSX } from 'solid-js';
import type { SecondFactorEnrolment } from '../../../common/second-factor.ts';
import { failureMessage } from '../api.ts';
import './second-factor.css';

/** The key in groups of four, as apps that ask for a "setup key" show it. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export function EnrolSecondFactor(props: {
  start: () => Promise<SecondFactorEnrolment>;
  /** Throws ApiFailure when the code is refused. */
  confirm: (code: string) => Promise<void>;
  onCancel?: () => void;
}): JSX.Element {
  const [enrolment] = createResource(() => props.start());
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [copied, setCopied] = createSignal<string | null>(null);
  let codeInput!: HTMLInputElement;
  let heading!: HTMLHeadingElement;
  onMount(() => heading.focus());

  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied.`);
    } catch {
      setCopied('Copying is not allowed here: select the text and copy it by hand.');
    }
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const code = codeInput.value.replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) {
      setError('Enter the 6-digit code your app shows for Switchboard.');
      codeInput.focus();
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await props.confirm(code);
    } catch (err) {
      setError(failureMessage(err));
      codeInput.value = '';
      codeInput.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="second-factor-enrol" data-testid="second-factor-enrol">
      <h2 ref={heading} tabindex="-1" class="card-title">
        Set up two-step sign-in
      </h2>
      <Show
        when={!enrolment.error}
        fallback={
          <>
            <p class="callout callout-error" role="alert">
              {failureMessage(enrolment.error)}
            </p>
            <CancelButton onCancel={props.onCancel} />
          </>
        }
      >
        <Show when={enrolment()} fallback={<p role="status">Making a key…</p>}>
          {(e) => (
            <>
              <ol class="second-factor-steps">
                <li>
                  In an authenticator app on your phone (Google or Microsoft Authenticator, 1Password, FreeOTP, …) add an account with a{' '}
                  <strong>setup key</strong>, and type this key (time-based, 6 digits):
                  <p>
                    <code class="mono second-factor-key" data-testid="second-factor-secret">
                      {grouped(e().secret)}
                    </code>{' '}
                    <button type="button" class="button button-ghost" onClick={() => void copy(e().secret, 'Key')}>
                      Copy key
                    </button>
                  </p>
                  <p class="small">
                    Or, on the phone, open the <a href={e().uri}>setup link</a>{' '}
                    <button type="button" class="button button-ghost" onClick={() => void copy(e().uri, 'Link')}>
                      Copy link
                    </button>
                  </p>
                  <p class="small">This key is shown only now. Nobody at your organisation will ever ask you for it.</p>
                </li>
                <li>Enter the code the app now shows for Switchboard.</li>
              </ol>
              <span role="status" class="small">
                {copied()}
              </span>
              <div role="alert" class="alert-region">
                <Show when={error()}>
                  {(message) => (
                    <div id="enrol-error" class="callout callout-error" data-testid="enrol-error">
                      {message()}
                    </div>
                  )}
                </Show>
              </div>
              <form class="form" onSubmit={(ev) => void submit(ev)} noValidate aria-busy={busy()}>
                <div class="field">
                  <label for="enrol-code">Code from the app</label>
                  <input
                    ref={codeInput}
                    id="enrol-code"
                    name="code"
                    type="text"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    maxlength="7"
                    spellcheck={false}
                    aria-invalid={error() !== null}
                    aria-describedby={error() ? 'enrol-error' : undefined}
                  />
                </div>
                <div class="form-actions">
                  <button type="submit" class="button button-primary" aria-disabled={busy()} data-testid="enrol-confirm">
                    {busy() ? 'Checking…' : 'Turn on two-step sign-in'}
                  </button>
                  <CancelButton onCancel={props.onCancel} />
                </div>
              </form>
            </>
          )}
        </Show>
      </Show>
    </div>
  );
}

function CancelButton(props: { onCancel: (() => void) | undefined }): JSX.Element {
  return (
    <Show when={props.onCancel}>
      {(cancel) => (
        <button type="button" class="button button-ghost" onClick={() => cancel()()}>
          Cancel
        </button>
      )}
    </Show>
  );
}
