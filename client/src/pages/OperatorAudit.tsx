// Service provider → Audit log: every tenant's changes and the operators'
// own, newest first, or one tenant's.
import { createEffect, createSignal, For, on, type JSX } from 'solid-js';
import type { TenantRow } from '../../../common/admin.ts';
import { getJson } from '../api.ts';
import { AuditTable, createAuditLog } from '../admin/AuditLog.tsx';
import { createAdminData } from '../admin/data.ts';
import { PageHeading } from '../shell/PageHeading.tsx';
import '../admin/admin.css';

export default function OperatorAudit(): JSX.Element {
  const tenants = createAdminData(['tenants'], () => getJson<{ tenants: TenantRow[] }>('/api/operator/tenants').then((r) => r.tenants));
  const [tenant, setTenant] = createSignal('');
  const log = createAuditLog((before) => {
    const query = new URLSearchParams();
    if (tenant()) query.set('tenant', tenant());
    if (before) query.set('before', before);
    const q = query.toString();
    return `/api/operator/audit${q ? `?${q}` : ''}`;
  });
  createEffect(on(tenant, () => log.reset(), { defer: true }));
  return (
    <div class="page admin-page admin-page-wide">
      <PageHeading title="Audit log">
        <p class="page-lede">Every administrative change and sign-in, of every tenant and of the service provider.</p>
      </PageHeading>
      <div class="card admin-filter">
        <div class="field">
          <label for="audit-tenant">Tenant</label>
          <select id="audit-tenant" value={tenant()} onChange={(e) => setTenant(e.currentTarget.value)}>
            <option value="">All tenants</option>
            <For each={tenants.value()}>{(t) => <option value={t.id}>{t.name}</option>}</For>
          </select>
        </div>
      </div>
      <AuditTable log={log} showTenant />
    </div>
  );
}
