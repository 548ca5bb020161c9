// Administration → Users: the organisation's users, with their role,
// extensions and whether they can sign in; a new user; one user's panel to
// edit, disable or enable, unlock, reset the password, remove. The list
// follows changes made anywhere else (another tab, another admin, the CLI).
import { createSignal, For, Show, type JSX } from 'solid-js';
import { PASSWORD_LINK_HOURS, type AdminUser, type UserCreated } from '../../../common/admin.ts';
import { getJson } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../admin/ConfirmDialog.tsx';
import { createAdminData } from '../admin/data.ts';
import { ROLE_LABELS } from '../admin/roles.ts';
import { ShownOnce, type Secret } from '../admin/ShownOnce.tsx';
import { UserCreateForm } from '../admin/UserCreateForm.tsx';
import { UserManage } from '../admin/UserManage.tsx';
import { ListStates } from '../shell/ListStates.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';
import '../admin/admin.css';

export default function AdminUsers(): JSX.Element {
  const users = createAdminData(['users'], () => getJson<{ users: AdminUser[] }>('/api/admin/users').then((r) => r.users));
  /** 'new', a user's id (their panel), or nothing open. */
  const [open, setOpen] = createSignal<string | null>(null);
  const [secret, setSecret] = createSignal<Secret | null>(null);
  const [confirm, setConfirm] = createSignal<ConfirmRequest | null>(null);
  const [notice, setNotice] = createSignal('');
  let newButton!: HTMLButtonElement;

  const selected = () => users.value()?.find((u) => u.id === open());
  /** After a change of this page's: the list first, then the words, so both say the same. */
  const done = (message: string) => {
    setNotice('');
    void users.reload().then(() => setNotice(message));
  };
  const closePanel = (focus: HTMLElement | null) => {
    setOpen(null);
    focus?.focus();
  };
  const manageButton = (id: string) => document.querySelector<HTMLElement>(`[data-manage="${id}"]`);

  const created = (result: UserCreated) => {
    setOpen(null);
    done(`${result.user.name} (${result.user.email}) was created.`);
    if (result.setPasswordLink) {
      setSecret({
        title: `Set-password link for ${result.user.email}`,
        value: result.setPasswordLink,
        note: `Switchboard does not keep it: copy it now and send it to ${result.user.email}. It works once, for ${PASSWORD_LINK_HOURS} hours; if it expires, reset the password for a new one.`,
      });
    } else {
      newButton.focus();
    }
  };

  return (
    <div class="page admin-page">
      <PageHeading title="Users">
        <p class="page-lede">Who can sign in to your organisation's Switchboard, and as what.</p>
      </PageHeading>
      <Show when={secret()}>
        {(s) => (
          <ShownOnce
            secret={s()}
            onDone={() => {
              setSecret(null);
              newButton.focus();
            }}
          />
        )}
      </Show>
      <div class="admin-toolbar">
        <p role="status" class="form-ok" data-testid="admin-notice">
          {notice()}
        </p>
        <button
          ref={newButton}
          type="button"
          class="button button-primary"
          aria-expanded={open() === 'new'}
          aria-controls="user-new"
          onClick={() => setOpen(open() === 'new' ? null : 'new')}
        >
          New user
        </button>
      </div>
      <Show when={open() === 'new'}>
        <UserCreateForm onCreated={created} onCancel={() => closePanel(newButton)} />
      </Show>
      <Show when={selected()}>
        {(user) => (
          <UserManage
            user={user()}
            confirm={setConfirm}
            done={done}
            showSecret={setSecret}
            onClose={() => closePanel(manageButton(user().id))}
          />
        )}
      </Show>
      <ListStates error={users.error()} rows={users.value()} empty={<p>Your organisation has no users yet.</p>}>
        {(rows) => (
          <TableCard
            class="admin-table"
            testId="admin-users"
            caption="Your organisation's users"
            head={
              <>
                <th scope="col">E-mail</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Extensions</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </>
            }
          >
            <For each={rows()}>
              {(u) => (
                <tr data-testid={`user-${u.email}`} classList={{ selected: open() === u.id }}>
                  <td>{u.email}</td>
                  <td>{u.name}</td>
                  <td>{ROLE_LABELS[u.role]}</td>
                  <td class="mono">{u.extensions.length ? u.extensions.join(', ') : <span class="muted">—</span>}</td>
                  <td>
                    <span class="badges">
                      <Show when={u.disabled}>
                        <span class="badge" data-state="error">
                          Disabled
                        </span>
                      </Show>
                      <Show when={u.locked}>
                        <span class="badge" data-state="warn">
                          Locked
                        </span>
                      </Show>
                      <Show when={!u.disabled && !u.locked}>
                        <span class="badge" data-state="ok">
                          Active
                        </span>
                      </Show>
                    </span>
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      class="button button-secondary"
                      data-manage={u.id}
                      aria-label={`Manage ${u.name}`}
                      aria-expanded={open() === u.id}
                      onClick={() => setOpen(open() === u.id ? null : u.id)}
                    >
                      Manage
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </TableCard>
        )}
      </ListStates>
      <ConfirmDialog request={confirm()} onClose={() => setConfirm(null)} />
    </div>
  );
}
