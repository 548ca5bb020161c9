// The operator's credit form against msw: a top-up must add money, so a
// negative or zero one is refused before any request; a correction may
// take money away; a booking's answer is shown as the new balance.
import { render, screen, waitFor } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { CreditRequest, Ledger } from '../../common/admin.ts';
import { CreditForm } from '../../client/src/admin/CreditForm.tsx';
import { componentTests, user, valueOf } from '../helpers/components.tsx';

const TENANT_ID = '9b2e4c1a-5d6f-4a8b-9c0d-1e2f3a4b5c6d';
const usd = (n: number) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(n);
const ledger = (credit: string): Ledger => ({
  tenant: {
    id: TENANT_ID,
    name: 'Acme',
    domain: 'acme.pbx.example.com',
    package: 'business',
    limits: { maxExtensions: 25, maxDevices: 50, maxRingGroups: 5, voiceMinutes: 10_000, faxPages: 500 },
    suspended: false,
    credit,
    currency: 'USD',
    lowCreditThreshold: '10',
    users: 3,
    extensions: 4,
    createdAt: '2025-01-01T00:00:00.000Z',
  },
  entries: [],
  next: null,
  sum: credit,
});

let booked: CreditRequest[] = [];
const { test, api } = componentTests(
  http.post<{ id: string }, CreditRequest>('/api/operator/tenants/:id/credit', async ({ params, request }) => {
    assert.is(params.id, TENANT_ID);
    const body = await request.json();
    booked.push(body);
    return HttpResponse.json(ledger(body.kind === 'top-up' ? '125.0000' : '95.0000'));
  }),
);
test.before.each(() => {
  booked = [];
});

function openForm() {
  const answers: Ledger[] = [];
  render(() => <CreditForm tenantId={TENANT_ID} currency="USD" onBooked={(l) => answers.push(l)} />);
  return { you: user(), answers };
}

/** The form's alert region comes to say `text`. */
const alerts = (text: string) => waitFor(() => assert.is(screen.getByRole('alert').textContent, text));

test('a negative or zero top-up is refused in the form, and nothing is sent', async () => {
  const { you } = openForm();
  await you.type(screen.getByLabelText('Reason'), 'Goodwill for the outage');
  for (const amount of ['-5', '0', '0.00']) {
    await you.clear(screen.getByLabelText('Amount (USD)'));
    await you.type(screen.getByLabelText('Amount (USD)'), amount);
    await you.click(screen.getByRole('button', { name: 'Book top-up' }));
    await alerts('The amount must be more than 0.');
  }
  assert.is(screen.getByTestId('credit-booked').textContent, '');
  assert.equal(api.calls, [], 'no request reached the server');
});

test('a top-up is booked and the new balance shown; the form is emptied for the next one', async () => {
  const { you, answers } = openForm();
  await you.type(screen.getByLabelText('Amount (USD)'), '25');
  await you.type(screen.getByLabelText('Reason'), 'Monthly prepayment');
  await you.click(screen.getByRole('button', { name: 'Book top-up' }));

  await waitFor(() => assert.is(screen.getByTestId('credit-booked').textContent, `Booked ${usd(25)}. The balance is now ${usd(125)}.`));
  assert.equal(booked, [{ kind: 'top-up', amount: '25', reason: 'Monthly prepayment' }]);
  assert.is(answers.length, 1);
  assert.is(valueOf(screen.getByLabelText('Amount (USD)')), '');
  assert.is(valueOf(screen.getByLabelText('Reason')), '');
});

test('a correction may take money away', async () => {
  const { you } = openForm();
  await you.click(screen.getByLabelText('Correction'));
  await you.type(screen.getByLabelText('Amount (USD)'), '-5');
  await you.type(screen.getByLabelText('Reason'), 'Double-billed call');
  await you.click(screen.getByRole('button', { name: 'Book correction' }));
  await waitFor(() => assert.is(screen.getByTestId('credit-booked').textContent, `Booked ${usd(-5)}. The balance is now ${usd(95)}.`));
  assert.equal(booked, [{ kind: 'correction', amount: '-5', reason: 'Double-billed call' }]);
});

test('the server’s refusal is shown and nothing is said to be booked', async () => {
  api.use(http.post('/api/operator/tenants/:id/credit', () => HttpResponse.json({ error: 'Acme is suspended: resume it before booking credit.' }, { status: 409 })));
  const { you } = openForm();
  await you.type(screen.getByLabelText('Amount (USD)'), '25');
  await you.type(screen.getByLabelText('Reason'), 'Monthly prepayment');
  await you.click(screen.getByRole('button', { name: 'Book top-up' }));
  await alerts('Acme is suspended: resume it before booking credit.');
  assert.is(screen.getByTestId('credit-booked').textContent, '');
  assert.is(valueOf(screen.getByLabelText('Amount (USD)')), '25', 'what was typed stays');
});

test.run();
