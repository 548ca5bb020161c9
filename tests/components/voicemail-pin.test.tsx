// Voicemail → Messages, the box's PIN form against msw: a PIN that is not 4
// to 10 digits, or two PINs that differ, are refused in the schema's words
// before any request; a good one is sent trimmed, the fields are emptied
// and the box says a PIN is set; the server's refusal is shown and what was
// typed stays.
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { VoicemailBox, VoicemailBoxes, VoicemailPinRequest } from '../../common/voicemail.ts';
import Voicemail from '../../client/src/pages/Voicemail.tsx';
import { componentTests, deferred, user, valueOf } from '../helpers/components.tsx';

// The words of voicemailPin (common/admin.ts) and of the server (server/http/voicemail.ts).
const PIN_RULE = 'A voicemail PIN has 4 to 10 digits.';
const PBX_UNAVAILABLE = 'Voicemail is unavailable right now: the PBX cannot be reached. Try again in a moment.';

let box: VoicemailBox;
let pins: { extension: string; body: VoicemailPinRequest }[] = [];
const { test, api } = componentTests(
  http.get('/api/voicemail', () => HttpResponse.json({ boxes: [box] } satisfies VoicemailBoxes)),
  http.put<{ extension: string }, VoicemailPinRequest>('/api/voicemail/:extension/pin', async ({ params, request }) => {
    const body = await request.json();
    pins.push({ extension: params.extension, body });
    box = { ...box, hasPin: true };
    return new HttpResponse(null, { status: 204 });
  }),
);
test.before.each(() => {
  box = { extension: '1001', enabled: true, hasPin: false, hasGreeting: false, messages: [] };
  pins = [];
});

async function openPinForm() {
  render(() => <Voicemail />);
  const form = await screen.findByTestId('vm-pin-1001');
  return {
    you: user(),
    form,
    pin: within(form).getByLabelText('New PIN'),
    repeat: within(form).getByLabelText('Repeat the PIN'),
    setPin: () => within(form).getByRole('button', { name: /^(Set PIN|Saving…)$/ }),
    alert: () => within(form).getByRole('alert').textContent,
    status: () => within(form).getByRole('status').textContent,
  };
}

test('a PIN that is not 4 to 10 digits is refused in the schema’s words, and nothing is sent', async () => {
  const { you, form, pin, repeat, setPin, alert } = await openPinForm();
  assert.match(form.textContent!, 'No PIN is set.');
  for (const typed of ['123', '12a4', '12 34', '   ']) {
    await you.clear(pin);
    await you.clear(repeat);
    await you.type(pin, typed);
    await you.type(repeat, typed);
    await you.click(setPin());
    await waitFor(() => assert.is(alert(), PIN_RULE, `"${typed}"`));
    assert.is(pin.getAttribute('aria-invalid'), 'true');
    assert.is(document.activeElement, pin, 'the cursor is back in the PIN');
  }
  assert.equal(pins, []);
  assert.equal(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/voicemail'],
  );
});

test('two PINs that differ are refused, and nothing is sent', async () => {
  const { you, pin, repeat, setPin, alert } = await openPinForm();
  await you.type(pin, '2468');
  await you.type(repeat, '2469');
  await you.click(setPin());
  await waitFor(() => assert.is(alert(), 'The two PINs differ. Type the same PIN twice.'));
  assert.is(document.activeElement, repeat, 'the cursor is in the repeated PIN');
  assert.equal(pins, []);
  assert.equal(
    api.calls.map((c) => c.method),
    ['GET'],
  );
});

test('a good PIN is sent trimmed; the fields are emptied and the box says a PIN is set', async () => {
  const answer = deferred();
  api.use(
    http.put('/api/voicemail/:extension/pin', async () => {
      await answer.promise;
      return undefined; // on to the file's handler
    }),
  );
  const { you, form, pin, repeat, setPin, alert, status } = await openPinForm();
  await you.type(pin, ' 024680 ');
  await you.type(repeat, '024680');
  await you.click(setPin());
  await waitFor(() => assert.is(setPin().textContent, 'Saving…'));
  assert.is(setPin().getAttribute('aria-busy'), 'true');

  answer.resolve();
  await waitFor(() => assert.is(status(), 'Saved. Use the new PIN from now on.'));
  assert.equal(pins, [{ extension: '1001', body: { pin: '024680' } }], 'the PIN as text: its leading 0 kept, no spaces');
  assert.is(valueOf(pin), '');
  assert.is(valueOf(repeat), '');
  assert.is(alert(), '');
  assert.is(setPin().textContent, 'Set PIN');
  // The page reloads the box, which now has a PIN.
  await waitFor(() => assert.match(form.textContent!, 'A PIN is set.'));
  assert.equal(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/voicemail', 'PUT /api/voicemail/1001/pin', 'GET /api/voicemail'],
  );
});

test('the server’s refusal is shown, and the PINs typed stay for another try', async () => {
  api.use(http.put('/api/voicemail/:extension/pin', () => HttpResponse.json({ error: PBX_UNAVAILABLE }, { status: 503 })));
  const { you, form, pin, repeat, setPin, alert, status } = await openPinForm();
  await you.type(pin, '2468');
  await you.type(repeat, '2468');
  await you.click(setPin());
  await waitFor(() => assert.is(alert(), PBX_UNAVAILABLE));
  assert.is(status(), '');
  assert.is(valueOf(pin), '2468');
  assert.is(valueOf(repeat), '2468');
  assert.match(form.textContent!, 'No PIN is set.');
  assert.is(setPin().textContent, 'Set PIN');
  assert.equal(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/voicemail', 'PUT /api/voicemail/1001/pin'],
  );
});

test.run();
