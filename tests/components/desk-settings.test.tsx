// Administration → Settings, the "Agent desk" form against msw: the break
// reasons as edited (renamed, added, moved, removed) are what is saved, in
// order, with the package fields as they stand; an empty, reserved or
// repeated reason is refused in the schema's words before any request; the
// no-phone break reveals its seconds field, which takes a whole number; the
// server's refusal is shown and what was typed stays.
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { TenantSettings, TenantSettingsSave } from '../../common/admin.ts';
import AdminSettings from '../../client/src/pages/AdminSettings.tsx';
import { componentTests, user, valueOf } from '../helpers/components.tsx';

const LIMITS = { maxExtensions: 25, maxDevices: 50, maxRingGroups: 5, voiceMinutes: 10_000, faxPages: 500 };
const ACME: TenantSettings = {
  name: 'Acme',
  domain: 'acme.pbx.example.com',
  currency: 'USD',
  credit: '125.0000',
  lowCreditThreshold: '10.0000',
  package: 'business',
  limits: LIMITS,
  used: { extensions: 4 },
  breakReasons: ['Lunch', 'Coffee', 'Training'],
  noPhoneBreak: false,
  hideListening: false,
  noPhoneGraceSeconds: 30,
  requireSecondFactor: false,
};
// The words of breakReasonName and tenantSettingsSave (common/admin.ts).
const NEEDS_A_NAME = 'A break reason needs a name.';
const RESERVED = 'Switchboard gives "No phone" and "Do not disturb" itself.';
const ONLY_ONCE = 'Each break reason only once.';

let settings: TenantSettings;
let sent: TenantSettingsSave[] = [];
const { test, api } = componentTests(
  http.get('/api/admin/settings', () => HttpResponse.json(settings)),
  // As server/admin/settings.ts: saved, then the settings as they are now.
  http.put<never, TenantSettingsSave>('/api/admin/settings', async ({ request }) => {
    const body = await request.json();
    sent.push(body);
    settings = {
      ...settings,
      breakReasons: body.breakReasons ?? settings.breakReasons,
      noPhoneBreak: body.noPhoneBreak ?? settings.noPhoneBreak,
      noPhoneGraceSeconds: body.noPhoneGraceSeconds ?? settings.noPhoneGraceSeconds,
    };
    return HttpResponse.json(settings);
  }),
);
test.before.each(() => {
  settings = structuredClone(ACME);
  sent = [];
});

async function openDeskForm() {
  render(() => <AdminSettings />);
  const form = await screen.findByRole('form', { name: 'Agent desk' });
  return {
    you: user(),
    form,
    reasons: () => within(form).queryAllByRole('textbox', { name: /^Break reason \d+$/ }),
    reason: (n: number) => within(form).getByRole('textbox', { name: `Break reason ${n}` }),
    button: (name: string) => within(form).getByRole('button', { name }),
    save: () => within(form).getByRole('button', { name: /^(Save|Saving…)$/ }),
    alert: () => within(form).getByRole('alert').textContent,
    status: () => within(form).getByRole('status').textContent,
  };
}
const puts = () => api.calls.filter((c) => c.method === 'PUT');

test('the reasons as edited (renamed, added, moved, removed) are what is saved, in order', async () => {
  const { you, form, reasons, reason, button, save, status } = await openDeskForm();
  assert.equal(reasons().map(valueOf), ['Lunch', 'Coffee', 'Training']);
  assert.ok((button('Move Lunch up') as HTMLButtonElement).disabled, 'the first cannot go up');
  assert.ok((button('Move Training down') as HTMLButtonElement).disabled, 'the last cannot go down');

  await you.clear(reason(2));
  await you.type(reason(2), 'Coffee break');
  await you.click(button('Add a reason'));
  await waitFor(() => assert.is(document.activeElement, reason(4), 'the cursor is in the new reason'));
  await you.keyboard('Team huddle');
  assert.equal(reasons().map(valueOf), ['Lunch', 'Coffee break', 'Training', 'Team huddle']);

  await you.click(button('Move Team huddle up'));
  assert.equal(reasons().map(valueOf), ['Lunch', 'Coffee break', 'Team huddle', 'Training']);
  await waitFor(() => assert.is(document.activeElement, reason(3), 'the cursor follows the reason moved'));
  await you.click(button('Move Lunch down'));
  assert.equal(reasons().map(valueOf), ['Coffee break', 'Lunch', 'Team huddle', 'Training']);
  await you.click(button('Remove Training'));
  assert.equal(reasons().map(valueOf), ['Coffee break', 'Lunch', 'Team huddle']);
  assert.equal(puts(), [], 'nothing is sent before Save');

  await you.click(save());
  await waitFor(() => assert.is(status(), 'Saved.'));
  assert.equal(sent, [
    {
      package: 'business',
      limits: LIMITS,
      lowCreditThreshold: '10.0000',
      breakReasons: ['Coffee break', 'Lunch', 'Team huddle'],
      noPhoneBreak: false,
      noPhoneGraceSeconds: 30,
      hideListening: false,
    },
  ]);
  // The page loads the settings again; the form shows what the server has.
  await waitFor(() => assert.equal(reasons().map(valueOf), ['Coffee break', 'Lunch', 'Team huddle']));
  assert.equal(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/admin/settings', 'PUT /api/admin/settings', 'GET /api/admin/settings'],
  );
  assert.is(within(form).queryByRole('button', { name: 'Discard changes' }), null, 'no unsaved changes left');
});

test('hiding listening from agents is a checkbox of the desk, saved as hideListening', async () => {
  const { you, form, save, status } = await openDeskForm();
  const box = within(form).getByRole('checkbox', { name: 'Do not show agents that a supervisor is listening' }) as HTMLInputElement;
  assert.is(box.checked, false);
  await you.click(box);
  await you.click(save());
  await waitFor(() => assert.is(status(), 'Saved.'));
  assert.equal(sent.map((s) => s.hideListening), [true]);
});

test('with every reason removed, agents take a plain break: an empty list is saved', async () => {
  const { you, form, reasons, button, save, status } = await openDeskForm();
  for (const name of ['Coffee', 'Lunch', 'Training']) await you.click(button(`Remove ${name}`));
  assert.equal(reasons(), []);
  assert.ok(within(form).getByText('No reasons: agents take a plain break.'));
  await you.click(save());
  await waitFor(() => assert.is(status(), 'Saved.'));
  assert.equal(sent.map((s) => s.breakReasons), [[]]);
});

test('an empty, reserved or repeated reason is refused in the schema’s words, and nothing is sent', async () => {
  const { you, reasons, reason, button, save, alert, status } = await openDeskForm();
  await you.click(button('Add a reason'));
  await you.click(save());
  await waitFor(() => assert.is(alert(), NEEDS_A_NAME));

  for (const [typed, refusal] of [
    ['   ', NEEDS_A_NAME],
    ['No phone', RESERVED],
    ['Do not disturb', RESERVED],
    ['Coffee', ONLY_ONCE],
    [' lunch ', ONLY_ONCE],
  ] as const) {
    await you.clear(reason(4));
    await you.type(reason(4), typed);
    await you.click(save());
    await waitFor(() => assert.is(alert(), refusal, `"${typed}"`));
    assert.is(status(), '');
  }
  assert.equal(puts(), [], 'no request was made');
  assert.equal(reasons().map(valueOf), ['Lunch', 'Coffee', 'Training', ' lunch '], 'what was typed stays');

  // Named differently it goes through, without the spaces around it.
  await you.clear(reason(4));
  await you.type(reason(4), ' Lunch with a customer ');
  await you.click(save());
  await waitFor(() => assert.is(status(), 'Saved.'));
  assert.is(alert(), '');
  assert.equal(sent.map((s) => s.breakReasons), [['Lunch', 'Coffee', 'Training', 'Lunch with a customer']]);
});

test('the no-phone break reveals its seconds field, which takes a whole number up to an hour', async () => {
  const { you, form, save, alert, status } = await openDeskForm();
  const noPhone = within(form).getByLabelText('Put an agent without a phone On Break') as HTMLInputElement;
  assert.not.ok(noPhone.checked);
  assert.is(within(form).queryByLabelText('Seconds without a phone first'), null);

  await you.click(noPhone);
  const grace = within(form).getByLabelText('Seconds without a phone first');
  assert.is(valueOf(grace), '30');
  for (const [typed, refusal] of [
    ['soon', 'Seconds without a phone: enter a whole number.'],
    ['1.5', 'Seconds without a phone: enter a whole number.'],
    ['', 'Seconds without a phone: enter a whole number.'],
    ['5000', 'At most an hour.'],
    ['-1', 'At least 0 seconds.'],
  ] as const) {
    await you.clear(grace);
    if (typed) await you.type(grace, typed);
    await you.click(save());
    await waitFor(() => assert.is(alert(), refusal, `"${typed}"`));
  }
  assert.equal(puts(), []);

  await you.clear(grace);
  await you.type(grace, '90');
  await you.click(save());
  await waitFor(() => assert.is(status(), 'Saved.'));
  assert.is(alert(), '');
  assert.equal(sent, [{ ...sent[0]!, breakReasons: ['Lunch', 'Coffee', 'Training'], noPhoneBreak: true, noPhoneGraceSeconds: 90 }]);
  assert.is(typeof sent[0]!.noPhoneGraceSeconds, 'number');
  // As the page has them once it has loaded them again.
  await waitFor(() => assert.is(valueOf(within(form).getByLabelText('Seconds without a phone first')), '90'));
  assert.ok((within(form).getByLabelText('Put an agent without a phone On Break') as HTMLInputElement).checked);
  assert.is(api.calls.length, 3);
});

test('turning the no-phone break off hides the seconds and saves it off, the seconds as they were', async () => {
  settings = { ...settings, noPhoneBreak: true, noPhoneGraceSeconds: 45 };
  const { you, form, save, status } = await openDeskForm();
  const noPhone = within(form).getByLabelText('Put an agent without a phone On Break') as HTMLInputElement;
  assert.ok(noPhone.checked);
  assert.is(valueOf(within(form).getByLabelText('Seconds without a phone first')), '45');
  await you.click(noPhone);
  assert.is(within(form).queryByLabelText('Seconds without a phone first'), null);
  await you.click(save());
  await waitFor(() => assert.is(status(), 'Saved.'));
  assert.equal(
    sent.map((s) => [s.noPhoneBreak, s.noPhoneGraceSeconds]),
    [[false, 45]],
  );
});

test('the server’s refusal is shown, and what was typed stays', async () => {
  // A refusal the page's own check did not foresee, as readBody/parse answer it: 400 { error }.
  const refusal = 'A break reason has at most 60 characters.';
  api.use(http.put('/api/admin/settings', () => HttpResponse.json({ error: refusal }, { status: 400 })));
  const { you, form, reasons, reason, save, alert, status } = await openDeskForm();
  await you.clear(reason(1));
  await you.type(reason(1), 'Lunch (long)');
  await you.click(within(form).getByLabelText('Put an agent without a phone On Break'));
  await you.clear(within(form).getByLabelText('Seconds without a phone first'));
  await you.type(within(form).getByLabelText('Seconds without a phone first'), '120');
  await you.click(save());

  await waitFor(() => assert.is(alert(), refusal));
  assert.is(status(), '');
  assert.equal(reasons().map(valueOf), ['Lunch (long)', 'Coffee', 'Training']);
  assert.ok((within(form).getByLabelText('Put an agent without a phone On Break') as HTMLInputElement).checked);
  assert.is(valueOf(within(form).getByLabelText('Seconds without a phone first')), '120');
  assert.is(save().textContent, 'Save');
  assert.ok(within(form).getByRole('button', { name: 'Discard changes' }));
  assert.equal(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/admin/settings', 'PUT /api/admin/settings'],
    'not loaded again: nothing changed',
  );
  // The package form beside it says nothing.
  assert.is(screen.getByRole('form', { name: 'Package and credit settings' }).querySelector('[role="alert"]')!.textContent, '');
});

test.run();
