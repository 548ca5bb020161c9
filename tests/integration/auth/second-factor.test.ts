// Two-step sign-in over real HTTP against a real PostgreSQL: enrolment from
// My Account, the sign-in's second step with a code and with a recovery
// code, replay and wrong codes refused, the tenant's requirement (enrolment
// before anything else), turning it off, and an admin's audited reset.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AdminUser, TenantSettings } from '../../../common/admin.ts';
import type { SecondFactorStatus } from '../../../common/second-factor.ts';
import { ENROL_BEFORE_REQUIRING } from '../../../server/admin/settings.ts';
import { NO_SUCH_USER } from '../../../server/admin/users.ts';
import { base32Decode, totp } from '../../../server/auth/totp.ts';
import { AuditEntry, PendingSignIn, RecoveryCode, User } from '../../../server/db/entities/index.ts';
import { seedDemo } from '../../../server/db/seed.ts';
import { REQUIRED_BY_ORGANISATION, WRONG_CODE, WRONG_ENROLMENT_CODE } from '../../../server/http/second-factor-account.ts';
import { ENROL_FIRST, SIGN_IN_AGAIN, TOO_MANY_CODES, wrongCode } from '../../../server/http/second-factor-sign-in.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';
import { serveTestApp, type HttpAnswer } from '../../helpers/http-app.ts';

let db: FreshDatabase;
let http: Awaited<ReturnType<typeof serveTestApp>>;

test.before(async () => {
  db = await freshDatabase();
  await seedDemo(db.orm.em.fork());
  http = await serveTestApp(db.orm);
});
test.after(async () => {
  await http?.close();
  await db?.close();
});

const call = (...args: Parameters<typeof http.call>) => http.call(...args);
const cookieOf = (answer: HttpAnswer, name: string): string | undefined => {
  const value = answer.cookies[name]?.value;
  return value ? `${name}=${value}` : undefined;
};
const user = (email: string) => db.orm.em.fork().findOneOrFail(User, { email });
const auditOf = (action: string, target: string) => db.orm.em.fork().find(AuditEntry, { action, target }, { orderBy: { id: 'asc' } });
/** The code the user's app shows `stepsAhead` steps from now (one ahead is inside the window). */
const codeOf = async (email: string, stepsAhead = 0) => totp(base32Decode((await user(email)).totpSecret!), Date.now() + stepsAhead * 30_000);
/**
 * Codes are single-use per 30 s step; a test that signs in again within the
 * same step makes the app's next code usable by forgetting the last step used.
 */
const forgetLastStep = (email: string) => db.orm.em.fork().nativeUpdate(User, { email }, { totpLastStep: null });

async function signInWithPassword(email: string) {
  const answer = await call('POST', '/api/auth/sign-in', { body: { email, password: 'switchboard' } });
  return { answer, session: cookieOf(answer, 'sb_session'), pending: cookieOf(answer, 'sb_pending') };
}

/** My Account's enrolment, start to finish; the recovery codes shown once. */
async function enrol(email: string): Promise<{ session: string; recoveryCodes: string[] }> {
  const { session } = await signInWithPassword(email);
  assert.ok(session, `${email} signs in with the password alone before enrolling`);
  const started = await call('POST', '/api/me/second-factor/start', { cookie: session });
  assert.is(started.status, 200);
  const confirmed = await call('POST', '/api/me/second-factor/confirm', {
    cookie: session,
    body: { code: totp(base32Decode(started.body.secret), Date.now()) },
  });
  assert.is(confirmed.status, 200);
  return { session: session!, recoveryCodes: confirmed.body.recoveryCodes };
}

test('enrolment from My Account: a key shown once, a wrong code refused, then ten recovery codes, stored hashed', async () => {
  const { session } = await signInWithPassword('supervisor@globex.test');
  const before = await call('GET', '/api/me/second-factor', { cookie: session });
  assert.equal(before.body, { enabled: false, required: false, enabledAt: null, recoveryCodesLeft: 0 } satisfies SecondFactorStatus);

  const started = await call('POST', '/api/me/second-factor/start', { cookie: session });
  assert.is(started.status, 200);
  assert.match(started.body.secret, /^[A-Z2-7]{32}$/, '160 bits in base32');
  assert.ok(started.body.uri.startsWith('otpauth://totp/Switchboard:supervisor%40globex.test?'));
  assert.ok(started.body.uri.includes(`secret=${started.body.secret}`));
  const key = base32Decode(started.body.secret);

  const wrong = await call('POST', '/api/me/second-factor/confirm', { cookie: session, body: { code: totp(key, Date.now() - 5 * 60_000) } });
  assert.is(wrong.status, 400);
  assert.equal(wrong.body, { error: WRONG_ENROLMENT_CODE });
  assert.is((await user('supervisor@globex.test')).totpSecret, null, 'still off');

  const confirmed = await call('POST', '/api/me/second-factor/confirm', { cookie: session, body: { code: totp(key, Date.now()) } });
  assert.is(confirmed.status, 200);
  const codes: string[] = confirmed.body.recoveryCodes;
  assert.is(codes.length, 10);
  assert.is(new Set(codes).size, 10);

  const after = await call('GET', '/api/me/second-factor', { cookie: session });
  assert.is(after.body.enabled, true);
  assert.is(after.body.recoveryCodesLeft, 10);
  const rows = await db.orm.em.fork().find(RecoveryCode, { user: (await user('supervisor@globex.test')).id });
  assert.is(rows.length, 10);
  for (const row of rows) {
    assert.match(row.codeHash, /^\$argon2id\$/);
    assert.not.ok(codes.some((c) => row.codeHash.includes(c.replace('-', ''))));
  }
  assert.is((await auditOf('second-factor.enable', 'supervisor@globex.test')).length, 1);
});

test('sign-in with a code: the password gives no session, only a pending cookie; the code gives the session', async () => {
  await enrol('agent@globex.test');
  const { answer, session, pending } = await signInWithPassword('agent@globex.test');
  assert.is(answer.status, 202);
  assert.equal(answer.body, { secondFactor: 'code' });
  assert.is(session, undefined, 'no session before the code');
  assert.ok(pending);
  const attributes = answer.cookies.sb_pending!.attributes;
  assert.match(attributes, /HttpOnly/);
  assert.match(attributes, /SameSite=Strict/);
  assert.match(attributes, /Path=\/api\/auth\/second-factor/);
  assert.is((await call('GET', '/api/me', { cookie: pending })).status, 401, 'the pending cookie is no session');

  const done = await call('POST', '/api/auth/second-factor', { cookie: pending, body: { code: await codeOf('agent@globex.test', 1) } });
  assert.is(done.status, 200);
  assert.is(done.body.email, 'agent@globex.test');
  const fresh = cookieOf(done, 'sb_session');
  assert.ok(fresh);
  assert.is(done.cookies.sb_pending?.value, '', 'the pending cookie is cleared');
  assert.is((await call('GET', '/api/me', { cookie: fresh })).status, 200);
  assert.is(await db.orm.em.fork().count(PendingSignIn, {}), 0, 'the pending sign-in is gone');
  const success = await auditOf('sign-in.success', 'agent@globex.test');
  assert.equal(success.at(-1)!.changes, { remember: false, secondFactor: 'code' });

  const again = await call('POST', '/api/auth/second-factor', { cookie: pending, body: { code: await codeOf('agent@globex.test', 1) } });
  assert.is(again.status, 410, 'a finished pending sign-in cannot be finished twice');
  assert.equal(again.body, { error: SIGN_IN_AGAIN });
});

test('a code used once is refused the second time (replay), also when two sign-ins race with it', async () => {
  await forgetLastStep('agent@globex.test');
  const code = await codeOf('agent@globex.test', 1);
  const first = await signInWithPassword('agent@globex.test');
  assert.is((await call('POST', '/api/auth/second-factor', { cookie: first.pending, body: { code } })).status, 200);
  const second = await signInWithPassword('agent@globex.test');
  const replay = await call('POST', '/api/auth/second-factor', { cookie: second.pending, body: { code } });
  assert.is(replay.status, 401);
  assert.equal(replay.body, { error: wrongCode(4) });

  await forgetLastStep('agent@globex.test');
  const racing = await Promise.all([signInWithPassword('agent@globex.test'), signInWithPassword('agent@globex.test')]);
  const raced = await Promise.all(racing.map((r) => call('POST', '/api/auth/second-factor', { cookie: r.pending, body: { code } })));
  assert.equal(raced.map((r) => r.status).sort(), [200, 401], 'exactly one of two sign-ins with the same code');
});

test('five wrong codes void the pending sign-in (even the right code after), and count as one failed sign-in', async () => {
  await forgetLastStep('agent@globex.test');
  const { pending } = await signInWithPassword('agent@globex.test');
  const right = await codeOf('agent@globex.test');
  const wrong = right === '000000' ? '111111' : '000000';
  for (let i = 1; i <= 4; i++) {
    const answer = await call('POST', '/api/auth/second-factor', { cookie: pending, body: { code: wrong } });
    assert.is(answer.status, 401);
    assert.equal(answer.body, { error: wrongCode(5 - i) });
  }
  const fifth = await call('POST', '/api/auth/second-factor', { cookie: pending, body: { code: wrong } });
  assert.is(fifth.status, 410);
  assert.equal(fifth.body, { error: TOO_MANY_CODES });
  const late = await call('POST', '/api/auth/second-factor', { cookie: pending, body: { code: right } });
  assert.is(late.status, 410);
  assert.equal(late.body, { error: SIGN_IN_AGAIN });
  assert.is(cookieOf(late, 'sb_session'), undefined);
  assert.is((await user('agent@globex.test')).failedSignIns, 1);
  assert.is((await auditOf('sign-in.second-step-void', 'agent@globex.test')).length, 1);

  const { pending: next } = await signInWithPassword('agent@globex.test');
  assert.is((await call('POST', '/api/auth/second-factor', { cookie: next, body: { code: right } })).status, 200, 'the password again, then the code');
  assert.is((await user('agent@globex.test')).failedSignIns, 0, 'a whole sign-in clears the count');
});

test('eight wrong codes at once: only five are checked, the rest find the sign-in void', async () => {
  const { pending } = await signInWithPassword('agent@globex.test');
  const wrong = (await codeOf('agent@globex.test')) === '000000' ? '111111' : '000000';
  const answers = await Promise.all(Array.from({ length: 8 }, () => call('POST', '/api/auth/second-factor', { cookie: pending, body: { code: wrong } })));
  const checked = answers.filter((a) => a.body.error !== SIGN_IN_AGAIN);
  assert.is(checked.length, 5, answers.map((a) => a.body.error).join(' | '));
  assert.equal(answers.map((a) => a.status).sort(), [401, 401, 401, 401, 410, 410, 410, 410]);
  await db.orm.em.fork().nativeUpdate(User, { email: 'agent@globex.test' }, { failedSignIns: 0 });
});

test('a recovery code signs in once, in any case and spacing; the second time it is refused', async () => {
  const { recoveryCodes } = await enrol('agent2@globex.test');
  const { pending } = await signInWithPassword('agent2@globex.test');
  const typed = ` ${recoveryCodes[3]!.toUpperCase().replace('-', ' ')} `;
  const done = await call('POST', '/api/auth/second-factor', { cookie: pending, body: { code: typed } });
  assert.is(done.status, 200);
  assert.equal((await auditOf('sign-in.success', 'agent2@globex.test')).at(-1)!.changes, { remember: false, secondFactor: 'recovery-code' });
  const status = await call('GET', '/api/me/second-factor', { cookie: cookieOf(done, 'sb_session') });
  assert.is(status.body.recoveryCodesLeft, 9);

  const { pending: again } = await signInWithPassword('agent2@globex.test');
  const reused = await call('POST', '/api/auth/second-factor', { cookie: again, body: { code: recoveryCodes[3] } });
  assert.is(reused.status, 401);
  assert.equal(reused.body, { error: wrongCode(4) });
  assert.is((await call('POST', '/api/auth/second-factor', { cookie: again, body: { code: recoveryCodes[4] } })).status, 200, 'another one still works');
});

test("turning it off takes a current code or a recovery code; a wrong one counts against the account", async () => {
  const { session, recoveryCodes } = await enrol('operator@provider.test');
  const wrong = await call('POST', '/api/me/second-factor/disable', { cookie: session, body: { code: '12345' } });
  assert.is(wrong.status, 400);
  assert.equal(wrong.body, { error: WRONG_CODE });
  assert.is((await user('operator@provider.test')).failedSignIns, 1);
  const off = await call('POST', '/api/me/second-factor/disable', { cookie: session, body: { code: recoveryCodes[0] } });
  assert.is(off.status, 200);
  assert.equal(off.body, { enabled: false, required: false, enabledAt: null, recoveryCodesLeft: 0 });
  assert.is(await db.orm.em.fork().count(RecoveryCode, { user: (await user('operator@provider.test')).id }), 0);
  assert.equal((await auditOf('second-factor.disable', 'operator@provider.test'))[0]!.changes, { with: 'recovery-code' });
  const plain = await signInWithPassword('operator@provider.test');
  assert.is(plain.answer.status, 200, 'the password alone again');
});

test('a tenant that requires it: its admin enrols first, supervisors enrol before reaching anything, agents are not asked', async () => {
  const admin = await signInWithPassword('admin@acme.test');
  const { session: supervisorBefore } = await signInWithPassword('supervisor@acme.test');
  const settings = (await call('GET', '/api/admin/settings', { cookie: admin.session })).body as TenantSettings;
  assert.is(settings.requireSecondFactor, false);
  const save = (cookie: string | undefined) =>
    call('PUT', '/api/admin/settings', {
      cookie,
      body: { package: settings.package, limits: settings.limits, lowCreditThreshold: settings.lowCreditThreshold, requireSecondFactor: true },
    });
  const refused = await save(admin.session);
  assert.is(refused.status, 409, 'it would lock its own admin out');
  assert.equal(refused.body, { error: ENROL_BEFORE_REQUIRING });

  const { session: adminSession } = await enrol('admin@acme.test');
  const saved = await save(adminSession);
  assert.is(saved.status, 200);
  assert.is(saved.body.requireSecondFactor, true);
  const [audited] = await db.orm.em.fork().find(AuditEntry, { action: 'tenant.desk', actor: 'admin@acme.test' }, { orderBy: { id: 'desc' } });
  assert.equal(audited!.changes, { requireSecondFactor: { from: false, to: true } });

  assert.is((await call('GET', '/api/me', { cookie: supervisorBefore })).status, 401, "a supervisor's session from before is refused");
  const { answer, session, pending } = await signInWithPassword('supervisor@acme.test');
  assert.is(answer.status, 202);
  assert.equal(answer.body, { secondFactor: 'enrol' });
  assert.is(session, undefined);
  for (const path of ['/api/me', '/api/admin/users', '/api/admin/settings', '/api/me/second-factor', '/api/operator/tenants']) {
    assert.is((await call('GET', path, { cookie: pending })).status, 401, `${path} with only the pending cookie`);
  }
  assert.is((await call('POST', '/api/me/second-factor/start', { cookie: pending })).status, 401, "My Account's enrolment needs a session");
  const code = await call('POST', '/api/auth/second-factor', { cookie: pending, body: { code: '123456' } });
  assert.is(code.status, 409);
  assert.equal(code.body, { error: ENROL_FIRST });

  const started = await call('POST', '/api/auth/second-factor/enrol/start', { cookie: pending });
  assert.is(started.status, 200);
  const confirmed = await call('POST', '/api/auth/second-factor/enrol/confirm', {
    cookie: pending,
    body: { code: totp(base32Decode(started.body.secret), Date.now()) },
  });
  assert.is(confirmed.status, 200);
  assert.is(confirmed.body.me.email, 'supervisor@acme.test');
  assert.is(confirmed.body.recoveryCodes.length, 10);
  const enrolled = cookieOf(confirmed, 'sb_session');
  assert.is((await call('GET', '/api/me', { cookie: enrolled })).status, 200);
  assert.equal((await call('GET', '/api/me/second-factor', { cookie: enrolled })).body.required, true);
  const off = await call('POST', '/api/me/second-factor/disable', { cookie: enrolled, body: { code: confirmed.body.recoveryCodes[0] } });
  assert.is(off.status, 409);
  assert.equal(off.body, { error: REQUIRED_BY_ORGANISATION });

  assert.is((await signInWithPassword('agent3@acme.test')).answer.status, 200, 'agents sign in with the password alone');
});

test("an admin resets a supervisor's second factor: audited, only in their own tenant; enrolment again at the next sign-in", async () => {
  const { pending } = await signInWithPassword('admin@acme.test');
  await forgetLastStep('admin@acme.test');
  const admin = await call('POST', '/api/auth/second-factor', { cookie: pending, body: { code: await codeOf('admin@acme.test') } });
  assert.is(admin.status, 200);
  const adminSession = cookieOf(admin, 'sb_session');
  const supervisor = await user('supervisor@acme.test');

  const globex = await signInWithPassword('admin@globex.test');
  const foreign = await call('POST', `/api/admin/users/${supervisor.id}/reset-second-factor`, { cookie: globex.session });
  assert.is(foreign.status, 404);
  assert.equal(foreign.body, { error: NO_SUCH_USER });
  assert.ok((await user('supervisor@acme.test')).totpSecret, 'untouched by another tenant');

  const list = (await call('GET', '/api/admin/users', { cookie: adminSession })).body.users as AdminUser[];
  assert.is(list.find((u) => u.email === 'supervisor@acme.test')!.secondFactor, true);
  const reset = await call('POST', `/api/admin/users/${supervisor.id}/reset-second-factor`, { cookie: adminSession });
  assert.is(reset.status, 200);
  assert.is(reset.body.secondFactor, false);
  const [entry] = await auditOf('user.reset-second-factor', 'supervisor@acme.test');
  assert.ok(entry);
  assert.is(entry.actor, 'admin@acme.test');
  assert.is(entry.address, '127.0.0.1');
  assert.equal(entry.changes, { secondFactor: { from: true, to: false } });
  assert.is(await db.orm.em.fork().count(RecoveryCode, { user: supervisor.id }), 0);

  const next = await signInWithPassword('supervisor@acme.test');
  assert.equal(next.answer.body, { secondFactor: 'enrol' }, 'the tenant still requires it');
});

test('on the server, the CLI resets a lost phone, an operator\'s too (nobody above them could), audited', async () => {
  await enrol('operator@provider.test');
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
  try {
    const root = new URL('../../../', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'server/cli/admin.ts'), 'reset-second-factor', 'operator@provider.test'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dataDir, NODE_ENV: 'test' },
    });
    assert.match(stdout, /Two-step sign-in of .*operator@provider\.test.* reset/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  assert.is((await user('operator@provider.test')).totpSecret, null);
  const [entry] = await auditOf('operator.reset-second-factor', 'operator@provider.test');
  assert.match(entry?.actor ?? '', /^cli/);
  assert.is((await signInWithPassword('operator@provider.test')).answer.status, 200, 'the password alone again');
});

test.run();
