// Lockout after too many wrong passwords, and the ways out: an admin of the
// same tenant (REST), the operator CLI, and a password reset that also ends
// every session of the user.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Session, User } from '../../../server/db/entities/index.ts';
import { seedDemo } from '../../../server/db/seed.ts';
import type { AdminUser } from '../../../common/admin.ts';
import { NO_SUCH_USER } from '../../../server/admin/users.ts';
import { ACCOUNT_LOCKED, WRONG_CREDENTIALS } from '../../../server/http/auth.ts';
import { FORBIDDEN } from '../../../server/http/guards.ts';
import { createTestApp, type TestApp } from '../../helpers/auth-app.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;

let db: FreshDatabase;
let t: TestApp;
let dataDir: string;

test.before(async () => {
  db = await freshDatabase();
  await seedDemo(db.orm.em.fork());
  t = createTestApp(db.orm);
  dataDir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
});
test.after(async () => {
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const userId = async (email: string) => (await db.orm.em.fork().findOneOrFail(User, { email })).id;
const userRow = (email: string) => db.orm.em.fork().findOneOrFail(User, { email });

async function lockOut(email: string) {
  for (let i = 1; i <= 4; i++) {
    const { res } = await t.signIn(email, `wrong-${i}`);
    assert.is(res.status, 401, `guess ${i} is just wrong`);
    assert.equal(await res.json(), { error: WRONG_CREDENTIALS });
  }
  const { res } = await t.signIn(email, 'wrong-5');
  assert.is(res.status, 423, 'the fifth wrong guess locks');
  assert.equal(await res.json(), { error: ACCOUNT_LOCKED });
}

/** The CLI as an operator runs it: its own process, the server's environment. */
function cli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', join(root, 'server/cli/admin.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dataDir, NODE_ENV: 'test' },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

test('five wrong passwords lock the account; then even the right one is refused', async () => {
  const { cookie: before } = await t.signIn('agent@acme.test');
  assert.ok(before);
  await lockOut('agent@acme.test');
  const row = await userRow('agent@acme.test');
  assert.is(row.locked, true);
  assert.ok(row.lockedAt instanceof Date);
  assert.is(row.failedSignIns, 5);

  const right = await t.signIn('agent@acme.test', 'switchboard');
  assert.is(right.res.status, 423);
  assert.equal(await right.res.json(), { error: ACCOUNT_LOCKED });
  assert.is(right.cookie, undefined);
  assert.is((await t.request('GET', '/api/me', { cookie: before })).status, 401, 'a locked user is out everywhere');
  assert.ok(t.ended.some((e) => e.reason === 'locked'), 'open sockets are told');
});

test('wrong guesses at an unknown e-mail never turn into "locked"', async () => {
  for (let i = 0; i < 6; i++) {
    const { res } = await t.signIn('ghost@acme.test', `guess-${i}`);
    assert.is(res.status, 401);
    assert.equal(await res.json(), { error: WRONG_CREDENTIALS });
  }
});

test('parallel guesses cannot slip past the limit', async () => {
  await Promise.all(Array.from({ length: 8 }, (_, i) => t.signIn('agent3@acme.test', `parallel-${i}`)));
  const row = await userRow('agent3@acme.test');
  assert.is(row.locked, true);
  // Guesses that arrive after the lock are refused without counting, so at least the limit, maybe more.
  assert.ok(row.failedSignIns >= 5, `counted ${row.failedSignIns}`);
  assert.is((await t.signIn('agent3@acme.test')).res.status, 423);
});

test('an agent cannot use the admin routes: 403', async () => {
  const { cookie } = await t.signIn('agent2@acme.test');
  const res = await t.request('POST', `/api/admin/users/${await userId('agent@acme.test')}/unlock`, { cookie });
  assert.is(res.status, 403);
  assert.equal(await res.json(), { error: FORBIDDEN });
  assert.is((await t.request('GET', '/api/admin/users', { cookie })).status, 403);
  assert.is((await t.request('GET', '/api/admin/users')).status, 401, 'no session at all is 401');
  assert.is((await userRow('agent@acme.test')).locked, true);
});

test("another tenant's admin gets 404 and the account stays locked", async () => {
  const { cookie } = await t.signIn('admin@globex.test');
  const id = await userId('agent@acme.test');
  const unlock = await t.request('POST', `/api/admin/users/${id}/unlock`, { cookie });
  assert.is(unlock.status, 404);
  assert.equal(await unlock.json(), { error: NO_SUCH_USER });
  const reset = await t.request('POST', `/api/admin/users/${id}/reset-password`, { cookie, body: { password: 'taken-over-123' } });
  assert.is(reset.status, 404);
  assert.is((await userRow('agent@acme.test')).locked, true);
  assert.is((await t.signIn('agent@acme.test', 'taken-over-123')).res.status, 423);

  const list = (await (await t.request('GET', '/api/admin/users', { cookie })).json()) as { users: AdminUser[] };
  assert.ok(list.users.every((u) => u.email.endsWith('@globex.test')), 'the list is only their own tenant');
  const malformed = await t.request('POST', '/api/admin/users/not-a-uuid/unlock', { cookie });
  assert.is(malformed.status, 404, 'a malformed id is simply not found');
});

test('the admin of the same tenant finds the user, unlocks, and sign-in works again', async () => {
  const { cookie } = await t.signIn('admin@acme.test');
  const list = (await (await t.request('GET', '/api/admin/users', { cookie })).json()) as { users: AdminUser[] };
  const alice = list.users.find((u) => u.email === 'agent@acme.test')!;
  assert.is(alice.locked, true);
  assert.is(alice.failedSignIns, 5);
  assert.not.ok('passwordHash' in alice);

  const res = await t.request('POST', `/api/admin/users/${alice.id}/unlock`, { cookie });
  assert.is(res.status, 200);
  const unlocked = (await res.json()) as AdminUser;
  assert.equal([unlocked.id, unlocked.email, unlocked.locked, unlocked.failedSignIns], [alice.id, 'agent@acme.test', false, 0]);
  const row = await userRow('agent@acme.test');
  assert.is(row.locked, false);
  assert.is(row.failedSignIns, 0);
  assert.is(row.lockedAt, null);
  assert.is((await t.signIn('agent@acme.test')).res.status, 200);
});

test('reset-password sets a new password, unlocks, and ends every old session', async () => {
  const old1 = (await t.signIn('agent4@acme.test')).cookie;
  const old2 = (await t.signIn('agent4@acme.test', 'switchboard', true)).cookie;
  await lockOut('agent4@acme.test');
  const { cookie } = await t.signIn('admin@acme.test');
  const id = await userId('agent4@acme.test');

  const short = await t.request('POST', `/api/admin/users/${id}/reset-password`, { cookie, body: { password: 'short' } });
  assert.is(short.status, 400);
  assert.equal(await short.json(), { error: 'A password needs at least 10 characters.' });

  const res = await t.request('POST', `/api/admin/users/${id}/reset-password`, { cookie, body: { password: 'a-brand-new-secret' } });
  assert.is(res.status, 200);
  const reset = (await res.json()) as { user: AdminUser; sessionsEnded: number; setPasswordLink?: string };
  assert.equal([reset.user.id, reset.user.email, reset.user.locked, reset.sessionsEnded, reset.setPasswordLink], [id, 'agent4@acme.test', false, 2, undefined]);
  assert.is(await db.orm.em.fork().count(Session, { user: id }), 0);

  // Unlocking alone would let the old sessions back in; the reset must not.
  assert.is((await t.request('GET', '/api/me', { cookie: old1 })).status, 401);
  assert.is((await t.request('GET', '/api/me', { cookie: old2 })).status, 401);
  assert.is((await t.signIn('agent4@acme.test', 'switchboard')).res.status, 401, 'the old password is gone');
  assert.is((await t.signIn('agent4@acme.test', 'a-brand-new-secret')).res.status, 200);
  assert.ok((await userRow('agent4@acme.test')).passwordHash.startsWith('$argon2id$'));
});

test('CLI: unlock <email> unlocks; an unknown e-mail exits 1 with a message', async () => {
  await lockOut('agent5@acme.test');
  const ok = await cli('unlock', 'agent5@acme.test');
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Unlocked agent5@acme\.test \(Acme Support\)/);
  assert.is((await userRow('agent5@acme.test')).locked, false);
  assert.is((await t.signIn('agent5@acme.test')).res.status, 200);

  const unknown = await cli('unlock', 'nobody@nowhere.test');
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, /No user has the e-mail address nobody@nowhere\.test/);
  assert.not.match(unknown.stderr, /at .*\.ts:\d+/, 'no stack trace');

  const usage = await cli('frobnicate');
  assert.is(usage.code, 2);
  assert.match(usage.stderr, /Usage:/);
});

test('CLI: reset-password <email> <password> sets it and signs the user out', async () => {
  const { cookie } = await t.signIn('agent6@acme.test');
  const short = await cli('reset-password', 'agent6@acme.test', 'short');
  assert.is(short.code, 1);
  assert.match(short.stderr, /at least 10 characters/);
  assert.not.match(short.stderr, /at .*\.ts:\d+/, 'no stack trace');

  const ok = await cli('reset-password', 'agent6@acme.test', 'from-the-console-42');
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /1 session\(s\) signed out/);
  assert.is((await t.request('GET', '/api/me', { cookie })).status, 401);
  assert.is((await t.signIn('agent6@acme.test', 'from-the-console-42')).res.status, 200);
});

test.run();
