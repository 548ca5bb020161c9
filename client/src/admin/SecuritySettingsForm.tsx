// Administration → Settings → Sign-in security: whether the organisation's
// supervisors and admins must use two-step sign-in. The server refuses to
// require it before the admin saving it has it on, so nobody locks
// themselves out; the message says what to do.
import { type JSX } from 'solid-js';
import type { TenantSettings, TenantSettingsSave } from '../../../common/admin.ts';
import { request } from '../api.ts';
import { createDraftForm, DraftActions } from './draft-form.tsx';

interface Draft {
  requireSecondFactor: boolean;
}

export function SecuritySettingsForm(props: { settings: TenantSettings; onSaved: () => Promise<unknown> }): JSX.Element {
  const form = createDraftForm<Draft>(() => ({ requireSecondFactor: props.settings.requireSecondFactor }));
  // The package fields are sent as the server has them: this form changes the requirement only.
  const bodyOf = (d: Draft): TenantSettingsSave => ({
    package: props.settings.package,
    limits: props.settings.limits,
    lowCreditThreshold: props.settings.lowCreditThreshold,
    requireSecondFactor: d.requireSecondFactor,
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    return form.save(
      () => null,
      async (d) => {
        await request<TenantSettings>('PUT', '/api/admin/settings', bodyOf(d));
        await props.onSaved();
      },
    );
  };
  return (
    <form class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={form.busy()} aria-labelledby="security-title">
      <h2 id="security-title" class="card-title">
        Sign-in security
      </h2>
      <div class="field field-check">
        <input
          id="security-require-second-factor"
          type="checkbox"
          checked={form.current().requireSecondFactor}
          aria-describedby="security-require-second-factor-hint"
          onChange={(e) => form.edit({ requireSecondFactor: e.currentTarget.checked })}
        />
        <label for="security-require-second-factor">Require two-step sign-in for supervisors and admins</label>
        <span class="hint" id="security-require-second-factor-hint">
          They then sign in with a code from an authenticator app as well as their password, and set it up at their next sign-in if they have not
          yet. Turn it on for your own account first (My Account). Agents may turn it on for themselves.
        </span>
      </div>
      <DraftActions form={form} />
    </form>
  );
}
