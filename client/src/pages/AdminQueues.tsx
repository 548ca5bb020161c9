// Administration → Queues: the organisation's mod_callcenter queues, their
// strategy, timers and agents; create, edit (tiers included), remove. A save
// reaches FreeSWITCH and the agents' Queues pages at once.
import { createSignal, For, Show, type JSX } from 'solid-js';
import type { AdminQueue, AdminUser } from '../../../common/admin.ts';
import { getJson, request } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../admin/ConfirmDialog.tsx';
import { createAdminData } from '../admin/data.ts';
import { QueueForm, strategyWords } from '../admin/QueueForm.tsx';
import { ListStates } from '../shell/ListStates.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';
import '../admin/admin.css';

interface Data {
  queues: AdminQueue[];
  users: AdminUser[];
}

const seconds = (s: number, zero: string) => (s === 0 ? zero : `${s} s`);

export default function AdminQueues(): JSX.Element {
  const data = createAdminData(['queues', 'users', 'extensions'], async (): Promise<Data> => {
    const [queues, users] = await Promise.all([
      getJson<{ queues: AdminQueue[] }>('/api/admin/queues'),
      getJson<{ users: AdminUser[] }>('/api/admin/users'),
    ]);
    return { queues: queues.queues, users: users.users };
  });
  const [open, setOpen] = createSignal<string | null>(null);
  const [confirm, setConfirm] = createSignal<ConfirmRequest | null>(null);
  const [notice, setNotice] = createSignal('');
  let newButton!: HTMLButtonElement;

  const editing = () => data.value()?.queues.find((q) => q.id === open());
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

  const remove = (queue: AdminQueue) =>
    setConfirm({
      title: `Remove queue ${queue.name}?`,
      body: 'Its agents stop getting its calls, and it leaves FreeSWITCH. This cannot be undone.',
      confirmLabel: 'Remove queue',
      busyLabel: 'Removing…',
      danger: true,
      action: async () => {
        await request('DELETE', `/api/admin/queues/${queue.id}`);
        if (open() === queue.id) setOpen(null);
        done(`Queue ${queue.name} was removed.`);
      },
    });

  return (
    <div class="page admin-page">
      <PageHeading title="Queues">
        <p class="page-lede">Call-center queues: how calls are handed out, and who answers them.</p>
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
          aria-controls="queue-new"
          onClick={() => setOpen(open() === 'new' ? null : 'new')}
        >
          New queue
        </button>
      </div>
      <Show when={open() === 'new' && data.value()}>
        {(d) => (
          <QueueForm
            users={d().users}
            onSaved={(queue) => {
              close(newButton);
              done(`Queue ${queue.name} was created.`);
            }}
            onCancel={() => close(newButton)}
          />
        )}
      </Show>
      <Show when={editing()} keyed>
        {(queue) => (
          <QueueForm
            queue={queue}
            users={data.value()?.users ?? []}
            onSaved={(saved) => {
              close(rowButton(saved.id));
              done(`Queue ${saved.name} was saved.`);
            }}
            onCancel={() => close(rowButton(queue.id))}
          />
        )}
      </Show>
      <ListStates error={data.error()} rows={data.value()?.queues} empty={<p>Your organisation has no queues yet.</p>}>
        {(rows) => (
          <TableCard
            class="admin-table"
            testId="admin-queues"
            caption="Your organisation's queues"
            head={
              <>
                <th scope="col">Name</th>
                <th scope="col">Strategy</th>
                <th scope="col">Max wait</th>
                <th scope="col">Wrap-up</th>
                <th scope="col">Alerts</th>
                <th scope="col">Agents</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </>
            }
          >
            <For each={rows()}>
              {(q) => (
                <tr data-testid={`queue-${q.name}`} classList={{ selected: open() === q.id }}>
                  <td class="mono">{q.name}</td>
                  <td>{strategyWords(q.strategy)}</td>
                  <td>{seconds(q.maxWaitTime, 'No limit')}</td>
                  <td>{seconds(q.wrapUpTime, 'None')}</td>
                  <td data-testid="queue-alerts">{alertSummary(q.alerts) || <span class="muted">None</span>}</td>
                  <td>
                    <Show when={q.tiers.length > 0} fallback={<span class="muted">None</span>}>
                      <ul class="changes">
                        <For each={q.tiers}>
                          {(t) => (
                            <li>
                              {t.name} <span class="muted">level {t.level}, position {t.position}</span>
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      class="button button-secondary"
                      data-edit={q.id}
                      aria-label={`Edit queue ${q.name}`}
                      aria-expanded={open() === q.id}
                      onClick={() => setOpen(open() === q.id ? null : q.id)}
                    >
                      Edit
                    </button>
                    <button type="button" class="button button-ghost danger" aria-label={`Remove queue ${q.name}`} onClick={() => remove(q)}>
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

/** "wait ≥ 60 s, ≥ 3 waiting, service level < 80 %". */
const alertSummary = (a: AdminQueue['alerts'] | undefined): string =>
  [
    a?.longestWaitSeconds != null && `wait ≥ ${a.longestWaitSeconds} s`,
    a?.waitingCallers != null && `≥ ${a.waitingCallers} waiting`,
    a?.serviceLevelPercent != null && `service level < ${a.serviceLevelPercent} %`,
  ]
    .filter(Boolean)
    .join(', ');
