// Settings tab: the four SIP settings, Save (registers), and one click to
// fill them from My Account.
import { A } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ApiFailure } from '../api.ts';
import { ownSettings } from './credentials.ts';
import { NotificationSetting } from './NotificationPrompt.tsx';
import { tidy, validateSettings, type SettingsErrors, type SipSettings } from './settings.ts';

const FIELDS: { key: keyof SipSettings; label: string; type: 'text' | 'password'; placeholder: string; autocomplete: string }[] = [
  { key: 'extension', label: 'SIP extension', type: 'text', placeholder: '1001', autocomplete: 'username' },
  { key: 'password', label: 'SIP password', type: 'password', placeholder: '', autocomplete: 'current-password' },
  { key: 'domain', label: 'SIP domain', type: 'text', placeholder: 'acme.pbx.example', autocomplete: 'off' },
  { key: 'wsServer', label: 'WebSocket server', type: 'text', placeholder: 'wss://pbx.example:7443', autocomplete: 'off' },
];

export function SettingsTab(props: { values: SipSettings; onChange: (s: SipSettings) => void; onSave: (s: SipSettings) => void }): JSX.Element {
  const [errors, setErrors] = createSignal<SettingsErrors>({});
  const [filling, setFilling] = createSignal(false);
  const [message, setMessage] = createSignal<string | null>(null);

  const save = (event: SubmitEvent) => {
    event.preventDefault();
    const settings = tidy(props.values);
    const found = validateSettings(settings);
    setErrors(found);
    const first = FIELDS.find((f) => found[f.key]);
    if (first) {
      document.getElementById(`sp-${first.key}`)?.focus();
      return;
    }
    props.onSave(settings);
  };

  const fill = async () => {
    setFilling(true);
    setMessage(null);
    try {
      const own = await ownSettings();
      if (own) {
        props.onChange(own);
        setErrors({});
      } else setMessage('You have no extension of your own: ask an administrator, or enter the settings by hand.');
    } catch (err) {
      setMessage(err instanceof ApiFailure ? err.message : 'Could not read My Account.');
    } finally {
      setFilling(false);
    }
  };

  return (
    <form class="form sp-settings" onSubmit={save} novalidate aria-label="Softphone settings">
      <For each={FIELDS}>
        {(field) => (
          <div class="field">
            <label for={`sp-${field.key}`}>{field.label}</label>
            <input
              id={`sp-${field.key}`}
              name={field.key}
              type={field.type}
              placeholder={field.placeholder}
              autocomplete={field.autocomplete}
              spellcheck={false}
              value={props.values[field.key]}
              aria-invalid={errors()[field.key] ? 'true' : undefined}
              aria-describedby={errors()[field.key] ? `sp-${field.key}-error` : undefined}
              onInput={(e) => props.onChange({ ...props.values, [field.key]: e.currentTarget.value })}
            />
            <Show when={errors()[field.key]}>
              {(error) => (
                <span class="sp-field-error" id={`sp-${field.key}-error`}>
                  {error()}
                </span>
              )}
            </Show>
          </div>
        )}
      </For>
      <Show when={message()}>
        <p class="sp-field-error" role="alert">
          {message()}
        </p>
      </Show>
      <div class="sp-row">
        <button type="submit" class="button button-primary">
          Save
        </button>
        <button type="button" class="button button-secondary" aria-busy={filling()} onClick={() => void fill()}>
          {filling() ? 'Filling…' : 'Fill from My Account'}
        </button>
      </div>
      <p class="muted sp-hint">The SIP password stays in this tab's memory; it is never stored in the browser.</p>
      <p class="sp-hint">
        <A href="/softphone/check">Check the microphone, speaker and connection</A>
      </p>
      <NotificationSetting />
    </form>
  );
}
