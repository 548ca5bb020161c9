// Administration → Users, the new-user form against msw: a one-time
// set-password link (the default) is shown once and then gone; an initial
// password is checked before it is sent and makes no link; the server's
// refusal is shown in the form.
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { AdminUser, UserCreate, UserCreated } from '../../common/admin.ts';
import AdminUsers from '../../client/src/pages/AdminUsers.tsx';
import { componentTests, user } from '../helpers/components.tsx';

const LINK = 'http://localhost/set-password#token=Zq3v8r1kM0pX2yT7wB4nC6dE9fG5hJ1kL3mN8pQ2rS4';
const person = (n: number, email: string, name: string): AdminUser => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  email,
  name,
  role: 'agent',
  locked: false,
  disabled: false,
  failedSignIns: 0,
  secondFactor: false,
  extensions: [],
  createdAt: '2025-01-01T00:00:00.000Z',
});

let users: AdminUser[] = [];
let created: UserCreate[] = [];
const { test, api } = componentTests(
  http.get('/api/admin/users', () => HttpResponse.json({ users })),
  http.post('/api/admin/users', async ({ request }) => {
    const body = (await request.json()) as UserCreate;
    created.push(body);
    const made = { ...person(users.length + 1, body.email, body.name), role: body.role };
    users = [...users, made];
    const answer: UserCreated = body.password ? { user: made } : { user: made, setPasswordLink: LINK };
    return HttpResponse.json(answer, { status: 201 });
  }),
);
test.before.each(() => {
  users = [person(1, 'ada@acme.example', 'Ada Lovelace')];
  created = [];
});

async function openNewUser() {
  const you = user();
  render(() => <AdminUsers />);
  await screen.findByTestId('user-ada@acme.example');
  await you.click(screen.getByRole('button', { name: 'New user' }));
  const form = screen.getByRole('form', { name: 'New user' });
  await you.type(within(form).getByLabelText('E-mail'), 'grace@acme.example');
  await you.type(within(form).getByLabelText('Name'), 'Grace Hopper');
  await you.selectOptions(within(form).getByLabelText('Role'), 'Supervisor');
  return { you, form };
}

test('a new user gets a one-time set-password link: shown once, then gone for good', async () => {
  const { you, form } = await openNewUser();
  assert.ok((within(form).getByLabelText('Make a one-time set-password link') as HTMLInputElement).checked);
  assert.is(within(form).queryByLabelText('Initial password'), null);
  await you.click(within(form).getByRole('button', { name: 'Create user' }));

  const shown = await screen.findByTestId('shown-once');
  assert.is(within(shown).getByRole('heading').textContent, 'Set-password link for grace@acme.example');
  assert.is(screen.getByTestId('shown-once-value').textContent, LINK);
  assert.match(shown.textContent!, /Shown once\./);
  assert.equal(created, [{ email: 'grace@acme.example', name: 'Grace Hopper', role: 'supervisor' }], 'no password is sent');
  await waitFor(() => assert.is(screen.getByTestId('admin-notice').textContent, 'Grace Hopper (grace@acme.example) was created.'));
  assert.ok(screen.getByTestId('user-grace@acme.example'));
  assert.is(screen.queryByRole('form', { name: 'New user' }), null);

  await you.click(within(shown).getByRole('button', { name: 'Done' }));
  assert.is(screen.queryByTestId('shown-once'), null);
  assert.not.match(document.body.innerHTML, LINK.split('#')[1]!);
});

test('an initial password is checked before sending; one long enough is sent and makes no link', async () => {
  const { you, form } = await openNewUser();
  await you.click(within(form).getByLabelText('Set an initial password'));
  await you.type(within(form).getByLabelText('Initial password'), 'short');
  await you.click(within(form).getByRole('button', { name: 'Create user' }));
  assert.is((await screen.findByTestId('user-new-error')).textContent, 'A password needs at least 10 characters.');
  assert.equal(created, []);
  assert.equal(
    api.calls.map((c) => c.method),
    ['GET'],
  );

  await you.type(within(form).getByLabelText('Initial password'), '-and-longer');
  await you.click(within(form).getByRole('button', { name: 'Create user' }));
  await waitFor(() => assert.is(screen.getByTestId('admin-notice').textContent, 'Grace Hopper (grace@acme.example) was created.'));
  assert.equal(created, [{ email: 'grace@acme.example', name: 'Grace Hopper', role: 'supervisor', password: 'short-and-longer' }]);
  assert.is(screen.queryByTestId('shown-once'), null);
});

test('the server’s refusal is shown in the form, which keeps what was typed', async () => {
  api.use(http.post('/api/admin/users', () => HttpResponse.json({ error: 'grace@acme.example already has an account.' }, { status: 409 })));
  const { you, form } = await openNewUser();
  await you.click(within(form).getByRole('button', { name: 'Create user' }));
  assert.is((await screen.findByTestId('user-new-error')).textContent, 'grace@acme.example already has an account.');
  assert.is((within(form).getByLabelText('E-mail') as HTMLInputElement).value, 'grace@acme.example');
  assert.is(screen.queryByTestId('shown-once'), null);
  assert.ok(within(form).getByRole('button', { name: 'Create user' }));
});

test.run();
