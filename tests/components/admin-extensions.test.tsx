// Administration → Extensions, the new-extension form against msw: the
// package limit the server enforces (409) is shown in the form; a created
// extension's SIP password is shown once; a bad number never leaves the page.
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { AdminExtension, AdminUser, ExtensionCreate, ExtensionList, ExtensionSecret } from '../../common/admin.ts';
import AdminExtensions from '../../client/src/pages/AdminExtensions.tsx';
import { componentTests, user } from '../helpers/components.tsx';

const GRACE: AdminUser = {
  id: '3d3c1f0e-8a7b-4c2d-9e1f-0a1b2c3d4e5f',
  email: 'grace@acme.example',
  name: 'Grace Hopper',
  role: 'agent',
  locked: false,
  disabled: false,
  failedSignIns: 0,
  secondFactor: false,
  extensions: ['1001'],
  createdAt: '2025-01-01T00:00:00.000Z',
};
const extension = (number: string, more: Partial<AdminExtension> = {}): AdminExtension => ({
  id: `ext-${number}`,
  number,
  owner: null,
  callerIdName: 'Reception',
  callerIdNumber: null,
  voicemail: true,
  hasVoicemailPin: false,
  dnd: false,
  ...more,
});
const SIP_PASSWORD = 'r7Qx2mVb9KzP4wLt';

let list: ExtensionList = { extensions: [], maxExtensions: 5 };
let sent: ExtensionCreate[] = [];
const { test, api } = componentTests(
  http.get('/api/admin/extensions', () => HttpResponse.json(list)),
  http.get('/api/admin/users', () => HttpResponse.json({ users: [GRACE] })),
  http.post('/api/admin/extensions', async ({ request }) => {
    const body = (await request.json()) as ExtensionCreate;
    sent.push(body);
    const made = extension(body.number, {
      owner: body.ownerId ? { id: GRACE.id, name: GRACE.name, email: GRACE.email } : null,
      callerIdName: body.callerIdName,
    });
    list = { ...list, extensions: [...list.extensions, made] };
    const answer: ExtensionSecret = { extension: made, sipPassword: SIP_PASSWORD };
    return HttpResponse.json(answer, { status: 201 });
  }),
);
test.before.each(() => {
  list = { extensions: [extension('1001', { owner: { id: GRACE.id, name: GRACE.name, email: GRACE.email }, callerIdName: GRACE.name })], maxExtensions: 5 };
  sent = [];
});

async function openNewExtension(number: string) {
  const you = user();
  render(() => <AdminExtensions />);
  await waitFor(() => assert.is(screen.getByTestId('extensions-used').textContent, '1 of 5 extensions used.'));
  await you.click(screen.getByRole('button', { name: 'New extension' }));
  const form = screen.getByRole('form', { name: 'New extension' });
  await you.type(within(form).getByLabelText('Number'), number);
  // The caller ID name follows the owner chosen.
  await you.selectOptions(within(form).getByLabelText('Owner'), GRACE.id);
  assert.is((within(form).getByLabelText('Caller ID name') as HTMLInputElement).value, 'Grace Hopper');
  return { you, form };
}

test('a new extension’s SIP password is shown once, and the list counts it', async () => {
  const { you, form } = await openNewExtension('1013');
  await you.click(within(form).getByRole('button', { name: 'Create extension' }));

  const shown = await screen.findByTestId('shown-once');
  assert.is(within(shown).getByRole('heading').textContent, 'SIP password of extension 1013');
  assert.is(screen.getByTestId('shown-once-value').textContent, SIP_PASSWORD);
  assert.equal(sent, [{ number: '1013', ownerId: GRACE.id, callerIdName: 'Grace Hopper', callerIdNumber: null, voicemail: true, voicemailPin: null }]);
  await waitFor(() => assert.is(screen.getByTestId('admin-notice').textContent, 'Extension 1013 was created.'));
  assert.is(screen.getByTestId('extensions-used').textContent, '2 of 5 extensions used.');
  assert.ok(screen.getByTestId('extension-1013'));

  await you.click(within(shown).getByRole('button', { name: 'Done' }));
  assert.is(screen.queryByTestId('shown-once'), null);
  assert.not.match(document.body.textContent!, SIP_PASSWORD);
});

test('the package limit the server enforces (409) is shown in the form, and no password appears', async () => {
  api.use(
    http.post('/api/admin/extensions', () =>
      HttpResponse.json(
        { error: 'Your package allows 5 extensions and all 5 are in use: remove one or ask your provider for a larger package.' },
        { status: 409 },
      ),
    ),
  );
  const { you, form } = await openNewExtension('1014');
  await you.click(within(form).getByRole('button', { name: 'Create extension' }));
  assert.is(
    (await screen.findByTestId('extension-error')).textContent,
    'Your package allows 5 extensions and all 5 are in use: remove one or ask your provider for a larger package.',
  );
  assert.ok(within(form).getByRole('alert').contains(screen.getByTestId('extension-error')));
  assert.is(screen.queryByTestId('shown-once'), null);
  assert.ok(within(form).getByRole('button', { name: 'Create extension' }));
});

test('a number the dial plan cannot have is refused before anything is sent', async () => {
  const { you, form } = await openNewExtension('0123');
  await you.click(within(form).getByRole('button', { name: 'Create extension' }));
  assert.is((await screen.findByTestId('extension-error')).textContent, 'An extension number has 2 to 8 digits and does not start with 0.');
  assert.equal(sent, []);
  assert.ok(api.calls.every((c) => c.method === 'GET'));
});

test('when every extension of the package is in use, New extension is off and says why', async () => {
  list = { ...list, maxExtensions: 1 };
  render(() => <AdminExtensions />);
  await waitFor(() => assert.is(screen.getByTestId('extensions-used').textContent, '1 of 1 extensions used.'));
  const button = screen.getByRole('button', { name: 'New extension' }) as HTMLButtonElement;
  assert.ok(button.disabled);
  assert.match(document.getElementById(button.getAttribute('aria-describedby')!)!.textContent!, /Your package allows 1, all in use/);
});

test.run();
