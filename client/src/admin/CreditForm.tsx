// Book credit for a tenant: a top-up (adds a positive amount) or a
// correction (adds or takes away), always with a reason for the ledger.
import { createSignal, Show, type JSX } from 'solid-js';
import { creditRequest, type CreditRequest, type Ledger } from '../../../common/admin.ts';
import { failureMessage, request } from '../api.ts';
import { formatMoney } from '../format.ts';
import { problem } from './check.ts';

export function CreditForm(props: { tenantId: string; currency: string; onBooked: (ledger: Ledger) => void }): JSX.Element {
  const [kind, setKind] = createSignal<CreditRequest['kind']>('top-up');
  const [amount, setAmount] = createSignal('');
  const [reason, setReason] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [booked, setBooked] = createSignal('');

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const body: CreditRequest = { kind: kind(), amount: amount(), reason: reason() };
    setBooked('');
    const wrong = problem(creditRequest, body);
    if (wrong) return setError(wrong);
    setError(null);
    setBusy(true);
    try {
      const ledger = await request<Ledger>('POST', `/api/operator/tenants/${props.tenantId}/credit`, body);
      setBooked(`Booked ${formatMoney(amount().trim(), props.currency)}. The balance is now ${formatMoney(ledger.tenant.credit, ledger.tenant.currency)}.`);
      setAmount('');
      setReason('');
      props.onBooked(ledger);
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} aria-labelledby="credit-title">
      <h2 id="credit-title" class="card-title">
        Book credit
      </h2>
      <fieldset class="admin-fieldset choice-group">
        <legend>Kind</legend>
        <div class="field field-check">
          <input id="credit-top-up" type="radio" name="credit-kind" checked={kind() === 'top-up'} onChange={() => setKind('top-up')} />
          <label for="credit-top-up">Top-up</label>
          <span class="hint">Adds the amount (more than 0).</span>
        </div>
        <div class="field field-check">
          <input id="credit-correction" type="radio" name="credit-kind" checked={kind() === 'correction'} onChange={() => setKind('correction')} />
          <label for="credit-correction">Correction</label>
          <span class="hint">Adds the amount, or takes it away when negative (e.g. -5).</span>
        </div>
      </fieldset>
      <div class="field-row">
        <div class="field">
          <label for="credit-amount">Amount ({props.currency})</label>
          <input id="credit-amount" type="text" inputmode="decimal" autocomplete="off" value={amount()} onInput={(e) => setAmount(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="credit-reason">Reason</label>
          <input id="credit-reason" type="text" autocomplete="off" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
      </div>
      <div role="alert">
        <Show when={error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-busy={busy()}>
          {busy() ? 'Booking…' : kind() === 'top-up' ? 'Book top-up' : 'Book correction'}
        </button>
        <span role="status" class="form-ok" data-testid="credit-booked">
          {booked()}
        </span>
      </div>
    </form>
  );
}
