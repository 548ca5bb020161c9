// New DID, or an existing one: its number, where calls to it go (an
// extension, a queue, a voicemail box, a fax line, or nowhere), whose "My
// DIDs" lists it, and whether it takes calls at all.
import { createSignal, For, onMount, Show, type JSX } from 'solid-js';
import { DID_ROUTE_KINDS, didSave, type AdminDid, type AdminExtension, type AdminQueue, type AdminUser, type DidRouteKind, type DidSave } from '../../../common/admin.ts';
import { failureMessage, request } from '../api.ts';
import { problem } from './check.ts';

type RouteChoice = DidRouteKind | 'none';

export const ROUTE_LABELS: Record<RouteChoice, string> = {
  extension: 'Extension',
  queue: 'Queue',
  voicemail: 'Voicemail box',
  fax: 'Fax line',
  none: 'Nowhere (calls are refused)',
};

export function DidForm(props: {
  did?: AdminDid;
  extensions: AdminExtension[];
  queues: AdminQueue[];
  users: AdminUser[];
  onSaved: (did: AdminDid) => void;
  onCancel: () => void;
}): JSX.Element {
  const editing = props.did;
  const [number, setNumber] = createSignal(editing?.number ?? '');
  const [kind, setKind] = createSignal<RouteChoice>(editing?.route?.kind ?? 'extension');
  const [target, setTarget] = createSignal(editing?.route?.target ?? props.extensions[0]?.number ?? '');
  const [userId, setUserId] = createSignal(editing?.user?.id ?? '');
  const [active, setActive] = createSignal(editing?.active ?? true);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let first!: HTMLInputElement;
  onMount(() => first.focus());

  /** The targets a route of this kind may have: extension numbers, or queue names. */
  const targets = (k: RouteChoice): { value: string; label: string }[] =>
    k === 'none'
      ? []
      : k === 'queue'
        ? props.queues.map((q) => ({ value: q.name, label: q.name }))
        : props.extensions.map((e) => ({ value: e.number, label: e.owner ? `${e.number} — ${e.owner.name}` : `${e.number} — ${e.callerIdName}` }));

  const chooseKind = (k: RouteChoice) => {
    setKind(k);
    // Keep the target when it still fits (extension → voicemail of the same number).
    const options = targets(k);
    if (!options.some((o) => o.value === target())) setTarget(options[0]?.value ?? '');
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const k = kind();
    const body: DidSave = {
      number: number(),
      route: k === 'none' ? null : { kind: k, target: target() },
      userId: userId() || null,
      active: active(),
    };
    const wrong = problem(didSave, body);
    if (wrong) return setError(wrong);
    setError(null);
    setBusy(true);
    try {
      props.onSaved(await request<AdminDid>(editing ? 'PUT' : 'POST', editing ? `/api/admin/dids/${editing.id}` : '/api/admin/dids', body));
    } catch (err) {
      setError(failureMessage(err));
      setBusy(false);
    }
  };

  return (
    <form id={editing ? 'did-edit' : 'did-new'} class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} aria-labelledby="did-form-title">
      <h2 id="did-form-title" class="card-title">
        {editing ? `DID ${editing.number}` : 'New DID'}
      </h2>
      <div class="field-row">
        <div class="field">
          <label for="did-number">Number</label>
          <input
            ref={first}
            id="did-number"
            type="text"
            inputmode="tel"
            autocomplete="off"
            placeholder="+14155550100"
            value={number()}
            aria-describedby="did-number-hint"
            onInput={(e) => setNumber(e.currentTarget.value)}
          />
          <span id="did-number-hint" class="hint">
            International format: + and the country code.
          </span>
        </div>
        <div class="field">
          <label for="did-kind">Routes to</label>
          <select id="did-kind" value={kind()} onChange={(e) => chooseKind(e.currentTarget.value as RouteChoice)}>
            <For each={[...DID_ROUTE_KINDS, 'none' as const]}>{(k) => <option value={k}>{ROUTE_LABELS[k]}</option>}</For>
          </select>
        </div>
        <Show when={kind() !== 'none'}>
          <div class="field">
            <label for="did-target">{kind() === 'queue' ? 'Queue' : 'Extension'}</label>
            <select id="did-target" value={target()} onChange={(e) => setTarget(e.currentTarget.value)}>
              <Show when={!targets(kind()).some((o) => o.value === target())}>
                <option value="">{kind() === 'queue' ? 'No queue to pick' : 'No extension to pick'}</option>
              </Show>
              <For each={targets(kind())}>{(o) => <option value={o.value}>{o.label}</option>}</For>
            </select>
          </div>
        </Show>
        <div class="field">
          <label for="did-user">
            Assigned to <span class="optional">(optional)</span>
          </label>
          <select id="did-user" value={userId()} aria-describedby="did-user-hint" onChange={(e) => setUserId(e.currentTarget.value)}>
            <option value="">Nobody</option>
            <For each={props.users}>
              {(u) => (
                <option value={u.id}>
                  {u.name} ({u.email})
                </option>
              )}
            </For>
          </select>
          <span id="did-user-hint" class="hint">
            Listed on their My DIDs page.
          </span>
        </div>
      </div>
      <div class="field field-check">
        <input id="did-active" type="checkbox" checked={active()} onChange={(e) => setActive(e.currentTarget.checked)} />
        <label for="did-active">Active</label>
        <span class="hint">An inactive number refuses its calls.</span>
      </div>
      <div role="alert">
        <Show when={error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-busy={busy()}>
          {busy() ? 'Saving…' : editing ? 'Save' : 'Create DID'}
        </button>
        <button type="button" class="button button-ghost" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
