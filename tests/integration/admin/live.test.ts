// Administration reaches everything that is already running, with no restart
// and no reload: the live state (dashboards, wallboards), the sockets already
// open (a new extension or queue tier appears, a removed one goes, a disabled
// user is signed out), the PBX (the simulator's mod_callcenter, held to real
// FreeSWITCH's answers), and a change made by another process (the CLI)
// arrives through PostgreSQL's NOTIFY.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AdminArea, AdminQueue, AdminUser, ExtensionSecret, TenantRow, UserCreated } from '../../../common/admin.ts';
import type { SessionEnd } from '../../../common/socket.ts';
import { follow, watchFigures, type LiveSocket } from '../../helpers/live-client.ts';
import { restClient } from '../../helpers/rest.ts';
import { serverSuite } from '../../helpers/server-suite.ts';
import { waitFor } from '../../helpers/wait.ts';

const suite = serverSuite(test);
const sockets: LiveSocket[] = [];
test.after(() => sockets.forEach((s) => s.close()));

const rest = () => restClient(suite.server.url);
async function live(email: string, password?: string) {
  const cookie = await suite.server.signIn(email, password);
  const socket = suite.server.connect(cookie);
  sockets.push(socket);
  const view = follow(socket);
  const events = { accountChanged: 0, adminChanged: [] as AdminArea[][], ended: [] as SessionEnd[] };
  socket.on('account-changed', () => events.accountChanged++);
  socket.on('admin-changed', (areas) => events.adminChanged.push(areas));
  socket.on('session-ended', (end) => events.ended.push(end));
  await waitFor(() => view.snapshots >= 1 || socket.connected, 5000, `${email}'s connection`);
  return { cookie, socket, view, events };
}
const acme = () => suite.server.switchboard.live.tenantState([...suite.server.switchboard.live.tenantIds()].find((id) => suite.server.switchboard.live.tenantState(id)!.domain === 'acme.pbx.test')!)!;
const ccTiers = (queue: string) => suite.server.simulator.callcenter.tiers.filter((t) => t.queue === `${queue}@acme.pbx.test`).map((t) => t.agent).sort();

let admin: Awaited<ReturnType<typeof live>>;
let newUser: UserCreated;

test('an admin creates a user and an extension: the user signs in, and their open socket gets the extension with no reload', async () => {
  admin = await live('admin@acme.test');
  const call = rest();
  const created = await call('POST', '/api/admin/users', admin.cookie, { email: 'new.agent@acme.test', name: 'Nora New', role: 'agent', password: 'a-first-password' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  newUser = created.body as UserCreated;
  assert.is(newUser.setPasswordLink, undefined, 'a password was given: no link');

  const nora = await live('new.agent@acme.test', 'a-first-password');
  await waitFor(() => nora.view.snapshots === 1, 5000, "Nora's first snapshot");
  assert.equal(Object.keys(nora.view.extensions), [], 'no extension yet');
  // Her Dashboard is open; it stays watched through the new snapshots an administrative change brings.
  await watchFigures(nora.socket, nora.view);
  const before = nora.view.figures!.state.extensions;

  const ext = await call('POST', '/api/admin/extensions', admin.cookie, { number: '1050', ownerId: newUser.user.id, callerIdName: 'Nora New' });
  assert.is(ext.status, 201, JSON.stringify(ext.body));
  const secret = ext.body as ExtensionSecret;
  assert.match(secret.sipPassword, /^[A-Za-z0-9_-]{20}$/);

  await waitFor(() => nora.events.accountChanged === 1, 5000, 'account-changed on her socket');
  await waitFor(() => '1050' in nora.view.extensions, 5000, 'the new extension in her snapshot');
  await waitFor(() => nora.view.figures?.state.extensions === before + 1, 5000, 'the tenant figure counts it');
  assert.ok(acme().extensions.has('1050'), 'the live state has it');
  // The admin's pages are told; the admin (watching every extension) got it too.
  await waitFor(() => admin.events.adminChanged.some((a) => a.includes('extensions')), 5000, 'admin-changed(extensions)');
  await waitFor(() => '1050' in admin.view.extensions, 5000, "the admin's snapshot has it");
  const account = await call('GET', '/api/account', nora.cookie);
  assert.equal(account.body.extensions.map((e: { number: string; sipPassword: string }) => [e.number, e.sipPassword]), [['1050', secret.sipPassword]]);

  // A new SIP password: what she may see is the same, but her My Account must show the new password.
  const renewed = (await call('POST', `/api/admin/extensions/${secret.extension.id}/sip-password`, admin.cookie)).body as ExtensionSecret;
  await waitFor(() => nora.events.accountChanged === 2, 5000, 'account-changed for the new SIP password');
  assert.is((await call('GET', '/api/account', nora.cookie)).body.extensions[0].sipPassword, renewed.sipPassword);
});

test('a queue created with two tiers: mod_callcenter (the simulator) has them and the agents see the queue', async () => {
  const call = rest();
  const users = (await call('GET', '/api/admin/users', admin.cookie)).body.users as AdminUser[];
  const agent2 = users.find((u) => u.email === 'agent2@acme.test')!;
  const agent2Live = await live('agent2@acme.test');
  await waitFor(() => agent2Live.view.snapshots === 1, 5000, 'snapshot');
  const res = await call('POST', '/api/admin/queues', admin.cookie, {
    name: 'escalations',
    strategy: 'ring-all',
    maxWaitTime: 120,
    wrapUpTime: 30,
    tiers: [
      { userId: newUser.user.id, level: 1, position: 1 },
      { userId: agent2.id, level: 1, position: 2 },
    ],
  });
  assert.is(res.status, 201, JSON.stringify(res.body));
  const queue = res.body as AdminQueue;
  await waitFor(() => ccTiers('escalations').join() === '1002@acme.pbx.test,1050@acme.pbx.test', 5000, 'the tiers in mod_callcenter');
  const cc = suite.server.simulator.callcenter;
  assert.is(cc.queues.get('escalations@acme.pbx.test')?.maxWaitTime, 120, 'max-wait-time reached mod_callcenter');
  assert.is(cc.agents.get('1050@acme.pbx.test')?.wrapUpTime, 30, "the queue's wrap-up time is the new agent's");
  await waitFor(() => 'escalations' in agent2Live.view.queues, 5000, "agent2's open Queues page gets the queue");
  await waitFor(() => agent2Live.view.queues.escalations!.state.agents.length === 2, 5000, 'with its two agents, read back from mod_callcenter');

  // A tier removed: the agent's socket drops the queue, mod_callcenter drops the tier.
  const update = await call('PUT', `/api/admin/queues/${queue.id}`, admin.cookie, {
    name: 'escalations',
    strategy: 'ring-all',
    maxWaitTime: 120,
    wrapUpTime: 30,
    tiers: [{ userId: newUser.user.id, level: 1, position: 1 }],
  });
  assert.is(update.status, 200, JSON.stringify(update.body));
  await waitFor(() => !('escalations' in agent2Live.view.queues), 5000, "agent2's view drops the queue");
  await waitFor(() => ccTiers('escalations').join() === '1050@acme.pbx.test', 5000, 'mod_callcenter no longer has the tier');
  assert.ok(agent2Live.events.accountChanged >= 1);
});

test("a queue's alert thresholds: refused out of range in words; saved, audited, and in the supervisors' live queue at once", async () => {
  const call = rest();
  const supervisor = await live('supervisor@acme.test');
  await waitFor(() => supervisor.view.snapshots === 1, 5000, 'snapshot');
  const sales = ((await call('GET', '/api/admin/queues', admin.cookie)).body.queues as AdminQueue[]).find((q) => q.name === 'sales')!;
  assert.equal(sales.alerts, { longestWaitSeconds: null, waitingCallers: null, serviceLevelPercent: null }, 'none until set');
  const body = (alerts: unknown) => ({
    name: 'sales',
    strategy: sales.strategy,
    maxWaitTime: sales.maxWaitTime,
    wrapUpTime: sales.wrapUpTime,
    tiers: sales.tiers.map((t) => ({ userId: t.userId, level: t.level, position: t.position })),
    alerts,
  });
  const bad = await call('PUT', `/api/admin/queues/${sales.id}`, admin.cookie, body({ longestWaitSeconds: 60, waitingCallers: 3, serviceLevelPercent: 120 }));
  assert.is(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /The service-level alert \(%\) is at most 100, or empty for no alert\./);
  assert.equal(acme().queues.get('sales')!.alerts, undefined, 'nothing saved');

  const ok = await call('PUT', `/api/admin/queues/${sales.id}`, admin.cookie, body({ longestWaitSeconds: 60, waitingCallers: 3, serviceLevelPercent: null }));
  assert.is(ok.status, 200, JSON.stringify(ok.body));
  assert.equal((ok.body as AdminQueue).alerts, { longestWaitSeconds: 60, waitingCallers: 3, serviceLevelPercent: null });
  await waitFor(() => supervisor.view.queues.sales!.state.alerts?.waitingCallers === 3, 5000, "the thresholds in the supervisor's live queue");
  assert.equal(supervisor.view.queues.sales!.state.alerts, { longestWaitSeconds: 60, waitingCallers: 3, serviceLevelPercent: null });
  const page = (await call('GET', '/api/admin/audit', admin.cookie)).body as { entries: { action: string; target: string; changes: Record<string, unknown> }[] };
  const entry = page.entries.find((e) => e.action === 'queue.update' && e.target === 'queue sales')!;
  assert.equal(entry.changes, { alertLongestWaitSeconds: { from: null, to: 60 }, alertWaitingCallers: { from: null, to: 3 } });

  // Unset again: every open screen learns there is none.
  assert.is((await call('PUT', `/api/admin/queues/${sales.id}`, admin.cookie, body({ longestWaitSeconds: null, waitingCallers: null, serviceLevelPercent: null }))).status, 200);
  await waitFor(() => supervisor.view.queues.sales!.state.alerts?.waitingCallers === null, 5000, 'the thresholds removed live');
});

test('a user disabled is signed out everywhere at once and cannot sign in; enabled again, they can', async () => {
  const call = rest();
  const nora = await live('new.agent@acme.test', 'a-first-password');
  await waitFor(() => nora.view.snapshots === 1, 5000, 'snapshot');
  const res = await call('POST', `/api/admin/users/${newUser.user.id}/disable`, admin.cookie);
  assert.is(res.status, 200);
  assert.ok(res.body.sessionsEnded >= 1);
  await waitFor(() => nora.events.ended.length > 0, 5000, 'session-ended on her socket');
  assert.is(nora.events.ended[0]!.code, 'disabled');
  await waitFor(() => !nora.socket.connected, 5000, 'the socket dropped');
  const signIn = await fetch(`${suite.server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'new.agent@acme.test', password: 'a-first-password' }),
  });
  assert.is(signIn.status, 403);
  assert.is((await call('POST', `/api/admin/users/${newUser.user.id}/enable`, admin.cookie)).status, 200);
  await suite.server.signIn('new.agent@acme.test', 'a-first-password');
});

test('an operator creates a tenant: it is live at once; suspended, its users are signed out and it leaves the live state', async () => {
  const call = rest();
  const operator = await live('operator@provider.test');
  const created = await call('POST', '/api/operator/tenants', operator.cookie, {
    name: 'Initech',
    domain: 'initech.pbx.test',
    package: 'starter',
    admin: { email: 'boss@initech.test', name: 'Bill Lumbergh' },
  });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const tenant = created.body.tenant as TenantRow;
  assert.match(created.body.setPasswordLink, /\/set-password#token=[A-Za-z0-9_-]{43}$/);
  await waitFor(() => suite.server.switchboard.live.tenantState(tenant.id) !== undefined, 5000, 'the tenant in the live state');
  assert.is(suite.server.switchboard.live.tenantState(tenant.id)!.figures.pbxConnected, true, 'it starts with the link state');
  await waitFor(() => operator.events.adminChanged.some((a) => a.includes('tenants')), 5000, "the operator's list is told");

  // The link sets the admin's password; they sign in and their socket is live.
  const token = (created.body.setPasswordLink as string).split('#token=')[1];
  const set = await fetch(`${suite.server.url}/api/auth/set-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password: 'initech-admin-pw' }),
  });
  assert.is(set.status, 204);
  const again = await fetch(`${suite.server.url}/api/auth/set-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password: 'someone-else-pw' }),
  });
  assert.is(again.status, 400, 'a link works once');
  const boss = await live('boss@initech.test', 'initech-admin-pw');
  await waitFor(() => boss.view.snapshots === 1, 5000, "the new admin's snapshot");

  const suspend = await call('POST', `/api/operator/tenants/${tenant.id}/suspend`, operator.cookie, { reason: 'unpaid invoice' });
  assert.is(suspend.status, 200);
  await waitFor(() => boss.events.ended.some((e) => e.code === 'suspended'), 5000, 'session-ended(suspended)');
  await waitFor(() => suite.server.switchboard.live.tenantState(tenant.id) === undefined, 5000, 'the tenant leaves the live state');
  const refused = await fetch(`${suite.server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'boss@initech.test', password: 'initech-admin-pw' }),
  });
  assert.is(refused.status, 403);
  assert.match(((await refused.json()) as { error: string }).error, /suspended/);
  assert.is((await call('POST', `/api/operator/tenants/${tenant.id}/resume`, operator.cookie, { reason: 'paid' })).status, 200);
  await waitFor(() => suite.server.switchboard.live.tenantState(tenant.id) !== undefined, 5000, 'back in the live state');

  // A call debits a balance: the operator's open ledgers and list are told too.
  const told = operator.events.adminChanged.length;
  const sim = suite.server.simulator;
  const uuid = sim.startCall({ from: '1001', to: '+442079460123', domain: 'acme.pbx.test' });
  sim.answer(uuid);
  await new Promise((r) => setTimeout(r, 1100));
  sim.hangup(uuid);
  await waitFor(() => operator.events.adminChanged.slice(told).some((a) => a.includes('credit')), 5000, "the operator told of the call's debit");
});

test('a change made by another process (npm run admin -- apply) reaches the running server through PostgreSQL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-apply-'));
  try {
    const file = join(dir, 'more.yaml');
    writeFileSync(
      file,
      [
        'tenants:',
        '  - domain: initech.pbx.test',
        '    name: Initech',
        '    extensions:',
        '      - number: "2001"',
        '        callerIdName: Front desk',
      ].join('\n'),
    );
    const root = new URL('../../../', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'server/cli/admin.ts'), 'apply', file], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: suite.server.databaseUrl, DATA_DIR: dir, NODE_ENV: 'test' },
    });
    assert.match(stdout, /\+ extension 2001/);
    assert.match(stdout, /SIP password of 2001@initech\.pbx\.test: [A-Za-z0-9_-]{20}/);
    const id = suite.server.switchboard.live.tenantIds().find((t) => suite.server.switchboard.live.tenantState(t)!.domain === 'initech.pbx.test')!;
    await waitFor(() => suite.server.switchboard.live.tenantState(id)!.extensions.has('2001'), 5000, "the CLI's extension in the server's live state");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
