// Administration → Settings: the organisation's package and its limits
// beside what is used, and the balance below which every user's header
// warns of low credit. Values changed elsewhere show here unless this page
// has unsaved changes of its own.
import { createSignal, Show, type JSX } from 'solid-js';
import { tenantSettingsSave, type PackageName, type TenantSettings, type TenantSettingsSave } from '../../../common/admin.ts';
import { failureMessage, request, getJson } from '../api.ts';
import { problem } from '../admin/check.ts';
import { createAdminData } from '../admin/data.ts';
import { trimDecimal } from '../admin/format.ts';
import { draftOf, LIMIT_LABELS, limitsOf, PackageFields, type LimitsDraft } from '../admin/PackageFields.tsx';
import { formatCount, formatMoney } from '../format.ts';
import { PageHeading } from '../shell/PageHeading.tsx';
import '../admin/admin.css';

interface Draft {
  package: PackageName;
  limits: LimitsDraft;
  lowCreditThreshold: string;
}

const draftFrom = (s: TenantSettings): Draft => ({ package: s.package, limits: draftOf(s.limits), lowCreditThreshold: trimDecimal(s.lowCreditThreshold) });

export default function AdminSettings(): JSX.Element {
  const data = createAdminData(['settings', 'extensions', 'credit'], () => getJson<TenantSettings>('/api/admin/settings'));
  return (
    <div class="page admin-page">
      <PageHeading title="Settings">
        <p class="page-lede">Your package's limits and the low-credit warning.</p>
      </PageHeading>
      <Show when={data.error()}>
        <p class="callout callout-error" role="alert">
          {data.error()}
        </p>
      </Show>
      <Show when={data.value()} fallback={<p class="page-loading" role="status">Loading…</p>}>
        {(settings) => <SettingsForm settings={settings()} onSaved={() => void data.reload()} />}
      </Show>
    </div>
  );
}

function SettingsForm(props: { settings: TenantSettings; onSaved: () => void }): JSX.Element {
  /** Unsaved changes; null: show what the server says now. */
  const [draft, setDraft] = createSignal<Draft | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal('');
  const current = () => draft() ?? draftFrom(props.settings);
  const edit = (patch: Partial<Draft>) => {
    setSaved('');
    setDraft({ ...current(), ...patch });
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const d = current();
    const body: TenantSettingsSave = { package: d.package, limits: limitsOf(d.limits), lowCreditThreshold: d.lowCreditThreshold };
    const wrong = problem(tenantSettingsSave, body, { ...LIMIT_LABELS, lowCreditThreshold: 'Low-credit threshold' });
    if (wrong) return setError(wrong);
    setError(null);
    setBusy(true);
    try {
      await request<TenantSettings>('PUT', '/api/admin/settings', body);
      setDraft(null);
      setSaved('Saved.');
      props.onSaved();
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const s = () => props.settings;
  return (
    <div class="admin-columns admin-columns-wide">
      <form class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} aria-label="Package and credit settings">
        <PackageFields
          idPrefix="settings"
          package={current().package}
          limits={current().limits}
          usedExtensions={s().used.extensions}
          onChange={(pkg, limits) => edit({ package: pkg, limits })}
        />
        <div class="field">
          <label for="settings-low-credit">Low-credit threshold ({s().currency})</label>
          <input
            id="settings-low-credit"
            type="text"
            inputmode="decimal"
            autocomplete="off"
            value={current().lowCreditThreshold}
            aria-describedby="settings-low-credit-hint"
            onInput={(e) => edit({ lowCreditThreshold: e.currentTarget.value })}
          />
          <span id="settings-low-credit-hint" class="hint">
            Below this balance every user's header says "Low credit".
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
      <section class="card admin-form" aria-labelledby="settings-summary-title">
        <h2 id="settings-summary-title" class="card-title">
          Your organisation
        </h2>
        <dl class="summary">
          <dt>Name</dt>
          <dd>{s().name}</dd>
          <dt>SIP domain</dt>
          <dd class="mono">{s().domain}</dd>
          <dt>Balance</dt>
          <dd>{formatMoney(s().credit, s().currency)}</dd>
          <dt>Extensions</dt>
          <dd data-testid="settings-extensions-used">
            {formatCount(s().used.extensions)} of {formatCount(s().limits.maxExtensions)} used
          </dd>
        </dl>
      </section>
    </div>
  );
}
