// Administration → DIDs: the organisation's phone numbers, where each one
// routes, whose it is and whether it is active; create, edit, remove. The
// next call to a number follows a change (the dialplan reads it per call).
import { createSignal, For, Show, type JSX } from 'solid-js';
import type { AdminDid, AdminQueue, AdminUser, ExtensionList } from '../../../common/admin.ts';
import { getJson, request } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../admin/ConfirmDialog.tsx';
import { createAdminData } from '../admin/data.ts';
import { DidForm } from '../admin/DidForm.tsx';
import { ListStates } from '../shell/ListStates.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';
import '../admin/admin.css';

interface Data {
  dids: AdminDid[];
  extensions: ExtensionList['extensions'];
  queues: AdminQueue[];
  users: AdminUser[];
}

export default function AdminDids(): JSX.Element {
  const data = createAdminData(['dids', 'extensions', 'queues', 'users'], async (): Promise<Data> => {
    const [dids, extensions, queues, users] = await Promise.all([
      getJson<{ dids: AdminDid[] }>('/api/admin/dids'),
      getJson<ExtensionList>('/api/admin/extensions'),
      getJson<{ queues: AdminQueue[] }>('/api/admin/queues'),
      getJson<{ users: AdminUser[] }>('/api/admin/users'),
    ]);
    return { dids: dids.dids, extensions: extensions.extensions, queues: queues.queues, users: users.users };
  });
  const [open, setOpen] = createSignal<string | null>(null);
  const [confirm, setConfirm] = createSignal<ConfirmRequest | null>(null);
  const [notice, setNotice] = createSignal('');
  let newButton!: HTMLButtonElement;

  const editing = () => data.value()?.dids.find((d) => d.id === open());
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

  const remove = (did: AdminDid) =>
    setConfirm({
      title: `Remove DID ${did.number}?`,
      body: `Calls to ${did.number} are refused from the next one on. This cannot be undone.`,
      confirmLabel: 'Remove DID',
      busyLabel: 'Removing…',
      danger: true,
      action: async () => {
        await request('DELETE', `/api/admin/dids/${did.id}`);
        if (open() === did.id) setOpen(null);
        done(`DID ${did.number} was removed.`);
      },
    });

  const form = (did?: AdminDid) => {
    const d = data.value()!;
    return (
      <DidForm
        did={did}
        extensions={d.extensions}
        queues={d.queues}
        users={d.users}
        onSaved={(saved) => {
          close(did ? rowButton(saved.id) : newButton);
          done(`DID ${saved.number} was ${did ? 'saved' : 'created'}.`);
        }}
        onCancel={() => close(did ? rowButton(did.id) : newButton)}
      />
    );
  };

  return (
    <div class="page admin-page">
      <PageHeading title="DIDs">
        <p class="page-lede">Your organisation's phone numbers and where calls to them go.</p>
      </PageHeading>
      <div class="admin-toolbar">
        <p role="status" class="form-ok" data-testid="admin-notice">
          {notice()}
        </p>
        <button
          ref={newButton}
          type="button"
          class="button button-primary"
          disabled={!data.value()}
          aria-expanded={open() === 'new'}
          aria-controls="did-new"
          onClick={() => setOpen(open() === 'new' ? null : 'new')}
        >
          New DID
        </button>
      </div>
      <Show when={open() === 'new' && data.value()}>{form()}</Show>
      <Show when={editing()} keyed>
        {(did) => form(did)}
      </Show>
      <ListStates error={data.error()} rows={data.value()?.dids} empty={<p>Your organisation has no phone numbers yet.</p>}>
        {(rows) => (
          <TableCard
            class="admin-table"
            testId="admin-dids"
            caption="Your organisation's phone numbers"
            head={
              <>
                <th scope="col">Number</th>
                <th scope="col">Routes to</th>
                <th scope="col">Assigned to</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </>
            }
          >
            <For each={rows()}>
              {(d) => (
                <tr data-testid={`did-${d.number}`} classList={{ selected: open() === d.id }}>
                  <td class="mono">{d.number}</td>
                  <td>{d.destination}</td>
                  <td>{d.user ? d.user.name : <span class="muted">Nobody</span>}</td>
                  <td>
                    <span class="badge" data-state={d.active ? 'ok' : 'off'}>
                      {d.active ? 'Active' : 'Inactive'}
                    </span>
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      class="button button-secondary"
                      data-edit={d.id}
                      aria-label={`Edit DID ${d.number}`}
                      aria-expanded={open() === d.id}
                      onClick={() => setOpen(open() === d.id ? null : d.id)}
                    >
                      Edit
                    </button>
                    <button type="button" class="button button-ghost danger" aria-label={`Remove DID ${d.number}`} onClick={() => remove(d)}>
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
