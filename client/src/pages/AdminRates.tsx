// Administration → Rates: what an outside call costs per minute, by number
// prefix (the longest match wins); one rate at a time or a whole CSV file.
import { createSignal, For, Show, type JSX } from 'solid-js';
import type { AdminRate, TenantSettings } from '../../../common/admin.ts';
import { getJson, request } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../admin/ConfirmDialog.tsx';
import { createAdminData } from '../admin/data.ts';
import { trimDecimal } from '../admin/format.ts';
import { RateForm } from '../admin/RateForm.tsx';
import { RateImport } from '../admin/RateImport.tsx';
import { ListStates } from '../shell/ListStates.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';
import '../admin/admin.css';

interface Data {
  rates: AdminRate[];
  currency: string;
}

export default function AdminRates(): JSX.Element {
  const data = createAdminData(['rates', 'settings'], async (): Promise<Data> => {
    const [rates, settings] = await Promise.all([getJson<{ rates: AdminRate[] }>('/api/admin/rates'), getJson<TenantSettings>('/api/admin/settings')]);
    return { rates: rates.rates, currency: settings.currency };
  });
  /** 'new', 'import', a rate's id (its form), or nothing open. */
  const [open, setOpen] = createSignal<string | null>(null);
  const [confirm, setConfirm] = createSignal<ConfirmRequest | null>(null);
  const [notice, setNotice] = createSignal('');
  let newButton!: HTMLButtonElement;
  let importButton!: HTMLButtonElement;

  const editing = () => data.value()?.rates.find((r) => r.id === open());
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
  const toggle = (what: string) => setOpen(open() === what ? null : what);

  const remove = (rate: AdminRate) =>
    setConfirm({
      title: `Remove the rate for ${rate.prefix}?`,
      body: `Calls to numbers starting with ${rate.prefix} are priced by the next shorter prefix from now on (or not at all).`,
      confirmLabel: 'Remove rate',
      busyLabel: 'Removing…',
      danger: true,
      action: async () => {
        await request('DELETE', `/api/admin/rates/${rate.id}`);
        if (open() === rate.id) setOpen(null);
        done(`The rate for ${rate.prefix} was removed.`);
      },
    });

  return (
    <div class="page admin-page">
      <PageHeading title="Rates">
        <p class="page-lede">What outside calls cost per minute, by the prefix of the number called. The longest matching prefix wins.</p>
      </PageHeading>
      <div class="admin-toolbar">
        <p role="status" class="form-ok" data-testid="admin-notice">
          {notice()}
        </p>
        <div class="admin-toolbar-end">
          <button ref={importButton} type="button" class="button button-secondary" aria-expanded={open() === 'import'} aria-controls="rate-import" onClick={() => toggle('import')}>
            Import CSV
          </button>
          <button ref={newButton} type="button" class="button button-primary" aria-expanded={open() === 'new'} aria-controls="rate-new" onClick={() => toggle('new')}>
            New rate
          </button>
        </div>
      </div>
      <Show when={open() === 'import'}>
        <RateImport onImported={() => void data.reload()} onCancel={() => close(importButton)} />
      </Show>
      <Show when={open() === 'new'}>
        <RateForm
          onSaved={(rate) => {
            close(newButton);
            done(`The rate for ${rate.prefix} was added.`);
          }}
          onCancel={() => close(newButton)}
        />
      </Show>
      <Show when={editing()} keyed>
        {(rate) => (
          <RateForm
            rate={rate}
            onSaved={(saved) => {
              close(rowButton(saved.id));
              done(`The rate for ${saved.prefix} was saved.`);
            }}
            onCancel={() => close(rowButton(rate.id))}
          />
        )}
      </Show>
      <ListStates error={data.error()} rows={data.value()?.rates} empty={<p>No rates yet: outside calls are not priced.</p>}>
        {(rows) => (
          <TableCard
            class="admin-table"
            testId="admin-rates"
            caption="Per-minute rates by prefix"
            head={
              <>
                <th scope="col">Prefix</th>
                <th scope="col" class="num">
                  Per minute ({data.value()?.currency})
                </th>
                <th scope="col" class="num">
                  First increment
                </th>
                <th scope="col" class="num">
                  Next increment
                </th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </>
            }
          >
            <For each={rows()}>
              {(r) => (
                <tr data-testid={`rate-${r.prefix}`} classList={{ selected: open() === r.id }}>
                  <td class="mono">{r.prefix}</td>
                  <td class="num mono">{trimDecimal(r.perMinute)}</td>
                  <td class="num">{r.firstIncrement} s</td>
                  <td class="num">{r.increment} s</td>
                  <td class="actions">
                    <button
                      type="button"
                      class="button button-secondary"
                      data-edit={r.id}
                      aria-label={`Edit the rate for ${r.prefix}`}
                      aria-expanded={open() === r.id}
                      onClick={() => toggle(r.id)}
                    >
                      Edit
                    </button>
                    <button type="button" class="button button-ghost danger" aria-label={`Remove the rate for ${r.prefix}`} onClick={() => remove(r)}>
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
