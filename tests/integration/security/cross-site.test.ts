// State-changing REST refuses requests from another site (server/http/same-origin.ts):
// by Sec-Fetch-Site and by Origin, not only by the SameSite cookie. Reads stay
// open, non-browser clients (no Origin, no Sec-Fetch-Site) keep working, and
// FreeSWITCH's /freeswitch posts are not judged by it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CROSS_SITE_REFUSED } from '../../../server/http/same-origin.ts';
import { serverSuite } from '../../helpers/server-suite.ts';

const suite = serverSuite(test);

const dnd = async (cookie: string, headers: Record<string, string>, dnd = true) => {
  const res = await fetch(`${suite.server.url}/api/account/extensions/1001/dnd`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, ...headers },
    body: JSON.stringify({ dnd }),
  });
  return { status: res.status, body: (await res.json()) as { error?: string; dnd?: boolean } };
};

const own = () => new URL(suite.server.url).origin;

test('a cross-site or same-site request is refused with 403, and nothing changes', async () => {
  const cookie = await suite.server.signIn('agent@acme.test');
  const refusedOnes: Record<string, string>[] = [
    { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    // An old browser without Fetch Metadata: the Origin alone gives it away.
    { origin: 'https://evil.example' },
    // A browser that says cross-site, whatever Origin it claims.
    { origin: own(), 'sec-fetch-site': 'cross-site' },
    // A sibling host under the same registrable domain.
    { origin: own(), 'sec-fetch-site': 'same-site' },
    // A sandboxed frame or a redirect.
    { origin: 'null', 'sec-fetch-site': 'same-origin' },
    // A browser (it sends Fetch Metadata) that hid its Origin.
    { 'sec-fetch-site': 'same-origin' },
  ];
  for (const headers of refusedOnes) {
    const res = await dnd(cookie, headers);
    assert.is(res.status, 403, JSON.stringify(headers));
    assert.is(res.body.error, CROSS_SITE_REFUSED);
  }
  const account = await fetch(`${suite.server.url}/api/account`, { headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
  assert.is(account.status, 200, 'a read is not refused (it changes nothing, and CORS keeps its answer from the other site)');
  const body = (await account.json()) as { extensions: { number: string; dnd: boolean }[] };
  assert.is(body.extensions.find((e) => e.number === '1001')?.dnd, false, 'none of the refused requests turned DND on');
});

test('sign-in and sign-out are state-changing too', async () => {
  const res = await fetch(`${suite.server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    body: JSON.stringify({ email: 'agent@acme.test', password: 'switchboard' }),
  });
  assert.is(res.status, 403, 'login CSRF is refused');
  assert.is(res.headers.get('set-cookie'), null);
});

test('our own pages, and clients that are no browser, are let through', async () => {
  const cookie = await suite.server.signIn('agent@acme.test');
  assert.is((await dnd(cookie, { origin: own(), 'sec-fetch-site': 'same-origin' }, true)).status, 200, 'our own page');
  assert.is((await dnd(cookie, { origin: own() }, false)).status, 200, 'our own page in a browser without Fetch Metadata');
  assert.is((await dnd(cookie, {}, true)).status, 200, 'no browser at all (the CLI, curl, the tests)');
  assert.is((await dnd(cookie, { origin: own(), 'sec-fetch-site': 'none' }, false)).status, 200, 'the user\'s own navigation');
});

test("FreeSWITCH's posts are not judged by it", async () => {
  const res = await fetch(`${suite.server.url}/freeswitch/directory`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    body: new URLSearchParams({ section: 'directory', user: '1001', domain: 'acme.test' }),
  });
  assert.is.not(res.status, 403);
});

test.run();
