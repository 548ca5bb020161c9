// Service provider → Tenants: every tenant with its package, users,
// extensions against the limit, balance and service; a new tenant (with its
// first administrator's one-time link). Each name opens the tenant's page.
import { A } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { PASSWORD_LINK_HOURS, type TenantRow } from '../../../common/admin.ts';
import { getJson } from '../api.ts';
import { createAdminData } from '../admin/data.ts';
import { PACKAGE_LABELS } from '../admin/PackageFields.tsx';
import { ShownOnce, type Secret } from '../admin/ShownOnce.tsx';
import { TenantCreateForm, type TenantCreated } from '../admin/TenantCreateForm.tsx';
import { TenantStatus } from '../admin/TenantStatus.tsx';
import { formatCount, formatMoney, isNegativeAmount } from '../format.ts';
import { ListStates } from '../shell/ListStates.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';
import '../admin/admin.css';

export default function OperatorTenants(): JSX.Element {
  const tenants = createAdminData(['tenants', 'credit'], () => getJson<{ tenants: TenantRow[] }>('/api/operator/tenants').then((r) => r.tenants));
  const [creating, setCreating] = createSignal(false);
  const [secret, setSecret] = createSignal<Secret | null>(null);
  const [notice, setNotice] = createSignal('');
  let newButton!: HTMLButtonElement;

  const created = (result: TenantCreated, adminEmail: string) => {
    setCreating(false);
    setNotice(`${result.tenant.name} was created.`);
    void tenants.reload();
    if (result.setPasswordLink) {
      setSecret({
        title: `Set-password link for ${adminEmail}, first administrator of ${result.tenant.name}`,
        value: result.setPasswordLink,
        note: `Switchboard does not keep it: copy it now and send it to ${adminEmail}. It works once, for ${PASSWORD_LINK_HOURS} hours.`,
      });
    } else {
      newButton.focus();
    }
  };

  return (
    <div class="page admin-page admin-page-wide">
      <PageHeading title="Tenants">
        <p class="page-lede">The organisations you serve: their package, size, balance and service.</p>
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
          aria-expanded={creating()}
          aria-controls="tenant-new"
          onClick={() => setCreating((v) => !v)}
        >
          New tenant
        </button>
      </div>
      <Show when={creating()}>
        <TenantCreateForm
          onCreated={created}
          onCancel={() => {
            setCreating(false);
            newButton.focus();
          }}
        />
      </Show>
      <ListStates error={tenants.error()} rows={tenants.value()} empty={<p>There is no tenant yet.</p>}>
        {(rows) => (
          <TableCard
            class="admin-table"
            testId="operator-tenants"
            caption="Tenants"
            head={
              <>
                <th scope="col">Name</th>
                <th scope="col">SIP domain</th>
                <th scope="col">Package</th>
                <th scope="col" class="num">
                  Users
                </th>
                <th scope="col" class="num">
                  Extensions
                </th>
                <th scope="col" class="num">
                  Balance
                </th>
                <th scope="col">Service</th>
              </>
            }
          >
            <For each={rows()}>
              {(t) => (
                <tr data-testid={`tenant-${t.domain}`}>
                  <td>
                    <A href={`/operator/tenants/${t.id}`}>{t.name}</A>
                  </td>
                  <td class="mono">{t.domain}</td>
                  <td>{PACKAGE_LABELS[t.package]}</td>
                  <td class="num">{formatCount(t.users)}</td>
                  <td class="num">
                    {formatCount(t.extensions)} / {formatCount(t.limits.maxExtensions)}
                  </td>
                  <td class="num" classList={{ negative: isNegativeAmount(t.credit) }}>
                    {formatMoney(t.credit, t.currency)}
                  </td>
                  <td>
                    <TenantStatus suspended={t.suspended} />
                  </td>
                </tr>
              )}
            </For>
          </TableCard>
        )}
      </ListStates>
    </div>
  );
}
