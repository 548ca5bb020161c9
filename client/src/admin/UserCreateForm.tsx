// New user: e-mail, name, role, and how they first sign in — a one-time
// set-password link (the default: nobody but them ever knows the password)
// or an initial password the admin hands over.
import { createSignal, For, onMount, Show, type JSX } from 'solid-js';
import { MIN_PASSWORD_LENGTH, userCreate, type UserCreate, type UserCreated } from '../../../common/admin.ts';
import { TENANT_ROLES, type TenantRole } from '../../../common/api.ts';
import { failureMessage, request } from '../api.ts';
import { problem } from './check.ts';
import { ROLE_LABELS } from './roles.ts';

export function UserCreateForm(props: { onCreated: (created: UserCreated) => void; onCancel: () => void }): JSX.Element {
  const [email, setEmail] = createSignal('');
  const [name, setName] = createSignal('');
  const [role, setRole] = createSignal<TenantRole>('agent');
  const [how, setHow] = createSignal<'link' | 'password'>('link');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let first!: HTMLInputElement;
  onMount(() => first.focus());

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const body: UserCreate = { email: email(), name: name(), role: role(), ...(how() === 'password' && { password: password() }) };
    const wrong = problem(userCreate, body);
    if (wrong) return setError(wrong);
    setError(null);
    setBusy(true);
    try {
      props.onCreated(await request<UserCreated>('POST', '/api/admin/users', body));
    } catch (err) {
      setError(failureMessage(err));
      setBusy(false);
    }
  };

  return (
    <form id="user-new" class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} aria-labelledby="user-new-title">
      <h2 id="user-new-title" class="card-title">
        New user
      </h2>
      <div class="field-row">
        <div class="field">
          <label for="user-new-email">E-mail</label>
          <input ref={first} id="user-new-email" type="email" autocomplete="off" spellcheck={false} value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="user-new-name">Name</label>
          <input id="user-new-name" type="text" autocomplete="off" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="user-new-role">Role</label>
          <select id="user-new-role" value={role()} onChange={(e) => setRole(e.currentTarget.value as TenantRole)}>
            <For each={TENANT_ROLES}>{(r) => <option value={r}>{ROLE_LABELS[r]}</option>}</For>
          </select>
        </div>
      </div>
      <fieldset class="admin-fieldset choice-group">
        <legend>First sign-in</legend>
        <div class="field field-check">
          <input id="user-new-link" type="radio" name="user-new-how" value="link" checked={how() === 'link'} onChange={() => setHow('link')} />
          <label for="user-new-link">Make a one-time set-password link</label>
          <span class="hint">Shown to you once, to send to them; they choose their own password.</span>
        </div>
        <div class="field field-check">
          <input id="user-new-set" type="radio" name="user-new-how" value="password" checked={how() === 'password'} onChange={() => setHow('password')} />
          <label for="user-new-set">Set an initial password</label>
          <span class="hint">You tell them the password.</span>
        </div>
        <Show when={how() === 'password'}>
          <div class="field">
            <label for="user-new-password">Initial password</label>
            <input
              id="user-new-password"
              type="password"
              autocomplete="new-password"
              value={password()}
              aria-describedby="user-new-password-hint"
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
            <span id="user-new-password-hint" class="hint">
              At least {MIN_PASSWORD_LENGTH} characters.
            </span>
          </div>
        </Show>
      </fieldset>
      <div role="alert">
        <Show when={error()}>{(text) => <p class="callout callout-error" data-testid="user-new-error">{text()}</p>}</Show>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-busy={busy()}>
          {busy() ? 'Creating…' : 'Create user'}
        </button>
        <button type="button" class="button button-ghost" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
