// New extension, or an existing one's settings: owner, caller ID, voicemail.
// The number is chosen once; the SIP password is never typed (the server
// makes one, shown once). A voicemail PIN left empty keeps the current one.
import { createSignal, For, onMount, Show, type JSX } from 'solid-js';
import {
  extensionCreate,
  extensionUpdate,
  type AdminExtension,
  type AdminUser,
  type ExtensionCreate,
  type ExtensionSecret,
  type ExtensionUpdate,
} from '../../../common/admin.ts';
import { failureMessage, request } from '../api.ts';
import { problem } from './check.ts';

export function ExtensionForm(props: {
  /** Absent: a new extension. */
  extension?: AdminExtension;
  users: AdminUser[];
  onCreated: (secret: ExtensionSecret) => void;
  onSaved: (extension: AdminExtension) => void;
  onCancel: () => void;
}): JSX.Element {
  const editing = props.extension;
  const [number, setNumber] = createSignal('');
  const [ownerId, setOwnerId] = createSignal(editing?.owner?.id ?? '');
  const [callerIdName, setCallerIdName] = createSignal(editing?.callerIdName ?? '');
  const [callerIdNumber, setCallerIdNumber] = createSignal(editing?.callerIdNumber ?? '');
  const [voicemail, setVoicemail] = createSignal(editing?.voicemail ?? true);
  const [pin, setPin] = createSignal('');
  const [removePin, setRemovePin] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let first!: HTMLElement;
  onMount(() => first.focus());

  const nameOf = (id: string) => props.users.find((u) => u.id === id)?.name ?? '';
  // A new extension is usually called after its owner: follow the owner until the name is typed.
  const chooseOwner = (id: string) => {
    if (!editing && (callerIdName() === '' || callerIdName() === nameOf(ownerId()))) setCallerIdName(nameOf(id).slice(0, 64));
    setOwnerId(id);
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const common = {
      ownerId: ownerId() || null,
      callerIdName: callerIdName(),
      callerIdNumber: callerIdNumber().trim() || null,
      voicemail: voicemail(),
    };
    setError(null);
    if (editing) {
      const body: ExtensionUpdate = { ...common, ...(removePin() ? { voicemailPin: null } : pin().trim() ? { voicemailPin: pin() } : {}) };
      const wrong = problem(extensionUpdate, body);
      if (wrong) return setError(wrong);
      setBusy(true);
      try {
        props.onSaved(await request<AdminExtension>('PATCH', `/api/admin/extensions/${editing.id}`, body));
      } catch (err) {
        setError(failureMessage(err));
        setBusy(false);
      }
    } else {
      const body: ExtensionCreate = { number: number(), ...common, voicemailPin: pin().trim() || null };
      const wrong = problem(extensionCreate, body);
      if (wrong) return setError(wrong);
      setBusy(true);
      try {
        props.onCreated(await request<ExtensionSecret>('POST', '/api/admin/extensions', body));
      } catch (err) {
        setError(failureMessage(err));
        setBusy(false);
      }
    }
  };

  const id = editing ? 'ext-edit' : 'ext-new';
  return (
    <form id={id} class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} class="card-title">
        {editing ? `Extension ${editing.number}` : 'New extension'}
      </h2>
      <div class="field-row">
        <Show when={!editing}>
          <div class="field">
            <label for="ext-number">Number</label>
            <input
              ref={(el) => (first = el)}
              id="ext-number"
              type="text"
              inputmode="numeric"
              autocomplete="off"
              value={number()}
              aria-describedby="ext-number-hint"
              onInput={(e) => setNumber(e.currentTarget.value)}
            />
            <span id="ext-number-hint" class="hint">
              2 to 8 digits, not starting with 0.
            </span>
          </div>
        </Show>
        <div class="field">
          <label for={`${id}-owner`}>Owner</label>
          <select ref={(el) => editing && (first = el)} id={`${id}-owner`} value={ownerId()} onChange={(e) => chooseOwner(e.currentTarget.value)}>
            <option value="">Nobody (a shared phone)</option>
            <For each={props.users}>
              {(u) => (
                <option value={u.id}>
                  {u.name} ({u.email})
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for={`${id}-cid-name`}>Caller ID name</label>
          <input id={`${id}-cid-name`} type="text" autocomplete="off" value={callerIdName()} onInput={(e) => setCallerIdName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={`${id}-cid-number`}>
            Caller ID number <span class="optional">(optional)</span>
          </label>
          <input
            id={`${id}-cid-number`}
            type="text"
            inputmode="tel"
            autocomplete="off"
            placeholder="+14155550100"
            value={callerIdNumber()}
            aria-describedby={`${id}-cid-number-hint`}
            onInput={(e) => setCallerIdNumber(e.currentTarget.value)}
          />
          <span id={`${id}-cid-number-hint`} class="hint">
            Shown on calls to outside numbers. Empty: the owner's first active DID.
          </span>
        </div>
      </div>
      <div class="field-row">
        <div class="field field-check">
          <input id={`${id}-voicemail`} type="checkbox" checked={voicemail()} onChange={(e) => setVoicemail(e.currentTarget.checked)} />
          <label for={`${id}-voicemail`}>Voicemail</label>
          <span class="hint">Unanswered calls go to a voicemail box.</span>
        </div>
        <div class="field">
          <label for={`${id}-pin`}>
            Voicemail PIN <span class="optional">(optional)</span>
          </label>
          <input
            id={`${id}-pin`}
            type="text"
            inputmode="numeric"
            autocomplete="off"
            value={pin()}
            disabled={removePin()}
            aria-describedby={`${id}-pin-hint`}
            onInput={(e) => setPin(e.currentTarget.value)}
          />
          <span id={`${id}-pin-hint`} class="hint">
            {editing?.hasVoicemailPin ? '4 to 10 digits. A PIN is set: leave empty to keep it.' : '4 to 10 digits.'}
          </span>
        </div>
        <Show when={editing?.hasVoicemailPin}>
          <div class="field field-check">
            <input id={`${id}-pin-remove`} type="checkbox" checked={removePin()} onChange={(e) => setRemovePin(e.currentTarget.checked)} />
            <label for={`${id}-pin-remove`}>Remove the PIN</label>
          </div>
        </Show>
      </div>
      <div role="alert">
        <Show when={error()}>{(text) => <p class="callout callout-error" data-testid="extension-error">{text()}</p>}</Show>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-busy={busy()}>
          {busy() ? (editing ? 'Saving…' : 'Creating…') : editing ? 'Save' : 'Create extension'}
        </button>
        <button type="button" class="button button-ghost" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
