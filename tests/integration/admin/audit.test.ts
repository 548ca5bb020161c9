// The audit log: every sign-in (success, failure, lockout) and every
// administrative change, with actor, tenant, time, address and what changed
// — never a password, SIP password, PIN or token. An admin reads their own
// tenant's log, an operator everyone's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AuditPage, ExtensionSecret, UserCreated } from '../../../common/admin.ts';
import { restClient } from '../../helpers/rest.ts';
import { serverSuite } from '../../helpers/server-suite.ts';

const suite = serverSuite(test);
const rest = () => restClient(suite.server.url);
const signInRaw = (email: string, password: string) =>
  fetch(`${suite.server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  suite.server.switchboard.orm.em.fork().getConnection().execute(query, params) as Promise<T[]>;

const secrets: string[] = [];

test('sign-ins are recorded with the address: success, wrong password, unknown e-mail, lockout', async () => {
  await suite.server.signIn('agent2@acme.test');
  await signInRaw('agent3@acme.test', 'not-the-password');
  await signInRaw('nobody@acme.test', 'whatever-it-is');
  for (let i = 0; i < 5; i++) await signInRaw('agent4@acme.test', `wrong-${i}`);
  const rows = await sql<{ action: string; target: string; address: string | null; tenant_id: string | null; changes: Record<string, unknown> }>(
    "select action, target, address, tenant_id, changes from audit_log where action like 'sign-in.%' order by id",
  );
  const of = (target: string) => rows.filter((r) => r.target === target).map((r) => r.action);
  assert.equal(of('agent2@acme.test'), ['sign-in.success']);
  assert.equal(of('agent3@acme.test'), ['sign-in.failure']);
  assert.equal(of('nobody@acme.test'), ['sign-in.failure']);
  assert.equal(of('agent4@acme.test'), ['sign-in.failure', 'sign-in.failure', 'sign-in.failure', 'sign-in.failure', 'sign-in.lockout']);
  assert.ok(rows.every((r) => r.address === '127.0.0.1' || r.address === '::ffff:127.0.0.1'), JSON.stringify(rows.map((r) => r.address)));
  assert.is(rows.find((r) => r.target === 'nobody@acme.test')!.tenant_id, null, 'an unknown account belongs to no tenant');
  assert.equal(rows.find((r) => r.target === 'agent3@acme.test')!.changes, { reason: 'wrong password', failedSignIns: 1 });
});

test("administrative changes are recorded with what changed; the admin sees their tenant's, the operator everyone's", async () => {
  const call = rest();
  const admin = await suite.server.signIn('admin@acme.test');
  const user = (await call('POST', '/api/admin/users', admin, { email: 'audited@acme.test', name: 'Audi Ted', role: 'agent', password: 'audited-password-1' })).body as UserCreated;
  secrets.push('audited-password-1');
  const ext = (await call('POST', '/api/admin/extensions', admin, { number: '1060', ownerId: user.user.id, callerIdName: 'Audi Ted', voicemailPin: '97531' })).body as ExtensionSecret;
  secrets.push(ext.sipPassword, '97531');
  const renewed = (await call('POST', `/api/admin/extensions/${ext.extension.id}/sip-password`, admin)).body as ExtensionSecret;
  secrets.push(renewed.sipPassword);
  const reset = (await call('POST', `/api/admin/users/${user.user.id}/reset-password`, admin, {})).body as { setPasswordLink: string };
  secrets.push(reset.setPasswordLink.split('#token=')[1]!);
  await call('PATCH', `/api/admin/users/${user.user.id}`, admin, { role: 'supervisor' });

  const page = (await call('GET', '/api/admin/audit', admin)).body as AuditPage;
  const mine = page.entries.filter((e) => e.target === 'audited@acme.test' || e.target === 'extension 1060');
  assert.equal(mine.map((e) => e.action).reverse(), ['user.create', 'extension.create', 'extension.new-sip-password', 'user.reset-password', 'user.update']);
  const update = mine.find((e) => e.action === 'user.update')!;
  assert.equal(update.changes, { role: { from: 'agent', to: 'supervisor' } });
  assert.is(update.actor, 'admin@acme.test');
  assert.ok(update.address === '127.0.0.1' || update.address === '::ffff:127.0.0.1');
  assert.ok(page.entries.every((e) => e.tenant?.name === 'Acme Support'), 'only their tenant');

  const globexAdmin = await suite.server.signIn('admin@globex.test');
  const theirs = (await call('GET', '/api/admin/audit', globexAdmin)).body as AuditPage;
  assert.not.ok(theirs.entries.some((e) => e.target === 'audited@acme.test'), "Globex's admin does not see Acme's");

  const operator = await suite.server.signIn('operator@provider.test');
  const all = (await call('GET', '/api/operator/audit', operator)).body as AuditPage;
  assert.ok(all.entries.some((e) => e.target === 'audited@acme.test'));
  assert.ok(all.entries.some((e) => e.tenant?.name === 'Globex Sales' || e.target === 'admin@globex.test'));
  const acmeId = page.entries[0]!.tenant!.id;
  const filtered = (await call('GET', `/api/operator/audit?tenant=${acmeId}`, operator)).body as AuditPage;
  assert.ok(filtered.entries.length > 0 && filtered.entries.every((e) => e.tenant?.id === acmeId));
});

test('no password, SIP password, PIN or token anywhere in the audit log', async () => {
  const dump = JSON.stringify(await sql('select * from audit_log'));
  for (const secret of [...secrets, 'switchboard', 'not-the-password']) assert.not.ok(dump.includes(secret), `the log holds ${secret.slice(0, 4)}…`);
  assert.match(dump, /"sipPassword":"\(changed\)"/);
});

test.run();
