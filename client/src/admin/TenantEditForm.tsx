// An operator's edit of a tenant: its name, package and limits, and the
// low-credit threshold. What others change shows here unless this form has
// unsaved changes of its own.
import { createSignal, Show, type JSX } from 'solid-js';
import { tenantUpdate, type PackageName, type TenantRow, type TenantUpdate } from '../../../common/admin.ts';
import { failureMessage, request } from '../api.ts';
import { problem } from './check.ts';
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
  const [draft, setDraft] = createSignal<Draft | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal('');
  const current = () => draft() ?? draftFrom(props.tenant);
  const edit = (patch: Partial<Draft>) => {
    setSaved('');
    setDraft({ ...current(), ...patch });
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const d = current();
    const body: TenantUpdate = { name: d.name, package: d.package, limits: limitsOf(d.limits), lowCreditThreshold: d.lowCreditThreshold };
    const wrong = problem(tenantUpdate, body, { ...LIMIT_LABELS, lowCreditThreshold: 'Low-credit threshold' });
    if (wrong) return setError(wrong);
    setError(null);
    setBusy(true);
    try {
      const tenant = await request<TenantRow>('PATCH', `/api/operator/tenants/${props.tenant.id}`, body);
      setDraft(null);
      setSaved('Saved.');
      props.onSaved(tenant);
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} aria-labelledby="tenant-edit-title">
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
      <div role="alert">
        <Show when={error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-busy={busy()}>
          {busy() ? 'Saving…' : 'Save'}
        </button>
        <Show when={draft()}>
          <button type="button" class="button button-ghost" onClick={() => (setDraft(null), setError(null))}>
            Discard changes
          </button>
        </Show>
        <span role="status" class="form-ok">
          {saved()}
        </span>
      </div>
    </form>
  );
}
