// The sign-in page's second step against msw: the code form after a right
// password, a wrong code (the server's words, the field cleared for another
// try), a sign-in made void (back to the password with why, the e-mail kept),
// and enrolment first with the recovery codes shown before going on.
import { Route } from '@solidjs/router';
import { screen, waitFor } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { Me } from '../../common/api.ts';
import SignIn from '../../client/src/pages/SignIn.tsx';
import { bootstrap, session, signOut } from '../../client/src/session.ts';
import { componentTests, renderAt, stub, user } from '../helpers/components.tsx';

const ME: Me = {
  id: '6f1c0a4e-3b1d-4a57-9a36-2f0d3c1e5b71',
  email: 'grace@acme.example',
  name: 'Grace Lindqvist',
  role: 'supervisor',
  tenant: { id: 't1', name: 'Acme', domain: 'acme.pbx.example.com' },
  extensions: ['1007'],
};

const { test, api } = componentTests(
  http.get('/api/me', () => HttpResponse.json({ error: 'Sign in first.' }, { status: 401 })),
  http.post('/api/auth/sign-out', () => new HttpResponse(null, { status: 204 })),
  http.get('/socket.io/', () => HttpResponse.error()),
);

async function openSignIn() {
  await bootstrap();
  assert.is(session().status, 'signed-out');
  renderAt('/sign-in?next=%2Fqueues', () => (
    <>
      <Route path="/sign-in" component={SignIn} />
      <Route path="/queues" component={stub('Queues page')} />
    </>
  ));
  const you = user();
  await you.type(screen.getByLabelText('E-mail'), 'grace@acme.example');
  await you.type(screen.getByLabelText('Password'), 'her-password');
  await you.click(screen.getByRole('button', { name: 'Sign in' }));
  return you;
}

test('after the password, the code: a wrong one is refused in the server’s words, the right one signs in', async () => {
  const codes: string[] = [];
  api.use(
    http.post('/api/auth/sign-in', () => HttpResponse.json({ secondFactor: 'code' }, { status: 202 })),
    http.post('/api/auth/second-factor', async ({ request }) => {
      const { code } = (await request.json()) as { code: string };
      codes.push(code);
      return code === '287082'
        ? HttpResponse.json(ME)
        : HttpResponse.json({ error: 'That code is not right, or was already used. 4 tries left.' }, { status: 401 });
    }),
  );
  const you = await openSignIn();
  const field = (await screen.findByLabelText('Code')) as HTMLInputElement;
  await waitFor(() => assert.is(document.activeElement, field, 'the code field takes the keyboard'));
  assert.is(field.getAttribute('autocomplete'), 'one-time-code');
  assert.is(session().status, 'signed-out', 'not signed in on the password alone');

  await you.click(screen.getByRole('button', { name: 'Sign in' }));
  assert.is((await screen.findByTestId('sign-in-code-error')).textContent, 'Enter the 6-digit code from your authenticator app, or a recovery code.');
  assert.equal(codes, [], 'nothing sent for an empty field');

  await you.type(field, '123456{Enter}');
  await waitFor(() => assert.is(screen.getByTestId('sign-in-code-error').textContent, 'That code is not right, or was already used. 4 tries left.'));
  assert.ok(screen.getAllByRole('alert').some((a) => a.contains(screen.getByTestId('sign-in-code-error'))));
  assert.is(field.value, '');
  assert.is(document.activeElement, field);
  assert.is(field.getAttribute('aria-invalid'), 'true');

  await you.type(field, '287082{Enter}');
  await screen.findByRole('heading', { name: 'Queues page' });
  assert.equal(codes, ['123456', '287082']);
  assert.is(session().status, 'signed-in');
  await signOut();
});

test('a void sign-in (410) goes back to the password with the reason, the e-mail kept', async () => {
  api.use(
    http.post('/api/auth/sign-in', () => HttpResponse.json({ secondFactor: 'code' }, { status: 202 })),
    http.post('/api/auth/second-factor', () =>
      HttpResponse.json({ error: 'Too many wrong codes. Sign in again with your e-mail and password.' }, { status: 410 }),
    ),
  );
  const you = await openSignIn();
  await you.type(await screen.findByLabelText('Code'), '000000{Enter}');
  assert.is((await screen.findByTestId('sign-in-error')).textContent, 'Too many wrong codes. Sign in again with your e-mail and password.');
  assert.is((screen.getByLabelText('E-mail') as HTMLInputElement).value, 'grace@acme.example');
  const password = screen.getByLabelText('Password') as HTMLInputElement;
  assert.is(password.value, '');
  await waitFor(() => assert.is(document.activeElement, password));
});

test('enrolment first: the key to type in, the code, then the recovery codes shown before going on', async () => {
  const recoveryCodes = Array.from({ length: 10 }, (_, i) => `abcd${i}-efgh${i}`);
  api.use(
    http.post('/api/auth/sign-in', () => HttpResponse.json({ secondFactor: 'enrol' }, { status: 202 })),
    http.post('/api/auth/second-factor/enrol/start', () =>
      HttpResponse.json({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Switchboard:grace%40acme.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }),
    ),
    http.post('/api/auth/second-factor/enrol/confirm', () => HttpResponse.json({ me: ME, recoveryCodes })),
  );
  const you = await openSignIn();
  assert.is((await screen.findByTestId('second-factor-secret')).textContent, 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  assert.match(screen.getByRole('link', { name: 'setup link' }).getAttribute('href')!, /^otpauth:\/\/totp\//);

  await you.type(screen.getByLabelText('Code from the app'), '12345{Enter}');
  assert.is((await screen.findByTestId('enrol-error')).textContent, 'Enter the 6-digit code your app shows for Switchboard.');
  await you.type(screen.getByLabelText('Code from the app'), '6{Enter}');
  const shown = await screen.findByTestId('recovery-codes');
  assert.equal(
    [...shown.querySelectorAll('li')].map((li) => li.textContent),
    recoveryCodes,
  );
  assert.is(session().status, 'signed-out', 'still here until the codes are saved');
  await you.click(screen.getByTestId('recovery-codes-done'));
  await screen.findByRole('heading', { name: 'Queues page' });
  assert.is(session().status, 'signed-in');
  await signOut();
});

test.run();
