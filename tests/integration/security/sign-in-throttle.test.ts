// Sign-in throttled per client address and per e-mail (server/http/sign-in-throttle.ts),
// on top of the lockout: a spray of one guess at many accounts from one
// address is slowed (429 with Retry-After) and shows in the audit log; only
// failures count, so people who sign in often are never slowed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serverSuite } from '../../helpers/server-suite.ts';

// Small limits, so the test needs few requests; the window is long enough not to run out during it.
// TRUST_PROXY: X-Forwarded-For names the client, so one test can play many addresses.
const suite = serverSuite(test, { SIGN_IN_FAILURES_PER_ADDRESS: '6', SIGN_IN_FAILURES_PER_ACCOUNT: '3', SIGN_IN_WINDOW_S: '600', TRUST_PROXY: 'true' });

const signIn = async (email: string, password: string, forwardedFor?: string) => {
  const res = await fetch(`${suite.server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: string } };
};
const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  suite.server.switchboard.orm.em.fork().getConnection().execute(query, params) as Promise<T[]>;

test('successful sign-ins never count: twenty in a row are all let in', async () => {
  for (let i = 0; i < 20; i++) assert.is((await signIn('agent@acme.test', 'switchboard')).status, 200, `sign-in ${i + 1}`);
});

const SPRAYER = '203.0.113.7';

test('a spray across accounts from one address is refused after the limit, with Retry-After, and audited once', async () => {
  // One wrong guess each at six accounts (no account reaches its own limit or the lockout).
  const sprayed = ['agent2@acme.test', 'agent3@acme.test', 'agent4@acme.test', 'supervisor@acme.test', 'nobody@acme.test', 'admin@globex.test'];
  for (const email of sprayed) assert.is((await signIn(email, 'Summer2026!', SPRAYER)).status, 401, email);

  const refused = await signIn('admin@acme.test', 'Summer2026!', SPRAYER);
  assert.is(refused.status, 429);
  assert.match(refused.body.error!, /Too many failed sign-ins from your network/);
  const wait = Number(refused.retryAfter);
  assert.ok(wait > 0 && wait <= 600, `Retry-After ${refused.retryAfter}`);

  // Refused before the password is looked at: even the right one waits, and nothing more is recorded against the account.
  assert.is((await signIn('admin@acme.test', 'switchboard', SPRAYER)).status, 429);
  assert.is((await signIn('admin@acme.test', 'switchboard', '192.0.2.50')).status, 200, 'from another address the account is untouched');
  const failures = await sql<{ count: string }>("select count(*) from audit_log where action = 'sign-in.failure' and target = 'admin@acme.test'");
  assert.is(Number(failures[0]!.count), 0);

  const throttled = await sql<{ target: string; address: string; changes: Record<string, unknown> }>(
    "select target, address, changes from audit_log where action = 'sign-in.throttled'",
  );
  assert.is(throttled.length, 1, 'one audit row for the wave, not one per refused attempt');
  assert.is(throttled[0]!.target, SPRAYER);
  assert.is(throttled[0]!.changes.scope, 'address');
});

test('one e-mail guessed at from many addresses is refused after its own limit; the right password starts it over', async () => {
  for (let i = 1; i <= 3; i++) assert.is((await signIn('agent5@acme.test', `guess-${i}`, `198.51.100.${i}`)).status, 401);
  const refused = await signIn('agent5@acme.test', 'switchboard', '198.51.100.99');
  assert.is(refused.status, 429, 'a fresh address, but the e-mail has had its three guesses');
  assert.match(refused.body.error!, /for this e-mail address/);
  assert.ok(Number(refused.retryAfter) > 0);
  // Another e-mail from that fresh address is not held up.
  assert.is((await signIn('agent6@acme.test', 'switchboard', '198.51.100.99')).status, 200);
  const rows = await sql<{ target: string; changes: Record<string, unknown> }>("select target, changes from audit_log where action = 'sign-in.throttled' and target = 'agent5@acme.test'");
  assert.is(rows.length, 1);
  assert.is(rows[0]!.changes.scope, 'account');
});

test.run();
