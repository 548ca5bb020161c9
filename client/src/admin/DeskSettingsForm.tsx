// Administration → Settings → Agent desk: the break reasons agents choose
// from (in the order the agent's menu shows them) and whether an available
// agent whose last phone went away is put On Break by itself, after how
// long. Saved with the package fields the server asks for, as they stand.
import { Index, Show, type JSX } from 'solid-js';
import { tenantSettingsSave, type TenantSettings, type TenantSettingsSave } from '../../../common/admin.ts';
import { request } from '../api.ts';
import { problem, wholeNumber } from './check.ts';
import { createDraftForm, DraftActions } from './draft-form.tsx';

interface Draft {
  reasons: string[];
  noPhoneBreak: boolean;
  grace: string;
  hideListening: boolean;
}

const draftFrom = (s: TenantSettings): Draft => ({ reasons: [...s.breakReasons], noPhoneBreak: s.noPhoneBreak, grace: String(s.noPhoneGraceSeconds), hideListening: s.hideListening });

export function DeskSettingsForm(props: { settings: TenantSettings; onSaved: () => Promise<unknown> }): JSX.Element {
  const form = createDraftForm(() => draftFrom(props.settings));
  const current = form.current;
  const edit = (patch: Partial<Draft>) => form.edit(patch);
  const editReasons = (change: (reasons: string[]) => void) => {
    const reasons = [...current().reasons];
    change(reasons);
    edit({ reasons });
  };
  let list!: HTMLOListElement;
  /** After adding or moving, the cursor follows the reason it was on. */
  const focusReason = (i: number) => queueMicrotask(() => list.querySelectorAll('input')[i]?.focus());
  const move = (from: number, to: number) => {
    editReasons((r) => r.splice(to, 0, ...r.splice(from, 1)));
    focusReason(to);
  };

  // The package fields are sent as the server has them: this form changes the desk only.
  const bodyOf = (d: Draft): TenantSettingsSave => ({
    package: props.settings.package,
    limits: props.settings.limits,
    lowCreditThreshold: props.settings.lowCreditThreshold,
    breakReasons: d.reasons.map((r) => r.trim()),
    noPhoneBreak: d.noPhoneBreak,
    noPhoneGraceSeconds: wholeNumber(d.grace),
    hideListening: d.hideListening,
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    return form.save(
      (d) => problem(tenantSettingsSave, bodyOf(d), { noPhoneGraceSeconds: 'Seconds without a phone' }),
      async (d) => {
        await request<TenantSettings>('PUT', '/api/admin/settings', bodyOf(d));
        await props.onSaved();
      },
    );
  };

  return (
    <form class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={form.busy()} aria-labelledby="desk-title">
      <h2 id="desk-title" class="card-title">
        Agent desk
      </h2>
      <fieldset class="admin-fieldset">
        <legend>Break reasons</legend>
        <span class="hint" id="desk-reasons-hint">
          What agents choose from when they take a break, in this order. An agent on a break keeps its reason if you remove it.
        </span>
        <ol class="reason-list" ref={list} aria-describedby="desk-reasons-hint" data-testid="break-reasons">
          <Index each={current().reasons}>
            {(reason, i) => (
              <li>
                <input
                  type="text"
                  aria-label={`Break reason ${i + 1}`}
                  maxLength={60}
                  value={reason()}
                  onInput={(e) => editReasons((r) => (r[i] = e.currentTarget.value))}
                />
                <button type="button" class="button button-ghost" aria-label={`Move ${reason() || 'reason'} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>
                  ↑
                </button>
                <button
                  type="button"
                  class="button button-ghost"
                  aria-label={`Move ${reason() || 'reason'} down`}
                  disabled={i === current().reasons.length - 1}
                  onClick={() => move(i, i + 1)}
                >
                  ↓
                </button>
                <button type="button" class="button button-ghost" aria-label={`Remove ${reason() || 'reason'}`} onClick={() => editReasons((r) => r.splice(i, 1))}>
                  Remove
                </button>
              </li>
            )}
          </Index>
        </ol>
        <Show when={current().reasons.length === 0}>
          <p class="muted">No reasons: agents take a plain break.</p>
        </Show>
        <button
          type="button"
          class="button button-secondary"
          onClick={() => {
            editReasons((r) => r.push(''));
            focusReason(current().reasons.length - 1);
          }}
        >
          Add a reason
        </button>
      </fieldset>
      <div class="field field-check">
        <input id="desk-no-phone" type="checkbox" checked={current().noPhoneBreak} onChange={(e) => edit({ noPhoneBreak: e.currentTarget.checked })} />
        <label for="desk-no-phone">Put an agent without a phone On Break</label>
        <span class="hint">
          When an Available agent's last registered phone goes away, Switchboard puts them On Break ("No phone") and back to Available when a phone
          registers again. A break the agent chose is never undone.
        </span>
      </div>
      <Show when={current().noPhoneBreak}>
        <div class="field">
          <label for="desk-grace">Seconds without a phone first</label>
          <input id="desk-grace" type="text" inputmode="numeric" autocomplete="off" value={current().grace} onInput={(e) => edit({ grace: e.currentTarget.value })} />
          <span class="hint">A phone that re-registers within this time (a restart, a network blip) changes nothing.</span>
        </div>
      </Show>
      <div class="field field-check">
        <input id="desk-hide-listening" type="checkbox" checked={current().hideListening} onChange={(e) => edit({ hideListening: e.currentTarget.checked })} />
        <label for="desk-hide-listening">Do not show agents that a supervisor is listening</label>
        <span class="hint">An agent always sees a supervisor who whispers to them or barges in; this hides only silent listening.</span>
      </div>
      <DraftActions form={form} />
    </form>
  );
}

