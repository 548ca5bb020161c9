// The session id is new after every sign-in (a cookie the browser already
// held, planted or genuine, is never carried over), and a password change
// ends every session of that user, the one that made the change included:
// whoever holds the new password signs in again and gets a new id.
// (Switchboard has no "change my password" form: passwords change through an
// admin's reset, the admin's own included, or a one-time set-password link.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { restClient } from '../../helpers/rest.ts';
import { serverSuite } from '../../helpers/server-suite.ts';

const suite = serverSuite(test);
const call = () => restClient(suite.server.url);
const me = async (cookie: string) => (await call()('GET', '/api/me', cookie)).status;

const signInWith = async (email: string, password: string, cookie?: string) => {
  const res = await fetch(`${suite.server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ email, password }),
  });
  assert.is(res.status, 200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
};

const userId = async (admin: string, email: string) =>
  ((await call()('GET', '/api/admin/users', admin)).body.users as { id: string; email: string }[]).find((u) => u.email === email)!.id;

test('sign-in never keeps the cookie the browser came with: a planted one, or the same user\'s own', async () => {
  const planted = `sb_session=${randomBytes(32).toString('base64url')}`;
  const fresh = await signInWith('agent2@acme.test', 'switchboard', planted);
  assert.is.not(fresh, planted);
  assert.is(await me(planted), 401, 'the planted id was not adopted');
  assert.is(await me(fresh), 200);

  const again = await signInWith('agent2@acme.test', 'switchboard', fresh);
  assert.is.not(again, fresh, 'a new id on every sign-in');
  assert.is(await me(fresh), 401, 'the id from before the sign-in is over');
  assert.is(await me(again), 200);
});

test("a password change ends every session of that user; the admin's own change ends their current session too", async () => {
  const admin = await suite.server.signIn('admin@acme.test');
  const tabs = [await suite.server.signIn('agent3@acme.test'), await suite.server.signIn('agent3@acme.test')];
  const reset = await call()('POST', `/api/admin/users/${await userId(admin, 'agent3@acme.test')}/reset-password`, admin, { password: 'a new password for three' });
  assert.is(reset.status, 200);
  for (const tab of tabs) assert.is(await me(tab), 401);
  assert.is(await me(admin), 200, "the admin's own session is not the agent's");

  const otherAdminTab = await suite.server.signIn('admin@acme.test');
  const own = await call()('POST', `/api/admin/users/${await userId(admin, 'admin@acme.test')}/reset-password`, admin, { password: 'the admin changed it' });
  assert.is(own.status, 200);
  assert.is(await me(admin), 401, 'the session that made the change is not carried over');
  assert.is(await me(otherAdminTab), 401);
  const next = await signInWith('admin@acme.test', 'the admin changed it', admin);
  assert.is.not(next, admin);
  assert.is(await me(next), 200);
});

test('a password set through a one-time link ends every session of that user', async () => {
  const admin = await suite.server.signIn('admin@globex.test');
  const tab = await suite.server.signIn('agent@globex.test');
  const link = (await call()('POST', `/api/admin/users/${await userId(admin, 'agent@globex.test')}/reset-password`, admin, {})).body as { setPasswordLink: string };
  assert.is(await me(tab), 401, 'the reset itself ends it');
  const token = link.setPasswordLink.split('#token=')[1]!;
  assert.is((await call()('POST', '/api/auth/set-password', undefined, { token, password: 'set through the link' })).status, 204);
  const signedIn = await signInWith('agent@globex.test', 'set through the link');
  assert.is(await me(signedIn), 200);
});

test.run();
