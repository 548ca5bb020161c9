// Administration → Extensions: the organisation's extensions against its
// package's limit; a new one (its SIP password shown once), an existing
// one's owner, caller ID and voicemail, a new SIP password, removal.
import { createSignal, For, Show, type JSX } from 'solid-js';
import type { AdminExtension, AdminUser, ExtensionList, ExtensionSecret } from '../../../common/admin.ts';
import { getJson, request } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../admin/ConfirmDialog.tsx';
import { createAdminData } from '../admin/data.ts';
import { ExtensionForm } from '../admin/ExtensionForm.tsx';
import { ShownOnce, type Secret } from '../admin/ShownOnce.tsx';
import { formatCount } from '../format.ts';
import { ListStates } from '../shell/ListStates.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';
import '../admin/admin.css';

interface Data extends ExtensionList {
  users: AdminUser[];
}

const sipSecret = (secret: ExtensionSecret, what: string): Secret => ({
  title: `${what} of extension ${secret.extension.number}`,
  value: secret.sipPassword,
  note: `Copy it now into the phone that uses extension ${secret.extension.number}.${
    secret.extension.owner ? ` ${secret.extension.owner.name} can also see it on My Account.` : ''
  }`,
});

export default function AdminExtensions(): JSX.Element {
  const data = createAdminData(['extensions', 'users', 'settings'], async (): Promise<Data> => {
    const [list, users] = await Promise.all([
      getJson<ExtensionList>('/api/admin/extensions'),
      getJson<{ users: AdminUser[] }>('/api/admin/users'),
    ]);
    return { ...list, users: users.users };
  });
  /** 'new', an extension's id (its form), or nothing open. */
  const [open, setOpen] = createSignal<string | null>(null);
  const [secret, setSecret] = createSignal<Secret | null>(null);
  const [confirm, setConfirm] = createSignal<ConfirmRequest | null>(null);
  const [notice, setNotice] = createSignal('');
  let newButton!: HTMLButtonElement;

  const used = () => data.value()?.extensions.length ?? 0;
  const max = () => data.value()?.maxExtensions ?? 0;
  const full = () => !!data.value() && used() >= max();
  const editing = () => data.value()?.extensions.find((e) => e.id === open());
  const rowButton = (id: string) => document.querySelector<HTMLElement>(`[data-edit="${id}"]`);

  /** After a change of this page's: the list first, then the words, so both say the same. */
  const done = (message: string) => {
    setNotice('');
    void data.reload().then(() => setNotice(message));
  };
  const close = (focus: HTMLElement | null) => {
    setOpen(null);
    (focus ?? newButton).focus();
  };

  const newPassword = (ext: AdminExtension) =>
    setConfirm({
      title: `New SIP password for extension ${ext.number}?`,
      body: 'Phones registered with the old password are dropped at once and must be set up again with the new one.',
      confirmLabel: 'Make a new password',
      busyLabel: 'Making…',
      danger: true,
      action: async () => {
        const result = await request<ExtensionSecret>('POST', `/api/admin/extensions/${ext.id}/sip-password`);
        done(`Extension ${ext.number} has a new SIP password.`);
        setSecret(sipSecret(result, 'New SIP password'));
      },
    });

  const remove = (ext: AdminExtension) =>
    setConfirm({
      title: `Remove extension ${ext.number}?`,
      body: `Its phones are dropped and calls to ${ext.number} fail from now on. This cannot be undone.`,
      details: ext.owner ? [`${ext.owner.name} no longer has it (nor the queue calls it answered).`] : undefined,
      confirmLabel: 'Remove extension',
      busyLabel: 'Removing…',
      danger: true,
      action: async () => {
        await request('DELETE', `/api/admin/extensions/${ext.id}`);
        if (open() === ext.id) setOpen(null);
        done(`Extension ${ext.number} was removed.`);
      },
    });

  return (
    <div class="page admin-page">
      <PageHeading title="Extensions">
        <p class="page-lede" data-testid="extensions-used">
          <Show when={data.value()} fallback="Your organisation's extensions.">
            {formatCount(used())} of {formatCount(max())} extensions used.
          </Show>
        </p>
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
        <div class="admin-toolbar-end">
          <Show when={full()}>
            <span id="ext-full" class="muted small">
              Your package allows {formatCount(max())}, all in use: remove one or ask your provider for a larger package.
            </span>
          </Show>
          <button
            ref={newButton}
            type="button"
            class="button button-primary"
            disabled={full() || !data.value()}
            aria-describedby={full() ? 'ext-full' : undefined}
            aria-expanded={open() === 'new'}
            aria-controls="ext-new"
            onClick={() => setOpen(open() === 'new' ? null : 'new')}
          >
            New extension
          </button>
        </div>
      </div>
      <Show when={open() === 'new' && data.value()}>
        {(d) => (
          <ExtensionForm
            users={d().users}
            onCreated={(result) => {
              setOpen(null);
              done(`Extension ${result.extension.number} was created.`);
              setSecret(sipSecret(result, 'SIP password'));
            }}
            onSaved={() => undefined}
            onCancel={() => close(newButton)}
          />
        )}
      </Show>
      <Show when={editing()} keyed>
        {(ext) => (
          <ExtensionForm
            extension={ext}
            users={data.value()?.users ?? []}
            onCreated={() => undefined}
            onSaved={(saved) => {
              close(rowButton(saved.id));
              done(`Extension ${saved.number} was saved.`);
            }}
            onCancel={() => close(rowButton(ext.id))}
          />
        )}
      </Show>
      <ListStates error={data.error()} rows={data.value()?.extensions} empty={<p>Your organisation has no extensions yet.</p>}>
        {(rows) => (
          <TableCard
            class="admin-table"
            testId="admin-extensions"
            caption="Your organisation's extensions"
            head={
              <>
                <th scope="col">Number</th>
                <th scope="col">Owner</th>
                <th scope="col">Caller ID</th>
                <th scope="col">Voicemail</th>
                <th scope="col">DND</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </>
            }
          >
            <For each={rows()}>
              {(ext) => (
                <tr data-testid={`extension-${ext.number}`} classList={{ selected: open() === ext.id }}>
                  <td class="mono">{ext.number}</td>
                  <td>{ext.owner ? ext.owner.name : <span class="muted">Nobody</span>}</td>
                  <td>
                    {ext.callerIdName}
                    <Show when={ext.callerIdNumber}>
                      {' '}
                      <span class="mono muted">{ext.callerIdNumber}</span>
                    </Show>
                  </td>
                  <td>
                    <span class="badge" data-state={ext.voicemail ? 'ok' : 'off'}>
                      {ext.voicemail ? (ext.hasVoicemailPin ? 'On · PIN set' : 'On · no PIN') : 'Off'}
                    </span>
                  </td>
                  <td>
                    <Show when={ext.dnd} fallback={<span class="muted">Off</span>}>
                      <span class="badge" data-state="warn">
                        On
                      </span>
                    </Show>
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      class="button button-secondary"
                      data-edit={ext.id}
                      aria-label={`Edit extension ${ext.number}`}
                      aria-expanded={open() === ext.id}
                      onClick={() => setOpen(open() === ext.id ? null : ext.id)}
                    >
                      Edit
                    </button>
                    <button type="button" class="button button-ghost" aria-label={`New SIP password for extension ${ext.number}`} onClick={() => newPassword(ext)}>
                      New SIP password
                    </button>
                    <button type="button" class="button button-ghost danger" aria-label={`Remove extension ${ext.number}`} onClick={() => remove(ext)}>
                      Remove
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
