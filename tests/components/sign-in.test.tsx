// The sign-in form against msw: what the person sees for each way the
// server can refuse (its own words in the alert), when it cannot be
// reached, and where they land once signed in.
import { Route } from '@solidjs/router';
import { screen, waitFor } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { Me, SignInRequest } from '../../common/api.ts';
import SignIn from '../../client/src/pages/SignIn.tsx';
import { bootstrap, session, signOut } from '../../client/src/session.ts';
import { componentTests, renderAt, stub, user } from '../helpers/components.tsx';

const ME: Me = {
  id: '6f1c0a4e-3b1d-4a57-9a36-2f0d3c1e5b71',
  email: 'ada@acme.example',
  name: 'Ada Lovelace',
  role: 'agent',
  tenant: { id: 't1', name: 'Acme', domain: 'acme.pbx.example.com' },
  extensions: ['1001'],
};

const { test, api } = componentTests(
  // Nobody is signed in when the page opens.
  http.get('/api/me', () => HttpResponse.json({ error: 'Sign in first.' }, { status: 401 })),
  http.post('/api/auth/sign-out', () => new HttpResponse(null, { status: 204 })),
  // Signing in opens the live connection: not this file's business (the
  // browser and integration tests run it against a server), so it fails here.
  http.get('/socket.io/', () => HttpResponse.error()),
);

/** The sign-in page at /sign-in?next=…, signed out, and a user at the keyboard. */
async function openSignIn(next = '/fax/send') {
  await bootstrap();
  assert.is(session().status, 'signed-out');
  const page = renderAt(
    `/sign-in?next=${encodeURIComponent(next)}`,
    () => (
      <>
        <Route path="/sign-in" component={SignIn} />
        <Route path="/fax/send" component={stub('Send Fax page')} />
      </>
    ),
  );
  return { page, you: user() };
}

/** Types the e-mail and password and presses Sign in; resolves with the alert's text once it shows. */
async function signInWith(you: ReturnType<typeof user>, email: string, password: string) {
  await you.type(screen.getByLabelText('E-mail'), email);
  await you.type(screen.getByLabelText('Password'), password);
  await you.click(screen.getByRole('button', { name: 'Sign in' }));
}

const errorText = async () => (await screen.findByTestId('sign-in-error')).textContent;

test('a wrong password shows the server’s words in the alert and clears the password for another try', async () => {
  let sent: SignInRequest | undefined;
  api.use(
    http.post('/api/auth/sign-in', async ({ request }) => {
      sent = (await request.json()) as SignInRequest;
      return HttpResponse.json({ error: 'Wrong e-mail or password.' }, { status: 401 });
    }),
  );
  const { you } = await openSignIn();
  await you.click(screen.getByLabelText('Remember me'));
  await signInWith(you, 'ada@acme.example', 'not-her-password');

  assert.is(await errorText(), 'Wrong e-mail or password.');
  assert.ok(screen.getByRole('alert').contains(screen.getByTestId('sign-in-error')), 'the message is inside the alert region');
  assert.equal(sent, { email: 'ada@acme.example', password: 'not-her-password', remember: true });
  const password = screen.getByLabelText('Password') as HTMLInputElement;
  assert.is(password.value, '');
  assert.is(document.activeElement, password);
  assert.is(screen.getByRole('button', { name: 'Sign in' }).getAttribute('aria-disabled'), 'false');
});

test('a locked account (423) is told so, in the server’s words or the page’s own when it sends none', async () => {
  api.use(
    http.post('/api/auth/sign-in', () =>
      HttpResponse.json({ error: 'This account is locked after too many failed sign-ins. Ask your administrator to unlock it.' }, { status: 423 }),
    ),
  );
  const { you } = await openSignIn();
  await signInWith(you, 'ada@acme.example', 'guess-number-6');
  assert.is(await errorText(), 'This account is locked after too many failed sign-ins. Ask your administrator to unlock it.');
  // The password stays: it was not what was wrong.
  assert.is((screen.getByLabelText('Password') as HTMLInputElement).value, 'guess-number-6');

  api.use(http.post('/api/auth/sign-in', () => new HttpResponse(null, { status: 423 })));
  await you.click(screen.getByRole('button', { name: 'Sign in' }));
  await waitFor(() => assert.is(screen.getByTestId('sign-in-error').textContent, 'This account is locked. Ask an administrator to unlock it.'));
});

test('a disabled account and a suspended organisation (403) each get their own message', async () => {
  const refusals = ['This account is disabled. Ask your administrator.', "Your organisation's service is suspended. Contact your provider."];
  for (const error of refusals) {
    api.use(http.post('/api/auth/sign-in', () => HttpResponse.json({ error }, { status: 403 })));
    const { page, you } = await openSignIn();
    await signInWith(you, 'ada@acme.example', 'correct horse battery');
    assert.is(await errorText(), error);
    page.unmount();
  }
});

test('a server that cannot be reached is named as such, not as a wrong password', async () => {
  api.use(http.post('/api/auth/sign-in', () => HttpResponse.error()));
  const { you } = await openSignIn();
  await signInWith(you, 'ada@acme.example', 'correct horse battery');
  assert.match(await errorText(), /^Cannot reach the server\./);
  assert.equal(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/me', 'POST /api/auth/sign-in'],
  );
});

test('an e-mail address without @ is refused before anything is sent', async () => {
  const { you } = await openSignIn();
  await signInWith(you, 'ada.acme.example', 'correct horse battery');
  assert.is(await errorText(), 'Enter a valid e-mail address.');
  assert.is(screen.getByLabelText('E-mail').getAttribute('aria-invalid'), 'true');
  assert.equal(
    api.calls.map((c) => c.path),
    ['/api/me'],
  );
});

test('signing in lands on the page first asked for, signed in as that user', async () => {
  api.use(http.post('/api/auth/sign-in', () => HttpResponse.json(ME)));
  const { page, you } = await openSignIn('/fax/send');
  await signInWith(you, 'Ada@Acme.example ', 'correct horse battery');
  await screen.findByRole('heading', { name: 'Send Fax page' });
  assert.is(page.location(), '/fax/send');
  const now = session();
  assert.ok(now.status === 'signed-in' && now.me.email === ME.email);
  assert.is(screen.queryByTestId('sign-in-error'), null);
  // Signing out closes the live connection the session opened.
  await signOut();
});

test.run();
