// Service provider → one tenant: its balance beside the sum of its ledger
// (they must agree), its details and package, its service (suspend or
// resume, with a reason), credit bookings, and the ledger itself.
import { A, useParams } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import type { TenantRow } from '../../../common/admin.ts';
import { request } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../admin/ConfirmDialog.tsx';
import { CreditForm } from '../admin/CreditForm.tsx';
import { formatWhen } from '../admin/format.ts';
import { createLedger } from '../admin/ledger.ts';
import { TenantEditForm } from '../admin/TenantEditForm.tsx';
import { TenantStatus } from '../admin/TenantStatus.tsx';
import { formatMoney, isBelow, isNegativeAmount } from '../format.ts';
import { ListStates } from '../shell/ListStates.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';
import '../admin/admin.css';

/** Decimal strings compared as decimals ("100.0000" is "100"). */
const sameAmount = (a: string, b: string) => !isBelow(a, b) && !isBelow(b, a);

const KIND_LABELS = { opening: 'Opening balance', 'top-up': 'Top-up', correction: 'Correction', call: 'Call' } as const;

export default function OperatorTenant(): JSX.Element {
  const params = useParams<{ id: string }>();
  // Another tenant's page is a new page: nothing of this one's carries over.
  return (
    <Show when={params.id} keyed>
      {(id) => <TenantPage id={id} />}
    </Show>
  );
}

function TenantPage(props: { id: string }): JSX.Element {
  const ledger = createLedger(props.id);
  const [confirm, setConfirm] = createSignal<ConfirmRequest | null>(null);
  const [notice, setNotice] = createSignal('');

  const changed = (tenant: TenantRow, message: string) => {
    setNotice(message);
    void ledger.refresh();
    return tenant;
  };

  const service = (t: TenantRow) =>
    setConfirm(
      t.suspended
        ? {
            title: `Resume ${t.name}?`,
            body: `${t.name} is back in service at once: its users can sign in, its phones can register, and its numbers and queues take calls again.`,
            confirmLabel: 'Resume service',
            busyLabel: 'Resuming…',
            reason: { label: 'Reason', hint: 'Kept in the audit log.' },
            action: async (reason) => {
              changed(await request<TenantRow>('POST', `/api/operator/tenants/${t.id}/resume`, { reason }), `${t.name} is in service again.`);
            },
          }
        : {
            title: `Suspend ${t.name}?`,
            body: `${t.name}'s service stops at once:`,
            details: [
              'Every user of the tenant is signed out and cannot sign in.',
              'Its phones are dropped and cannot register.',
              'Calls to and from its numbers and queues are refused.',
            ],
            confirmLabel: 'Suspend service',
            busyLabel: 'Suspending…',
            danger: true,
            reason: { label: 'Reason', hint: 'Kept in the audit log.' },
            action: async (reason) => {
              changed(await request<TenantRow>('POST', `/api/operator/tenants/${t.id}/suspend`, { reason }), `${t.name} is suspended.`);
            },
          },
    );

  return (
    <div class="page admin-page admin-page-wide">
      <PageHeading title={ledger.tenant()?.name ?? 'Tenant'}>
        <p class="page-lede">
          <A href="/operator/tenants">All tenants</A>
          <Show when={ledger.tenant()}>
            {(t) => (
              <>
                {' · '}
                <span class="mono">{t().domain}</span> <TenantStatus suspended={t().suspended} />
              </>
            )}
          </Show>
        </p>
      </PageHeading>
      <Show when={ledger.error()}>
        <p class="callout callout-error" role="alert">
          {ledger.error()}
        </p>
      </Show>
      <p role="status" class="form-ok admin-notice" data-testid="admin-notice">
        {notice()}
      </p>
      <Show when={ledger.tenant()} fallback={<Show when={!ledger.error()}><p class="page-loading" role="status">Loading…</p></Show>}>
        {(t) => (
          <>
            <div class="figure-grid balance-grid">
              <section class="card figure" data-testid="tenant-balance" aria-label="Balance">
                <p class="figure-label">Balance</p>
                <p class="figure-value">
                  <span class="figure-number" classList={{ negative: isNegativeAmount(t().credit) }}>
                    {formatMoney(t().credit, t().currency)}
                  </span>
                </p>
                <p class="figure-caption">what the tenant has to spend</p>
              </section>
              <section class="card figure" data-testid="ledger-sum" aria-label="Ledger sum">
                <p class="figure-label">Ledger sum</p>
                <p class="figure-value">
                  <span class="figure-number">{formatMoney(ledger.sum() ?? '0', t().currency)}</span>
                </p>
                <p class="figure-caption">
                  {sameAmount(ledger.sum() ?? '0', t().credit) ? 'every booking added up: equal to the balance' : 'does not match the balance'}
                </p>
              </section>
              <section class="card figure service-card" aria-labelledby="service-title">
                <p id="service-title" class="figure-label">
                  Service
                </p>
                <p class="figure-value">
                  <TenantStatus suspended={t().suspended} />
                </p>
                <div>
                  <button type="button" class="button" classList={{ 'button-secondary': true, danger: !t().suspended }} onClick={() => service(t())}>
                    {t().suspended ? 'Resume service' : 'Suspend service'}
                  </button>
                </div>
              </section>
            </div>
            <div class="admin-columns admin-columns-wide">
              <TenantEditForm tenant={t()} onSaved={(saved) => changed(saved, `${saved.name} was saved.`)} />
              <CreditForm tenantId={t().id} currency={t().currency} onBooked={(l) => ledger.apply(l)} />
            </div>
            <h2 class="section-title" id="ledger-title">
              Credit ledger
            </h2>
            <ListStates error={undefined} rows={ledger.rows()} empty={<p>No booking yet.</p>}>
              {(rows) => (
                <>
                  <TableCard
                    class="admin-table"
                    testId="ledger"
                    caption="Credit ledger, newest first"
                    head={
                      <>
                        <th scope="col">Time</th>
                        <th scope="col">Kind</th>
                        <th scope="col" class="num">
                          Amount
                        </th>
                        <th scope="col" class="num">
                          Balance after
                        </th>
                        <th scope="col">By</th>
                        <th scope="col">Reason</th>
                      </>
                    }
                  >
                    <For each={rows()}>
                      {(row) => (
                        <tr data-testid="ledger-row">
                          <td class="nowrap">{formatWhen(row.at)}</td>
                          <td>{KIND_LABELS[row.kind]}</td>
                          <td class="num" classList={{ negative: isNegativeAmount(row.amount) }}>
                            {formatMoney(row.amount, t().currency)}
                          </td>
                          <td class="num">{formatMoney(row.balance, t().currency)}</td>
                          <td>{row.actor}</td>
                          <td>{row.reason || <span class="muted">—</span>}</td>
                        </tr>
                      )}
                    </For>
                  </TableCard>
                  <div class="load-more">
                    <Show when={ledger.next()} fallback={<p class="muted small">That is the first booking.</p>}>
                      <button type="button" class="button button-secondary" aria-busy={ledger.loadingOlder()} onClick={() => void ledger.older()}>
                        {ledger.loadingOlder() ? 'Loading…' : 'Load older'}
                      </button>
                    </Show>
                  </div>
                </>
              )}
            </ListStates>
          </>
        )}
      </Show>
      <ConfirmDialog request={confirm()} onClose={() => setConfirm(null)} />
    </div>
  );
}
