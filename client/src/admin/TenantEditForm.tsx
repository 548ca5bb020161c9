// An operator's edit of a tenant: its name, package and limits, and the
// low-credit threshold. What others change shows here unless this form has
// unsaved changes of its own.
import type { JSX } from 'solid-js';
import { tenantUpdate, type PackageName, type TenantRow, type TenantUpdate } from '../../../common/admin.ts';
import { request } from '../api.ts';
import { problem } from './check.ts';
import { createDraftForm, DraftActions } from './draft-form.tsx';
import { trimDecimal } from './format.ts';
import { draftOf, LIMIT_LABELS, limitsOf, PackageFields, type LimitsDraft } from './PackageFields.tsx';

interface Draft {
  name: string;
  package: PackageName;
  limits: LimitsDraft;
  lowCreditThreshold: string;
}

const draftFrom = (t: TenantRow): Draft => ({ name: t.name, package: t.package, limits: draftOf(t.limits), lowCreditThreshold: trimDecimal(t.lowCreditThreshold) });

export function TenantEditForm(props: { tenant: TenantRow; onSaved: (tenant: TenantRow) => void }): JSX.Element {
  const form = createDraftForm(() => draftFrom(props.tenant));
  const current = form.current;
  const edit = (patch: Partial<Draft>) => form.edit(patch);
  const bodyOf = (d: Draft): TenantUpdate => ({ name: d.name, package: d.package, limits: limitsOf(d.limits), lowCreditThreshold: d.lowCreditThreshold });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    return form.save(
      (d) => problem(tenantUpdate, bodyOf(d), { ...LIMIT_LABELS, lowCreditThreshold: 'Low-credit threshold' }),
      async (d) => props.onSaved(await request<TenantRow>('PATCH', `/api/operator/tenants/${props.tenant.id}`, bodyOf(d))),
    );
  };

  return (
    <form class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={form.busy()} aria-labelledby="tenant-edit-title">
      <h2 id="tenant-edit-title" class="card-title">
        Details
      </h2>
      <div class="field">
        <label for="tenant-edit-name">Name</label>
        <input id="tenant-edit-name" type="text" autocomplete="off" value={current().name} onInput={(e) => edit({ name: e.currentTarget.value })} />
      </div>
      <PackageFields
        idPrefix="tenant-edit"
        package={current().package}
        limits={current().limits}
        usedExtensions={props.tenant.extensions}
        onChange={(pkg, limits) => edit({ package: pkg, limits })}
      />
      <div class="field">
        <label for="tenant-edit-low-credit">Low-credit threshold ({props.tenant.currency})</label>
        <input
          id="tenant-edit-low-credit"
          type="text"
          inputmode="decimal"
          autocomplete="off"
          value={current().lowCreditThreshold}
          aria-describedby="tenant-edit-low-credit-hint"
          onInput={(e) => edit({ lowCreditThreshold: e.currentTarget.value })}
        />
        <span id="tenant-edit-low-credit-hint" class="hint">
          Below this balance the tenant's users see "Low credit".
        </span>
      </div>
      <DraftActions form={form} />
    </form>
  );
}
