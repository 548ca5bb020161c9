// Sign in: e-mail, password, remember me. The server's message is shown as
// is (wrong password, locked account, too many attempts, …). With two-step
// sign-in a second step follows the password: a code, or enrolment first.
import { Navigate, useLocation } from '@solidjs/router';
import { createSignal, Match, onMount, Show, Switch, type JSX } from 'solid-js';
import { ApiFailure, failureMessage } from '../api.ts';
import { isSecondFactorStep, type SecondFactorStep } from '../../../common/second-factor.ts';
import { SignInCode, SignInEnrol } from '../auth/SignInSecondStep.tsx';
import { clearSessionNotice, session, sessionNotice, signIn } from '../session.ts';
import { Icon } from '../shell/Icon.tsx';
import { requestHeadingFocus } from '../shell/PageHeading.tsx';
import { Splash } from '../shell/Splash.tsx';
import { safeNext } from '../next.ts';

export default function SignIn(): JSX.Element {
  const location = useLocation();
  const next = () => safeNext(new URLSearchParams(location.search).get('next'));
  return (
    <Switch>
      <Match when={session().status === 'loading'}>
        <Splash />
      </Match>
      <Match when={session().status === 'signed-in'}>
        <Navigate href={next()} />
      </Match>
      <Match when={true}>
        <SignInForm />
      </Match>
    </Switch>
  );
}

function SignInForm(): JSX.Element {
  const [step, setStep] = createSignal<SecondFactorStep['secondFactor'] | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  /** Kept across a return from the second step, so only the password is typed again. */
  const [email, setEmail] = createSignal('');
  /** Back from the second step: the password again, with why. */
  const restart = (message: string | null) => {
    setError(message);
    setStep(null);
  };
  return (
    <SignInCard error={step() ? null : error()}>
      <Switch>
        <Match when={step() === 'code'}>
          <SignInCode onRestart={restart} />
        </Match>
        <Match when={step() === 'enrol'}>
          <SignInEnrol onRestart={restart} />
        </Match>
        <Match when={true}>
          <PasswordForm
            email={email()}
            error={error()}
            setError={setError}
            onSecondStep={(typed, next) => {
              setEmail(typed);
              setStep(next);
            }}
          />
        </Match>
      </Switch>
    </SignInCard>
  );
}

function PasswordForm(props: {
  email: string;
  error: string | null;
  setError: (message: string | null) => void;
  onSecondStep: (email: string, step: SecondFactorStep['secondFactor']) => void;
}): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const error = () => props.error;
  const setError = props.setError;
  const [invalid, setInvalid] = createSignal<'email' | 'password' | null>(null);
  let emailInput!: HTMLInputElement;
  let passwordInput!: HTMLInputElement;
  let rememberInput!: HTMLInputElement;

  onMount(() => {
    document.title = 'Sign in · Switchboard';
    if (emailInput.value) passwordInput.focus();
    else emailInput.focus();
  });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const email = emailInput.value.trim();
    const password = passwordInput.value;
    setInvalid(null);
    if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) {
      setInvalid('email');
      setError(email ? 'Enter a valid e-mail address.' : 'Enter your e-mail address.');
      emailInput.focus();
      return;
    }
    if (!password) {
      setInvalid('password');
      setError('Enter your password.');
      passwordInput.focus();
      return;
    }
    setError(null);
    clearSessionNotice();
    setBusy(true);
    try {
      // The next page's heading takes focus once it renders.
      requestHeadingFocus();
      const answer = await signIn({ email, password, remember: rememberInput.checked });
      // Signed in: <SignIn> navigates to the next page. Otherwise a second step remains.
      if (isSecondFactorStep(answer)) props.onSecondStep(email, answer.secondFactor);
    } catch (err) {
      setBusy(false);
      setError(failureMessage(err));
      if (err instanceof ApiFailure && (err.status === 400 || err.status === 401)) {
        passwordInput.value = '';
        passwordInput.focus();
      }
    }
  };

  return (
    <form class="form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()}>
      <div class="field">
        <label for="sign-in-email">E-mail</label>
        <input
          ref={emailInput}
          id="sign-in-email"
          name="email"
          type="email"
          inputmode="email"
          autocomplete="username"
          value={props.email}
          autocapitalize="none"
          spellcheck={false}
          required
          aria-invalid={invalid() === 'email'}
          aria-describedby={invalid() === 'email' ? 'sign-in-error' : undefined}
        />
      </div>
      <div class="field">
        <label for="sign-in-password">Password</label>
        <input
          ref={passwordInput}
          id="sign-in-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          aria-invalid={invalid() === 'password'}
          aria-describedby={invalid() === 'password' ? 'sign-in-error' : undefined}
        />
      </div>
      <div class="field field-check">
        <input ref={rememberInput} id="sign-in-remember" name="remember" type="checkbox" aria-describedby="sign-in-remember-hint" />
        <label for="sign-in-remember">Remember me</label>
        <span class="hint" id="sign-in-remember-hint">
          Not on a shared computer.
        </span>
      </div>
      <button type="submit" class="button button-primary button-block" aria-disabled={busy()} data-testid="sign-in-submit">
        <Show when={busy()} fallback="Sign in">
          <span class="spinner spinner-small" aria-hidden="true" />
          Signing in…
        </Show>
      </button>
    </form>
  );
}

function SignInCard(props: { error: string | null; children: JSX.Element }): JSX.Element {
  return (
    <div class="sign-in-page">
      <main class="sign-in-card card" aria-labelledby="sign-in-title">
        <div class="sign-in-brand">
          <span class="brand-mark brand-mark-large" aria-hidden="true">
            <Icon name="phone" size={20} />
          </span>
          <span class="brand-name">Switchboard</span>
        </div>
        <h1 id="sign-in-title" class="sign-in-title">
          Sign in to your workstation
        </h1>

        <Show when={sessionNotice()}>
          {(notice) => (
            <div class="callout callout-info" role="status" data-testid="sign-in-notice">
              {notice()}
            </div>
          )}
        </Show>
        {/* The alert region is always there, so filling it is announced. */}
        <div role="alert" class="alert-region">
          <Show when={props.error}>
            {(message) => (
              <div id="sign-in-error" class="callout callout-error" data-testid="sign-in-error">
                {message()}
              </div>
            )}
          </Show>
        </div>

        {props.children}
      </main>
    </div>
  );
}
