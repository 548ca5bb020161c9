// The sign-in page after a right password: the code from the authenticator
// app (or a recovery code), or, where the organisation requires two-step
// sign-in and the user has none yet, setting it up first. A sign-in that is
// gone (too many wrong codes, expired, the account locked meanwhile) goes
// back to the password with the server's reason.
import { createSignal, onMount, Show, type JSX } from 'solid-js';
import type { EnrolledSignIn, SecondFactorEnrolment } from '../../../common/second-factor.ts';
import { ApiFailure, failureMessage, postJson } from '../api.ts';
import { finishSignIn, signInWithCode } from '../session.ts';
import { EnrolSecondFactor } from './EnrolSecondFactor.tsx';
import { RecoveryCodesShown } from './RecoveryCodesShown.tsx';

/** Answers that end the pending sign-in: 410 gone or void, 423 locked, 403 disabled or suspended. */
const endsSignIn = (err: unknown): err is ApiFailure => err instanceof ApiFailure && [403, 410, 423].includes(err.status);

export function SignInCode(props: { onRestart: (message: string | null) => void }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let input!: HTMLInputElement;
  onMount(() => input.focus());

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const code = input.value.trim();
    if (!code) {
      setError('Enter the 6-digit code from your authenticator app, or a recovery code.');
      input.focus();
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await signInWithCode(code);
      // Signed in: the sign-in page moves on to the next page.
    } catch (err) {
      setBusy(false);
      if (endsSignIn(err)) return props.onRestart(err.message);
      setError(failureMessage(err));
      input.value = '';
      input.focus();
    }
  };

  return (
    <form class="form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} aria-labelledby="sign-in-code-title" data-testid="sign-in-code">
      <h2 id="sign-in-code-title" class="card-title">
        Two-step sign-in
      </h2>
      <p id="sign-in-code-hint" class="small">
        Enter the 6-digit code your authenticator app shows for Switchboard. Lost your phone? Enter one of your recovery codes instead.
      </p>
      <div role="alert" class="alert-region">
        <Show when={error()}>
          {(message) => (
            <div id="sign-in-code-error" class="callout callout-error" data-testid="sign-in-code-error">
              {message()}
            </div>
          )}
        </Show>
      </div>
      <div class="field">
        <label for="sign-in-code">Code</label>
        <input
          ref={input}
          id="sign-in-code"
          name="code"
          type="text"
          autocomplete="one-time-code"
          autocapitalize="none"
          spellcheck={false}
          maxlength="32"
          required
          aria-invalid={error() !== null}
          aria-describedby={error() ? 'sign-in-code-error sign-in-code-hint' : 'sign-in-code-hint'}
        />
      </div>
      <button type="submit" class="button button-primary button-block" aria-disabled={busy()} data-testid="sign-in-code-submit">
        {busy() ? 'Checking…' : 'Sign in'}
      </button>
      <button type="button" class="button button-ghost button-block" onClick={() => props.onRestart(null)}>
        Start again
      </button>
    </form>
  );
}

export function SignInEnrol(props: { onRestart: (message: string | null) => void }): JSX.Element {
  const [enrolled, setEnrolled] = createSignal<EnrolledSignIn | null>(null);
  const confirm = async (code: string) => {
    try {
      setEnrolled(await postJson<EnrolledSignIn>('/api/auth/second-factor/enrol/confirm', { code }));
    } catch (err) {
      if (endsSignIn(err)) return props.onRestart(err.message);
      throw err;
    }
  };
  return (
    <Show
      when={enrolled()}
      fallback={
        <>
          <p class="callout callout-info" role="status">
            Your organisation requires two-step sign-in for your role. Set it up now to continue.
          </p>
          <EnrolSecondFactor
            start={() => postJson<SecondFactorEnrolment>('/api/auth/second-factor/enrol/start')}
            confirm={confirm}
            onCancel={() => props.onRestart(null)}
          />
        </>
      }
    >
      {(done) => <RecoveryCodesShown codes={done().recoveryCodes} doneLabel="I have saved them: continue" onDone={() => finishSignIn(done().me)} />}
    </Show>
  );
}
