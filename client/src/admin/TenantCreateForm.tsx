// A new tenant: its name, SIP domain, package (or custom limits), currency,
// and optionally its first administrator, who gets a one-time set-password link.
import { createSignal, onMount, Show, type JSX } from 'solid-js';
import { PACKAGES, tenantCreate, type PackageName, type TenantCreate, type TenantRow } from '../../../common/admin.ts';
import { failureMessage, request } from '../api.ts';
import { problem } from './check.ts';
import { draftOf, LIMIT_LABELS, limitsOf, PackageFields, type LimitsDraft } from './PackageFields.tsx';

export interface TenantCreated {
  tenant: TenantRow;
  setPasswordLink?: string;
}

export function TenantCreateForm(props: { onCreated: (created: TenantCreated, adminEmail: string) => void; onCancel: () => void }): JSX.Element {
  const [name, setName] = createSignal('');
  const [domain, setDomain] = createSignal('');
  const [pkg, setPkg] = createSignal<PackageName>('business');
  const [limits, setLimits] = createSignal<LimitsDraft>(draftOf(PACKAGES.business));
  const [currency, setCurrency] = createSignal('USD');
  const [adminEmail, setAdminEmail] = createSignal('');
  const [adminName, setAdminName] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let first!: HTMLInputElement;
  onMount(() => first.focus());

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const withAdmin = adminEmail().trim() !== '' || adminName().trim() !== '';
    const body: TenantCreate = {
      name: name(),
      domain: domain(),
      package: pkg(),
      limits: limitsOf(limits()),
      currency: currency(),
      ...(withAdmin && { admin: { email: adminEmail(), name: adminName() } }),
    };
    const wrong = problem(tenantCreate, body, LIMIT_LABELS);
    if (wrong) return setError(wrong);
    setError(null);
    setBusy(true);
    try {
      props.onCreated(await request<TenantCreated>('POST', '/api/operator/tenants', body), adminEmail().trim().toLowerCase());
    } catch (err) {
      setError(failureMessage(err));
      setBusy(false);
    }
  };

  return (
    <form id="tenant-new" class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} aria-labelledby="tenant-new-title">
      <h2 id="tenant-new-title" class="card-title">
        New tenant
      </h2>
      <div class="field-row">
        <div class="field">
          <label for="tenant-new-name">Name</label>
          <input ref={first} id="tenant-new-name" type="text" autocomplete="off" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="tenant-new-domain">SIP domain</label>
          <input
            id="tenant-new-domain"
            type="text"
            autocomplete="off"
            spellcheck={false}
            placeholder="acme.pbx.example.com"
            value={domain()}
            aria-describedby="tenant-new-domain-hint"
            onInput={(e) => setDomain(e.currentTarget.value)}
          />
          <span id="tenant-new-domain-hint" class="hint">
            Its phones register to this domain.
          </span>
        </div>
        <div class="field">
          <label for="tenant-new-currency">Currency</label>
          <input
            id="tenant-new-currency"
            type="text"
            autocomplete="off"
            maxLength={3}
            value={currency()}
            aria-describedby="tenant-new-currency-hint"
            onInput={(e) => setCurrency(e.currentTarget.value)}
          />
          <span id="tenant-new-currency-hint" class="hint">
            Three letters, e.g. USD or EUR.
          </span>
        </div>
      </div>
      <PackageFields
        idPrefix="tenant-new"
        package={pkg()}
        limits={limits()}
        onChange={(p, l) => {
          setPkg(p);
          setLimits(l);
        }}
      />
      <fieldset class="admin-fieldset">
        <legend>
          First administrator <span class="optional">(optional)</span>
        </legend>
        <p class="muted small">They get a one-time link to choose their password, shown to you once.</p>
        <div class="field-row">
          <div class="field">
            <label for="tenant-new-admin-email">Administrator's e-mail</label>
            <input id="tenant-new-admin-email" type="email" autocomplete="off" spellcheck={false} value={adminEmail()} onInput={(e) => setAdminEmail(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="tenant-new-admin-name">Administrator's name</label>
            <input id="tenant-new-admin-name" type="text" autocomplete="off" value={adminName()} onInput={(e) => setAdminName(e.currentTarget.value)} />
          </div>
        </div>
      </fieldset>
      <div role="alert">
        <Show when={error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-busy={busy()}>
          {busy() ? 'Creating…' : 'Create tenant'}
        </button>
        <button type="button" class="button button-ghost" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
