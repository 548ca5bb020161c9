// Sign-in, the session cookie, GET /api/me, sign-out and expiry, through the
// real Hono handlers against a real PostgreSQL database.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TenantMe } from '../../../common/api.ts';
import { Session, User } from '../../../server/db/entities/index.ts';
import { seedDemo } from '../../../server/db/seed.ts';
import { WRONG_CREDENTIALS } from '../../../server/http/auth.ts';
import { deleteExpiredSessions, hashToken, readSessionToken, resolveSession } from '../../../server/http/session.ts';
import { createTestApp, type TestApp } from '../../helpers/auth-app.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';

let db: FreshDatabase;
let t: TestApp;

test.before(async () => {
  db = await freshDatabase();
  await seedDemo(db.orm.em.fork());
  t = createTestApp(db.orm);
});
test.after(async () => {
  await db?.close();
});

const tokenOf = (cookie: string) => readSessionToken(cookie)!;
const sessionRow = (cookie: string) => db.orm.em.fork().findOne(Session, { id: hashToken(tokenOf(cookie)) });

test('sign-in answers Me and sets an httpOnly, SameSite=Lax browser-session cookie', async () => {
  const { res, cookie } = await t.signIn('agent@acme.test');
  assert.is(res.status, 200);
  const me = (await res.json()) as TenantMe;
  assert.is(me.email, 'agent@acme.test');
  assert.is(me.role, 'agent');
  assert.equal(me.tenant.domain, 'acme.pbx.test');
  assert.equal(me.extensions, ['1001']);

  const setCookie = res.headers.get('set-cookie')!;
  assert.match(setCookie, /^sb_session=[A-Za-z0-9_-]{43};/);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
  assert.match(setCookie, /Path=\//);
  assert.not.match(setCookie, /Max-Age/i, 'without "remember me" the cookie ends with the browser');
  assert.not.match(setCookie, /Expires/i);
  assert.not.match(setCookie, /Secure/, 'config says no HTTPS here');

  const row = (await sessionRow(cookie!))!;
  assert.ok(row, 'the session row is keyed by the token hash');
  assert.is(row.persistent, false);
  assert.is(row.userAgent, 'uvu');
  const hours = (row.expiresAt.getTime() - Date.now()) / 3_600_000;
  assert.ok(hours > 11.9 && hours <= 12, `a browser session still ends on the server after 12 h (got ${hours})`);
  const raw = await db.orm.em.getConnection().execute(`select count(*)::int as n from sessions where id = ?`, [tokenOf(cookie!)]);
  assert.is(raw[0].n, 0, 'the raw token is stored nowhere');
});

test('"remember me" gives a 30-day Max-Age and a persistent session', async () => {
  const { res, cookie } = await t.signIn('agent2@acme.test', 'switchboard', true);
  assert.is(res.status, 200);
  assert.match(res.headers.get('set-cookie')!, /Max-Age=2592000/);
  const row = (await sessionRow(cookie!))!;
  assert.is(row.persistent, true);
  const days = (row.expiresAt.getTime() - Date.now()) / 86_400_000;
  assert.ok(days > 29.9 && days <= 30);
});

test('secure cookies when the config asks for them', async () => {
  const secure = createTestApp(db.orm, { cookieSecure: true });
  const { res } = await secure.signIn('agent3@acme.test');
  assert.match(res.headers.get('set-cookie')!, /; Secure/);
});

test('e-mail is matched case-insensitively', async () => {
  const { res } = await t.signIn('  Agent@ACME.test ');
  assert.is(res.status, 200);
});

test('GET /api/me shows only the signed-in user, their tenant and their extensions', async () => {
  const acme = await t.signIn('agent@acme.test');
  const globex = await t.signIn('agent@globex.test');
  const a = (await (await t.request('GET', '/api/me', { cookie: acme.cookie })).json()) as TenantMe;
  const g = (await (await t.request('GET', '/api/me', { cookie: globex.cookie })).json()) as TenantMe;
  assert.is(a.tenant.name, 'Acme Support');
  assert.is(g.tenant.name, 'Globex Sales');
  assert.equal(a.extensions, ['1001']);
  assert.equal(g.extensions, ['1001']);
  assert.is.not(a.tenant.id, g.tenant.id);
  assert.not.ok('passwordHash' in a, 'no hash in the answer');
  assert.not.match(JSON.stringify(a), /sipPassword|\$argon2/);
});

test('GET /api/me without a cookie, or with a made-up one, is 401', async () => {
  const none = await t.request('GET', '/api/me');
  assert.is(none.status, 401);
  assert.type(((await none.json()) as { error: string }).error, 'string');
  const forged = await t.request('GET', '/api/me', { cookie: `sb_session=${'A'.repeat(43)}` });
  assert.is(forged.status, 401);
  assert.match(forged.headers.get('set-cookie') ?? '', /sb_session=;.*Max-Age=0/, 'the dead cookie is cleared');
});

test('unknown e-mail and wrong password get the very same answer', async () => {
  const unknown = await t.signIn('nobody@acme.test', 'switchboard');
  const wrong = await t.signIn('agent4@acme.test', 'not-the-password');
  assert.is(unknown.res.status, 401);
  assert.is(wrong.res.status, 401);
  assert.equal(await unknown.res.json(), { error: WRONG_CREDENTIALS });
  assert.equal(await wrong.res.json(), { error: WRONG_CREDENTIALS });
  assert.is(unknown.res.headers.get('set-cookie'), null);
  assert.is(unknown.cookie, undefined);
});

test('a successful sign-in clears earlier wrong guesses', async () => {
  await t.signIn('agent5@acme.test', 'wrong-1');
  await t.signIn('agent5@acme.test', 'wrong-2');
  const em = db.orm.em.fork();
  assert.is((await em.findOneOrFail(User, { email: 'agent5@acme.test' })).failedSignIns, 2);
  assert.is((await t.signIn('agent5@acme.test')).res.status, 200);
  assert.is((await db.orm.em.fork().findOneOrFail(User, { email: 'agent5@acme.test' })).failedSignIns, 0);
});

test('a malformed request is a 400 with a message, never a stack trace', async () => {
  const badEmail = await t.request('POST', '/api/auth/sign-in', { body: { email: 'not-an-email', password: 'x' } });
  assert.is(badEmail.status, 400);
  assert.equal(await badEmail.json(), { error: 'Enter a valid e-mail address' });

  const missing = await t.request('POST', '/api/auth/sign-in', { body: { email: 'agent@acme.test' } });
  assert.is(missing.status, 400);
  assert.match(((await missing.json()) as { error: string }).error, /password/);

  const form = await t.request('POST', '/api/auth/sign-in', {
    body: JSON.stringify({ email: 'agent@acme.test', password: 'switchboard' }),
    contentType: 'text/plain',
  });
  assert.is(form.status, 415, 'a cross-site form cannot post a sign-in');

  const notJson = await t.request('POST', '/api/auth/sign-in', { body: '{"email":' });
  assert.is(notJson.status, 400);
  assert.equal(await notJson.json(), { error: 'The request body must be JSON.' });
});

test('an unknown /api route is a JSON 404', async () => {
  const res = await t.request('GET', '/api/no-such-thing');
  assert.is(res.status, 404);
  assert.match(((await res.json()) as { error: string }).error, /no API route GET \/api\/no-such-thing/);
});

test('sign-out ends the session on the server: the old cookie no longer works', async () => {
  const { cookie } = await t.signIn('supervisor@acme.test');
  assert.is((await t.request('GET', '/api/me', { cookie })).status, 200);
  const out = await t.request('POST', '/api/auth/sign-out', { cookie });
  assert.is(out.status, 204);
  assert.match(out.headers.get('set-cookie')!, /sb_session=;.*Max-Age=0/);
  assert.is(await sessionRow(cookie!), null);
  assert.is((await t.request('GET', '/api/me', { cookie })).status, 401, 'a copy of the cookie is worthless now');
  assert.ok(t.ended.some((e) => e.sessionId === hashToken(tokenOf(cookie!)) && e.reason === 'signed-out'), 'live sockets are told');
  // Signing out again (or with no cookie) still answers 204.
  assert.is((await t.request('POST', '/api/auth/sign-out', { cookie })).status, 204);
  assert.is((await t.request('POST', '/api/auth/sign-out')).status, 204);
});

test("signing in over someone else's session on a shared browser ends theirs", async () => {
  const first = await t.signIn('agent2@acme.test');
  const second = await t.signIn('agent3@acme.test', 'switchboard', false, first.cookie);
  assert.is(second.res.status, 200);
  assert.is(await sessionRow(first.cookie!), null);
  assert.is((await t.request('GET', '/api/me', { cookie: first.cookie })).status, 401);
});

test('expired sessions can be swept in one go', async () => {
  const { cookie } = await t.signIn('agent5@acme.test');
  const em = db.orm.em.fork();
  await em.nativeUpdate(Session, { id: hashToken(tokenOf(cookie!)) }, { expiresAt: new Date(Date.now() - 1000) });
  const live = await em.count(Session, { expiresAt: { $gt: new Date() } });
  assert.ok((await deleteExpiredSessions(em)) >= 1);
  assert.is(await sessionRow(cookie!), null);
  assert.is(await db.orm.em.fork().count(Session), live, 'live sessions are kept');
});

test('an expired session is refused and deleted', async () => {
  const { cookie } = await t.signIn('agent6@acme.test');
  await db.orm.em.fork().nativeUpdate(Session, { id: hashToken(tokenOf(cookie!)) }, { expiresAt: new Date(Date.now() - 1000) });
  assert.is((await t.request('GET', '/api/me', { cookie })).status, 401);
  assert.is(await sessionRow(cookie!), null, 'the expired row is gone');
});

test('resolveSession (used by the socket handshake) reads a raw Cookie header', async () => {
  const { cookie } = await t.signIn('agent2@globex.test');
  const header = `other=1; ${cookie}; theme=dark`;
  const info = await resolveSession(db.orm.em.fork(), readSessionToken(header)!);
  assert.ok(info);
  assert.is(info!.email, 'agent2@globex.test');
  assert.is(info!.role, 'agent');
  assert.is(info!.sessionId, hashToken(tokenOf(cookie!)));
  assert.is(readSessionToken('other=1'), null);
  assert.is(readSessionToken(undefined), null);
});

test.run();
