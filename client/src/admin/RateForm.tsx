// One rate: a number prefix, its price per minute, and how calls are counted
// (the first increment, then each next one, in seconds: 60/60 bills whole
// minutes, 1/1 bills by the second).
import { createSignal, onMount, Show, type JSX } from 'solid-js';
import { rateSave, type AdminRate, type RateSave } from '../../../common/admin.ts';
import { failureMessage, request } from '../api.ts';
import { problem, wholeNumber } from './check.ts';
import { trimDecimal } from './format.ts';

export function RateForm(props: { rate?: AdminRate; onSaved: (rate: AdminRate) => void; onCancel: () => void }): JSX.Element {
  const editing = props.rate;
  const [prefix, setPrefix] = createSignal(editing?.prefix ?? '+');
  const [perMinute, setPerMinute] = createSignal(editing ? trimDecimal(editing.perMinute) : '');
  const [first, setFirst] = createSignal(String(editing?.firstIncrement ?? 60));
  const [next, setNext] = createSignal(String(editing?.increment ?? 60));
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let prefixInput!: HTMLInputElement;
  onMount(() => prefixInput.focus());

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const body: RateSave = { prefix: prefix(), perMinute: perMinute(), firstIncrement: wholeNumber(first()), increment: wholeNumber(next()) };
    const wrong = problem(rateSave, body, { firstIncrement: 'First increment', increment: 'Next increment' });
    if (wrong) return setError(wrong);
    setError(null);
    setBusy(true);
    try {
      props.onSaved(await request<AdminRate>(editing ? 'PUT' : 'POST', editing ? `/api/admin/rates/${editing.id}` : '/api/admin/rates', body));
    } catch (err) {
      setError(failureMessage(err));
      setBusy(false);
    }
  };

  return (
    <form id={editing ? 'rate-edit' : 'rate-new'} class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} aria-labelledby="rate-form-title">
      <h2 id="rate-form-title" class="card-title">
        {editing ? `Rate for ${editing.prefix}` : 'New rate'}
      </h2>
      <div class="field-row">
        <div class="field">
          <label for="rate-prefix">Prefix</label>
          <input
            ref={prefixInput}
            id="rate-prefix"
            type="text"
            inputmode="tel"
            autocomplete="off"
            value={prefix()}
            aria-describedby="rate-prefix-hint"
            onInput={(e) => setPrefix(e.currentTarget.value)}
          />
          <span id="rate-prefix-hint" class="hint">
            + and the digits numbers start with, e.g. +44 or +4420. The longest match prices a call.
          </span>
        </div>
        <div class="field">
          <label for="rate-per-minute">Per minute</label>
          <input id="rate-per-minute" type="text" inputmode="decimal" autocomplete="off" placeholder="0.012" value={perMinute()} onInput={(e) => setPerMinute(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="rate-first">First increment (s)</label>
          <input id="rate-first" type="number" min="1" max="3600" value={first()} onInput={(e) => setFirst(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="rate-next">Next increment (s)</label>
          <input id="rate-next" type="number" min="1" max="3600" value={next()} onInput={(e) => setNext(e.currentTarget.value)} />
        </div>
      </div>
      <div role="alert">
        <Show when={error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-busy={busy()}>
          {busy() ? 'Saving…' : editing ? 'Save' : 'Add rate'}
        </button>
        <button type="button" class="button button-ghost" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
