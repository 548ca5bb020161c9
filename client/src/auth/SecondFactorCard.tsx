// My Account → Two-step sign-in: whether it is on, how many recovery codes
// are left, turning it on (the key, the code, then the recovery codes shown
// once) and off again with a current code or a recovery code. Off is not
// offered where the organisation requires it.
import { createResource, createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import type { RecoveryCodes, SecondFactorEnrolment, SecondFactorStatus } from '../../../common/second-factor.ts';
import { failureMessage, getJson, postJson } from '../api.ts';
import { EnrolSecondFactor } from './EnrolSecondFactor.tsx';
import { RecoveryCodesShown } from './RecoveryCodesShown.tsx';

type Mode = { kind: 'view' } | { kind: 'enrol' } | { kind: 'codes'; codes: string[] };

export function SecondFactorCard(): JSX.Element {
  const [status, { mutate, refetch }] = createResource(() => getJson<SecondFactorStatus>('/api/me/second-factor'));
  const [mode, setMode] = createSignal<Mode>({ kind: 'view' });
  let turnOn: HTMLButtonElement | undefined;
  const shownCodes = () => {
    const m = mode();
    return m.kind === 'codes' ? m.codes : null;
  };

  const confirm = async (code: string) => {
    const { recoveryCodes } = await postJson<RecoveryCodes>('/api/me/second-factor/confirm', { code });
    setMode({ kind: 'codes', codes: recoveryCodes });
    void refetch();
  };

  return (
    <section class="card account-card" aria-labelledby="second-factor-title" data-testid="second-factor-card">
      <div class="card-head">
        <h2 id="second-factor-title" class="card-title">
          Two-step sign-in
        </h2>
      </div>
      <Switch>
        <Match when={mode().kind === 'enrol'}>
          <EnrolSecondFactor
            start={() => postJson<SecondFactorEnrolment>('/api/me/second-factor/start')}
            confirm={confirm}
            onCancel={() => {
              setMode({ kind: 'view' });
              queueMicrotask(() => turnOn?.focus());
            }}
          />
        </Match>
        <Match when={shownCodes()}>
          {(codes) => <RecoveryCodesShown codes={codes()} onDone={() => setMode({ kind: 'view' })} />}
        </Match>
        <Match when={status.error}>
          <p class="callout callout-error" role="alert">
            {failureMessage(status.error)}
          </p>
        </Match>
        <Match when={status()}>
          {(s) => (
            <Show
              when={s().enabled}
              fallback={
                <>
                  <p>
                    {s().required
                      ? 'Your organisation requires two-step sign-in.'
                      : 'Off. With it on, signing in also asks for a code from an authenticator app on your phone, so a stolen password alone is not enough.'}
                  </p>
                  <button ref={turnOn} type="button" class="button button-primary" onClick={() => setMode({ kind: 'enrol' })} data-testid="second-factor-turn-on">
                    Turn on two-step sign-in
                  </button>
                </>
              }
            >
              <p data-testid="second-factor-state">
                On{s().enabledAt ? ` since ${new Date(s().enabledAt!).toLocaleDateString()}` : ''}. {s().recoveryCodesLeft} of 10 recovery codes left.
              </p>
              <Show when={!s().required} fallback={<p class="muted small">Your organisation requires it, so it cannot be turned off.</p>}>
                <DisableForm onDone={(next) => mutate(next)} />
              </Show>
            </Show>
          )}
        </Match>
        <Match when={true}>
          <p role="status">Loading…</p>
        </Match>
      </Switch>
    </section>
  );
}

function DisableForm(props: { onDone: (status: SecondFactorStatus) => void }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let input!: HTMLInputElement;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const code = input.value.trim();
    if (!code) {
      setError('Enter a code from your app, or a recovery code, to turn it off.');
      input.focus();
      return;
    }
    setError(null);
    setBusy(true);
    try {
      props.onDone(await postJson<SecondFactorStatus>('/api/me/second-factor/disable', { code }));
    } catch (err) {
      setError(failureMessage(err));
      input.value = '';
      input.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()}>
      <div role="alert" class="alert-region">
        <Show when={error()}>
          {(message) => (
            <div id="second-factor-off-error" class="callout callout-error">
              {message()}
            </div>
          )}
        </Show>
      </div>
      <div class="field">
        <label for="second-factor-off-code">Code or recovery code</label>
        <input
          ref={input}
          id="second-factor-off-code"
          type="text"
          autocomplete="one-time-code"
          spellcheck={false}
          aria-invalid={error() !== null}
          aria-describedby={error() ? 'second-factor-off-error' : undefined}
        />
      </div>
      <button type="submit" class="button button-secondary" aria-disabled={busy()}>
        Turn off two-step sign-in
      </button>
    </form>
  );
}
