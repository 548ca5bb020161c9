// Administration → Settings: the organisation's package and its limits
// beside what is used, the balance below which every user's header warns of
// low credit, the agent desk (break reasons, the no-phone break) and whether
// supervisors and admins must use two-step sign-in. Values
// changed elsewhere show here unless this page has unsaved changes of its own.
import { Show, type JSX } from 'solid-js';
import { tenantSettingsSave, type PackageName, type TenantSettings, type TenantSettingsSave } from '../../../common/admin.ts';
import { request, getJson } from '../api.ts';
import { problem } from '../admin/check.ts';
import { createAdminData } from '../admin/data.ts';
import { trimDecimal } from '../admin/format.ts';
import { DeskSettingsForm } from '../admin/DeskSettingsForm.tsx';
import { SecuritySettingsForm } from '../admin/SecuritySettingsForm.tsx';
import { createDraftForm, DraftActions } from '../admin/draft-form.tsx';
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
        <p class="page-lede">Your package's limits, the low-credit warning and how the agent desk behaves.</p>
      </PageHeading>
      <Show when={data.error()}>
        <p class="callout callout-error" role="alert">
          {data.error()}
        </p>
      </Show>
      <Show when={data.value()} fallback={<p class="page-loading" role="status">Loading…</p>}>
        {(settings) => (
          <>
            <SettingsForm settings={settings()} onSaved={() => data.reload()} />
            <div class="admin-columns admin-columns-wide admin-columns-next">
              <DeskSettingsForm settings={settings()} onSaved={() => data.reload()} />
              <SecuritySettingsForm settings={settings()} onSaved={() => data.reload()} />
            </div>
          </>
        )}
      </Show>
    </div>
  );
}

function SettingsForm(props: { settings: TenantSettings; onSaved: () => Promise<unknown> }): JSX.Element {
  const form = createDraftForm(() => draftFrom(props.settings));
  const current = form.current;
  const edit = (patch: Partial<Draft>) => form.edit(patch);
  const bodyOf = (d: Draft): TenantSettingsSave => ({ package: d.package, limits: limitsOf(d.limits), lowCreditThreshold: d.lowCreditThreshold });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    return form.save(
      (d) => problem(tenantSettingsSave, bodyOf(d), { ...LIMIT_LABELS, lowCreditThreshold: 'Low-credit threshold' }),
      async (d) => {
        await request<TenantSettings>('PUT', '/api/admin/settings', bodyOf(d));
        // The draft goes once the page shows the saved values, never the old ones in between.
        await props.onSaved();
      },
    );
  };

  const s = () => props.settings;
  return (
    <div class="admin-columns admin-columns-wide">
      <form class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={form.busy()} aria-label="Package and credit settings">
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
        <DraftActions form={form} />
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
