// One user, as their admin manages them: name and role; whether they can
// sign in (disable, enable, unlock); a password reset (a one-time link or a
// new password, every session of theirs ends); resetting two-step sign-in
// for a lost phone; removal.
import { createEffect, createSignal, For, on, onMount, Show, type JSX } from 'solid-js';
import { PASSWORD_LINK_HOURS, MIN_PASSWORD_LENGTH, passwordReset, userUpdate, type AdminUser } from '../../../common/admin.ts';
import { TENANT_ROLES, type TenantRole } from '../../../common/api.ts';
import { failureMessage, request } from '../api.ts';
import { problem } from './check.ts';
import type { ConfirmRequest } from './ConfirmDialog.tsx';
import { ROLE_LABELS } from './roles.ts';
import type { Secret } from './ShownOnce.tsx';

export interface UserManageProps {
  user: AdminUser;
  /** Ask before doing it (the page owns the dialog). */
  confirm: (request: ConfirmRequest) => void;
  /** Something happened: say so in the page's status line, reload the list. */
  done: (message: string) => void;
  showSecret: (secret: Secret) => void;
  onClose: () => void;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function UserManage(props: UserManageProps): JSX.Element {
  const u = () => props.user;
  const [name, setName] = createSignal(u().name);
  const [role, setRole] = createSignal<TenantRole>(u().role);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [how, setHow] = createSignal<'link' | 'password'>('link');
  const [password, setPassword] = createSignal('');
  let heading!: HTMLHeadingElement;
  onMount(() => heading.focus());
  // Another user picked: start from their values.
  createEffect(
    on(
      () => u().id,
      () => {
        setName(u().name);
        setRole(u().role);
        setError(null);
        setPassword('');
        setHow('link');
        heading.focus();
      },
      { defer: true },
    ),
  );

  const path = (verb = '') => `/api/admin/users/${u().id}${verb}`;
  const run = async (what: string, work: () => Promise<string>) => {
    if (busy()) return;
    setBusy(what);
    setError(null);
    try {
      props.done(await work());
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const save = (event: SubmitEvent) => {
    event.preventDefault();
    const body = { name: name(), role: role() };
    const wrong = problem(userUpdate, body);
    if (wrong) return setError(wrong);
    void run('save', async () => {
      const saved = await request<AdminUser>('PATCH', path(), body);
      return `Saved ${saved.name}.`;
    });
  };

  const enable = () =>
    void run('enable', async () => {
      await request('POST', path('/enable'));
      return `${u().name} can sign in again.`;
    });

  const unlock = () =>
    void run('unlock', async () => {
      await request('POST', path('/unlock'));
      return `${u().name} is unlocked.`;
    });

  const disable = () =>
    props.confirm({
      title: `Disable ${u().name}?`,
      body: `${u().name} is signed out everywhere at once and cannot sign in until enabled again.`,
      details: ['Their extensions keep ringing; their open pages close.'],
      confirmLabel: 'Disable',
      busyLabel: 'Disabling…',
      danger: true,
      action: async () => {
        const result = await request<{ sessionsEnded: number }>('POST', path('/disable'));
        props.done(`${u().name} is disabled; ${plural(result.sessionsEnded, 'session')} ended.`);
      },
    });

  const resetSecondFactor = () =>
    props.confirm({
      title: `Reset two-step sign-in of ${u().name}?`,
      body: `${u().name}'s authenticator app and recovery codes stop working. They sign in with their password alone, or set up two-step sign-in again at their next sign-in where your organisation requires it.`,
      details: ['For a lost or replaced phone. Make sure it is really them asking.'],
      confirmLabel: 'Reset two-step sign-in',
      busyLabel: 'Resetting…',
      danger: true,
      action: async () => {
        await request<AdminUser>('POST', path('/reset-second-factor'));
        props.done(`Two-step sign-in of ${u().name} was reset.`);
      },
    });

  const reset = (event: SubmitEvent) => {
    event.preventDefault();
    const body = how() === 'password' ? { password: password() } : {};
    const wrong = problem(passwordReset, body);
    if (wrong) return setError(wrong);
    setError(null);
    const name = u().name;
    const email = u().email;
    props.confirm({
      title: `Reset the password of ${name}?`,
      body:
        how() === 'password'
          ? `${name}'s password becomes the one you typed, and every session of theirs ends now.`
          : `${name}'s password stops working, every session of theirs ends now, and you get a one-time link for them to choose a new one.`,
      confirmLabel: 'Reset password',
      busyLabel: 'Resetting…',
      danger: true,
      action: async () => {
        const result = await request<{ sessionsEnded: number; setPasswordLink?: string }>('POST', path('/reset-password'), body);
        setPassword('');
        props.done(`The password of ${name} was reset; ${plural(result.sessionsEnded, 'session')} ended.`);
        if (result.setPasswordLink) {
          props.showSecret({
            title: `Set-password link for ${email}`,
            value: result.setPasswordLink,
            note: `Switchboard does not keep it: copy it now and send it to ${email}. It works once, for ${PASSWORD_LINK_HOURS} hours; if it expires, reset the password again.`,
          });
        }
      },
    });
  };

  const remove = () =>
    props.confirm({
      title: `Remove ${u().name}?`,
      body: `${u().name} (${u().email}) is signed out and removed. This cannot be undone.`,
      details: [
        u().extensions.length
          ? `Their ${u().extensions.length === 1 ? 'extension' : 'extensions'} ${u().extensions.join(', ')} stay, with no owner.`
          : 'They own no extension.',
        'They leave every queue they answer.',
      ],
      confirmLabel: 'Remove user',
      busyLabel: 'Removing…',
      danger: true,
      action: async () => {
        const name = u().name;
        await request('DELETE', path());
        props.onClose();
        props.done(`${name} was removed.`);
      },
    });

  return (
    <section class="card admin-form user-manage" aria-labelledby="user-manage-title" data-testid="user-manage">
      <div class="card-head">
        <h2 ref={heading} id="user-manage-title" class="card-title" tabindex="-1">
          {u().name} <span class="muted">{u().email}</span>
        </h2>
        <button type="button" class="button button-ghost" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
      <div class="admin-columns">
        <form class="form" onSubmit={save} noValidate aria-label={`Name and role of ${u().name}`}>
          <div class="field">
            <label for="user-edit-name">Name</label>
            <input id="user-edit-name" type="text" autocomplete="off" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="user-edit-role">Role</label>
            <select id="user-edit-role" value={role()} onChange={(e) => setRole(e.currentTarget.value as TenantRole)}>
              <For each={TENANT_ROLES}>{(r) => <option value={r}>{ROLE_LABELS[r]}</option>}</For>
            </select>
          </div>
          <div class="form-actions">
            <button type="submit" class="button button-primary" aria-busy={busy() === 'save'}>
              {busy() === 'save' ? 'Saving…' : 'Save'}
            </button>
          </div>
        </form>

        <div class="form">
          <h3 class="admin-subtitle">Signing in</h3>
          <p data-testid="user-sign-in-state">
            {u().disabled
              ? 'Disabled: cannot sign in.'
              : u().locked
                ? `Locked after ${plural(u().failedSignIns, 'failed sign-in')}.`
                : 'Can sign in.'}{' '}
            {u().secondFactor ? 'Two-step sign-in is on.' : ''}
          </p>
          <div class="form-actions">
            <Show when={u().locked}>
              <button type="button" class="button button-secondary" aria-busy={busy() === 'unlock'} onClick={unlock}>
                {busy() === 'unlock' ? 'Unlocking…' : 'Unlock'}
              </button>
            </Show>
            <Show
              when={u().disabled}
              fallback={
                <button type="button" class="button button-secondary" onClick={disable}>
                  Disable
                </button>
              }
            >
              <button type="button" class="button button-secondary" aria-busy={busy() === 'enable'} onClick={enable}>
                {busy() === 'enable' ? 'Enabling…' : 'Enable'}
              </button>
            </Show>
            <Show when={u().secondFactor}>
              <button type="button" class="button button-secondary" onClick={resetSecondFactor} data-testid="user-reset-second-factor">
                Reset two-step sign-in
              </button>
            </Show>
          </div>
        </div>

        <form class="form" onSubmit={reset} noValidate aria-labelledby="user-reset-title">
          <h3 id="user-reset-title" class="admin-subtitle">
            Reset password
          </h3>
          <div class="field field-check">
            <input id="user-reset-link" type="radio" name="user-reset-how" checked={how() === 'link'} onChange={() => setHow('link')} />
            <label for="user-reset-link">Make a one-time set-password link</label>
          </div>
          <div class="field field-check">
            <input id="user-reset-set" type="radio" name="user-reset-how" checked={how() === 'password'} onChange={() => setHow('password')} />
            <label for="user-reset-set">Set a new password</label>
          </div>
          <Show when={how() === 'password'}>
            <div class="field">
              <label for="user-reset-password">New password</label>
              <input
                id="user-reset-password"
                type="password"
                autocomplete="new-password"
                value={password()}
                aria-describedby="user-reset-password-hint"
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
              <span id="user-reset-password-hint" class="hint">
                At least {MIN_PASSWORD_LENGTH} characters.
              </span>
            </div>
          </Show>
          <div class="form-actions">
            <button type="submit" class="button button-secondary">
              Reset password
            </button>
          </div>
        </form>
      </div>
      <div role="alert">
        <Show when={error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
      </div>
      <div class="form-actions admin-danger-zone">
        <button type="button" class="button button-ghost danger" onClick={remove}>
          Remove user
        </button>
      </div>
    </section>
  );
}
