// Set password, from a one-time link (a new user's first sign-in, or after an
// administrator's reset). The token is in the link's fragment (#token=…),
// which browsers never send to a server; this page sends it only in the
// POST body. Works signed out, outside the workstation frame.
import { A } from '@solidjs/router';
import { createSignal, Match, onCleanup, onMount, Show, Switch, type JSX } from 'solid-js';
import { MIN_PASSWORD_LENGTH, password as passwordSchema } from '../../../common/admin.ts';
import { failureMessage, postJson } from '../api.ts';
import { problem } from '../admin/check.ts';
import { Icon } from '../shell/Icon.tsx';

/** The token from "#token=…", if the fragment has a well-formed one. */
function tokenOf(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

export default function SetPassword(): JSX.Element {
  const [token, setToken] = createSignal(tokenOf(window.location.hash));
  const [done, setDone] = createSignal(false);
  // Another link opened in this tab changes only the fragment: no new page load.
  const onHash = () => setToken(tokenOf(window.location.hash));
  onMount(() => {
    document.title = 'Set your password · Switchboard';
    window.addEventListener('hashchange', onHash);
  });
  onCleanup(() => window.removeEventListener('hashchange', onHash));
  return (
    <div class="sign-in-page">
      <main class="sign-in-card card" aria-labelledby="set-password-title">
        <div class="sign-in-brand">
          <span class="brand-mark brand-mark-large" aria-hidden="true">
            <Icon name="phone" size={20} />
          </span>
          <span class="brand-name">Switchboard</span>
        </div>
        <h1 id="set-password-title" class="sign-in-title" tabindex="-1">
          {done() ? 'Password set' : 'Choose your password'}
        </h1>
        <Switch>
          <Match when={!token()}>
            <p class="callout callout-error" role="alert">
              This link is incomplete. Open it again from the message you were sent, or ask your administrator for a new one.
            </p>
            <A href="/sign-in">Go to sign in</A>
          </Match>
          <Match when={done()}>
            <p class="callout callout-info" role="status" data-testid="password-set">
              Your password is set. Sign in with it now.
            </p>
            <A href="/sign-in" class="button button-primary button-block">
              Sign in
            </A>
          </Match>
          <Match when={token()} keyed>
            {(t) => <SetPasswordForm token={t} onDone={() => setDone(true)} />}
          </Match>
        </Switch>
      </main>
    </div>
  );
}

function SetPasswordForm(props: { token: string; onDone: () => void }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [invalid, setInvalid] = createSignal<'password' | 'repeat' | null>(null);
  let passwordInput!: HTMLInputElement;
  let repeatInput!: HTMLInputElement;
  onMount(() => passwordInput.focus());

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const password = passwordInput.value;
    const wrong = problem(passwordSchema, password);
    if (wrong) {
      setInvalid('password');
      setError(wrong);
      passwordInput.focus();
      return;
    }
    if (repeatInput.value !== password) {
      setInvalid('repeat');
      setError('The two passwords differ. Type the same password twice.');
      repeatInput.focus();
      return;
    }
    setInvalid(null);
    setError(null);
    setBusy(true);
    try {
      await postJson('/api/auth/set-password', { token: props.token, password });
      // The link is spent: keep it out of the address bar and the history.
      history.replaceState(history.state, '', '/set-password');
      props.onDone();
    } catch (err) {
      setBusy(false);
      setError(failureMessage(err));
    }
  };

  return (
    <>
      <div role="alert" class="alert-region">
        <Show when={error()}>
          {(message) => (
            <div id="set-password-error" class="callout callout-error" data-testid="set-password-error">
              {message()}
            </div>
          )}
        </Show>
      </div>
      <form class="form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()}>
        <div class="field">
          <label for="set-password-new">New password</label>
          <input
            ref={passwordInput}
            id="set-password-new"
            type="password"
            autocomplete="new-password"
            required
            aria-invalid={invalid() === 'password'}
            aria-describedby={invalid() === 'password' ? 'set-password-error set-password-hint' : 'set-password-hint'}
          />
          <span id="set-password-hint" class="hint muted small">
            At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good one.
          </span>
        </div>
        <div class="field">
          <label for="set-password-repeat">Repeat the password</label>
          <input
            ref={repeatInput}
            id="set-password-repeat"
            type="password"
            autocomplete="new-password"
            required
            aria-invalid={invalid() === 'repeat'}
            aria-describedby={invalid() === 'repeat' ? 'set-password-error' : undefined}
          />
        </div>
        <button type="submit" class="button button-primary button-block" aria-disabled={busy()}>
          <Show when={busy()} fallback="Set password">
            <span class="spinner spinner-small" aria-hidden="true" />
            Setting…
          </Show>
        </button>
      </form>
    </>
  );
}
