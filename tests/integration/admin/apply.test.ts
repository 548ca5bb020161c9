// `npm run admin -- apply <file>`: a provisioning file made true in the
// database, idempotently. Run twice, the second run changes nothing and says
// so; a dry run prints the plan and writes nothing; a file with one bad line
// is refused whole, naming the line, and nothing is half-applied.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyDocument, ApplyRefused, formatPlan } from '../../../server/admin/apply/index.ts';
import { readProvisioningFile } from '../../../server/admin/apply/document.ts';
import type { Actor } from '../../../server/admin/context.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';

let db: FreshDatabase;
let dir: string;
const actor: Actor = { id: null, label: 'test', address: null };
const root = new URL('../../../', import.meta.url).pathname;

test.before(async () => {
  db = await freshDatabase();
  dir = mkdtempSync(join(tmpdir(), 'sb-apply-'));
});
test.after(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  db.orm.em.fork().getConnection().execute(query, params) as Promise<T[]>;
const apply = (text: string, dryRun = false) => applyDocument(db.orm, actor, text, { file: 'acme.yaml', dryRun, publicUrl: 'https://pbx.example.com' });

/** Everything apply may write, as one comparable value. */
async function snapshot() {
  const rows = await Promise.all(
    [
      'select name, domain, package, max_extensions, low_credit_threshold::text, suspended from tenants order by domain',
      'select email, name, role, disabled from users order by email',
      'select number, caller_id_name, caller_id_number, voicemail, voicemail_pin, sip_password, (select email from users u where u.id = owner_id) as owner from extensions order by number',
      'select name, strategy, max_wait_time, wrap_up_time from queues order by name',
      "select q.name, u.email, t.level, t.position from queue_tiers t join queues q on q.id = t.queue_id join users u on u.id = t.user_id order by 1, 2",
      'select number, route_kind, route_target, destination, active from dids order by number',
      'select prefix, per_minute::text, first_increment, increment from rates order by prefix',
    ].map((q) => sql(q)),
  );
  return JSON.stringify(rows);
}

const FILE = `# Acme, as the provider keeps it in git
tenants:
  - domain: acme.example.com
    name: Acme Support
    package: business
    lowCreditThreshold: "15"
    users:
      - email: alice@acme.example.com
        name: Alice Moreno
        role: admin
      - email: bob@acme.example.com
        name: Bob Okafor
        role: agent
    extensions:
      - number: "1001"
        owner: alice@acme.example.com
        callerIdName: Alice Moreno
      - number: 1002
        owner: bob@acme.example.com
        callerIdName: Bob Okafor
        callerIdNumber: "+14155550102"
        voicemailPin: "2468"
      - number: "1009"
        callerIdName: Reception
        voicemail: false
    queues:
      - name: sales
        strategy: ring-all
        wrapUpTime: 15
        tiers:
          - agent: alice@acme.example.com
          - agent: bob@acme.example.com
            position: 2
    dids:
      - number: "+14155550100"
        route: queue sales
      - number: "+14155550102"
        route: extension 1002
        user: bob@acme.example.com
    rates:
      - prefix: "+1"
        perMinute: "0.01"
        firstIncrement: 60
        increment: 60
      - prefix: "+44"
        perMinute: 0.02
        firstIncrement: 6
        increment: 6
`;

test('a dry run prints the plan and writes nothing', async () => {
  const before = await snapshot();
  const result = await apply(FILE, true);
  const text = formatPlan(result, true);
  assert.match(text, /would change \(dry run: nothing was written\)/);
  assert.match(text, /\+ tenant "Acme Support" \(package business\)/);
  assert.match(text, /\+ user bob@acme\.example\.com \(agent\)/);
  assert.match(text, /\+ extension 1002 of bob@acme\.example\.com/);
  assert.match(text, /\+ queue sales \(ring-all, 2 agents\)/);
  assert.match(text, /\+ DID \+14155550100 → queue sales/);
  assert.is(result.secrets.length, 0, 'a dry run makes no secrets');
  assert.is(await snapshot(), before);
});

test('applied: every row is as the file says, in one go, with links and SIP passwords shown once', async () => {
  const result = await apply(FILE);
  assert.is(result.steps.length, 10);
  assert.is(result.secrets.filter((s) => s.startsWith('set-password link for')).length, 2);
  assert.is(result.secrets.filter((s) => s.startsWith('SIP password of')).length, 3);
  const [tenant] = await sql<{ package: string; max_extensions: number; low_credit_threshold: string }>(
    "select package, max_extensions, low_credit_threshold::text from tenants where domain = 'acme.example.com'",
  );
  assert.equal(tenant, { package: 'business', max_extensions: 25, low_credit_threshold: '15.0000' });
  const extensions = await sql<{ number: string; owner: string | null; voicemail: boolean; voicemail_pin: string | null }>(
    'select number, (select email from users u where u.id = owner_id) as owner, voicemail, voicemail_pin from extensions order by number',
  );
  assert.equal(extensions, [
    { number: '1001', owner: 'alice@acme.example.com', voicemail: true, voicemail_pin: null },
    { number: '1002', owner: 'bob@acme.example.com', voicemail: true, voicemail_pin: '2468' },
    { number: '1009', owner: null, voicemail: false, voicemail_pin: null },
  ]);
  const tiers = await sql("select u.email, t.level, t.position from queue_tiers t join users u on u.id = t.user_id order by t.position");
  assert.equal(tiers, [
    { email: 'alice@acme.example.com', level: 1, position: 1 },
    { email: 'bob@acme.example.com', level: 1, position: 2 },
  ]);
  const dids = await sql("select number, route_kind, route_target, destination from dids order by number");
  assert.equal(dids[0], { number: '+14155550100', route_kind: 'queue', route_target: 'sales', destination: 'Queue sales' });
  const rates = await sql('select prefix, per_minute::text as per_minute from rates order by prefix');
  assert.equal(rates, [
    { prefix: '+1', per_minute: '0.010000' },
    { prefix: '+44', per_minute: '0.020000' },
  ]);
  // Each step is in the audit log like a change made on the pages.
  const audit = await sql<{ action: string; actor: string }>("select action, actor from audit_log where action <> 'tenant.create' order by id");
  assert.ok(audit.length >= 10);
  assert.ok(audit.every((a) => a.actor === 'test'));
  assert.not.match(JSON.stringify(await sql('select changes from audit_log')), /2468|[A-Za-z0-9_-]{43}/, 'no PIN, no token in the log');
});

test('the same file again: nothing to change, nothing written', async () => {
  const before = await snapshot();
  const audits = (await sql<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n;
  const result = await apply(FILE);
  assert.is(result.steps.length, 0);
  assert.is(formatPlan(result, false), 'Nothing to change: the database already matches acme.yaml.');
  assert.is(await snapshot(), before);
  assert.is((await sql<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n, audits);
});

test('a changed file changes exactly what differs; a section left out is left alone', async () => {
  const sipBefore = await sql<{ sip_password: string }>("select sip_password from extensions where number = '1001'");
  const changed = FILE.replace('callerIdName: Reception', 'callerIdName: Front Desk')
    .replace(/ {6}- number: "\+14155550102"\n {8}route: extension 1002\n {8}user: bob@acme.example.com\n/, '')
    .replace(/ {4}rates:[\s\S]*$/, '');
  const result = await apply(changed);
  assert.equal(
    result.steps.map((s) => `${s.sign} ${s.words}`),
    ['~ extension 1009: callerIdName "Reception" → "Front Desk"', '- DID +14155550102'],
  );
  assert.equal(await sql<{ sip_password: string }>("select sip_password from extensions where number = '1001'"), sipBefore, 'untouched rows keep their secrets');
  assert.is((await sql('select * from rates')).length, 2, 'no rates section: the rates stay');
});

test('a file with one bad line is refused whole, naming the line; nothing is half-applied', async () => {
  const before = await snapshot();
  const bad = FILE.replace('name: Acme Support', 'name: Acme Renamed').replace('strategy: ring-all', 'strategy: ring-everyone');
  const error = await apply(bad).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.instance(error, ApplyRefused);
  const refused = error as ApplyRefused;
  assert.equal(refused.lines.map((l) => l.line), [FILE.split('\n').findIndex((l) => l.includes('strategy: ring-all')) + 1]);
  assert.match(refused.lines[0]!.error, /strategy is one of/);
  assert.match(refused.message, /acme\.yaml:\d+: /);
  assert.is(await snapshot(), before, 'the good lines before it changed nothing either');
});

test('a file the database refuses (a tier for a user without an extension, a DID to a removed queue) is refused with lines, nothing written', async () => {
  const before = await snapshot();
  const noExtension = FILE.replace(/ {6}- number: "1009"\n {8}callerIdName: Reception\n {8}voicemail: false\n/, '').replace(
    '      - number: "1001"\n        owner: alice@acme.example.com',
    '      - number: "1001"\n        owner: null',
  );
  const error = (await apply(noExtension).catch((e: unknown) => e)) as ApplyRefused;
  assert.instance(error, ApplyRefused);
  assert.ok(error.lines.some((l) => /alice@acme\.example\.com owns no extension/.test(l.error)), JSON.stringify(error.lines));
  const tierLine = noExtension.split('\n').findIndex((l) => l.includes('- agent: alice@acme.example.com')) + 1;
  assert.ok(error.lines.some((l) => l.line === tierLine), 'the line of the tier');

  const removedQueue = FILE.replace(/ {4}queues:[\s\S]*? {4}dids:/, '    queues: []\n    dids:');
  const second = (await apply(removedQueue).catch((e: unknown) => e)) as ApplyRefused;
  assert.ok(second.lines.some((l) => /routes to queue sales, which this tenant will not have/.test(l.error)), JSON.stringify(second.lines));
  assert.is(await snapshot(), before);
});

test('syntax, unknown keys, duplicates and wrong types are each reported on their own line', () => {
  const text = ['tenants:', '  - domain: x.example.com', '    name: X', '    colour: blue', '    extensions:', '      - number: "12"', '        callerIdName: A', '      - number: "12"', '        callerIdName: B', '        voicemail: maybe'].join('\n');
  const read = readProvisioningFile(text);
  assert.is(read.file, null);
  assert.equal(read.errors.map((e) => e.line).sort(), [2, 10].sort(), JSON.stringify(read.errors));
  assert.ok(read.errors.some((e) => /Unknown field: colour/.test(e.error)));
  assert.ok(read.errors.some((e) => /voicemail: Write true or false/.test(e.error)));
  const broken = readProvisioningFile('tenants:\n  - domain: [unclosed\n');
  assert.is(broken.file, null);
  assert.ok(broken.errors.length > 0 && broken.errors[0]!.line >= 2, JSON.stringify(broken.errors));
});

test('CLI: apply prints the plan and exits 0; a bad file exits 1 with file:line; --dry-run writes nothing', async () => {
  const cli = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'server/cli/admin.ts'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dir, NODE_ENV: 'test' },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  const good = join(dir, 'globex.yaml');
  writeFileSync(good, 'tenants:\n  - domain: globex.example.com\n    name: Globex\n    package: starter\n');
  const dry = await cli('apply', good, '--dry-run');
  assert.is(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /\+ tenant "Globex" \(package starter\)/);
  assert.is((await sql("select * from tenants where domain = 'globex.example.com'")).length, 0);
  const ok = await cli('apply', good);
  assert.is(ok.code, 0, ok.stderr);
  assert.is((await sql("select * from tenants where domain = 'globex.example.com'")).length, 1);
  assert.match((await cli('apply', good)).stdout, /Nothing to change/);

  // `-`: the file on standard input, as `docker compose exec -T … apply - < file` gives it.
  const piped = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server/cli/admin.ts'), 'apply', '-'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dir, NODE_ENV: 'test' },
    input: 'tenants:\n  - domain: globex.example.com\n    name: Globex Piped\n',
    encoding: 'utf8',
  });
  assert.is(piped.status, 0, piped.stderr);
  assert.match(piped.stdout, /stdin applied in one transaction:\n {2}globex\.example\.com\n {4}~ tenant: name "Globex" → "Globex Piped"/);

  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ tenants: [{ domain: 'globex.example.com', name: 'Globex', package: 'gold' }] }, null, 2));
  const refused = await cli('apply', bad);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /bad\.json:6: package: The package must be one of/);
  assert.not.match(refused.stderr, /at .*\.ts:\d+/, 'no stack trace');
});

test("the README's example file (docs/provisioning.example.yaml) applies, and again changes nothing", async () => {
  const text = readFileSync(join(root, 'docs/provisioning.example.yaml'), 'utf8');
  // An empty database, as a new deployment has.
  const empty = await freshDatabase();
  try {
    const run = () => applyDocument(empty.orm, actor, text, { file: 'provisioning.example.yaml', dryRun: false, publicUrl: 'https://pbx.example.com' });
    const first = await run();
    assert.ok(first.steps.length > 10);
    assert.is(first.secrets.filter((s) => s.startsWith('set-password link for')).length, 4);
    assert.is(first.secrets.filter((s) => s.startsWith('SIP password of')).length, 4);
    assert.is((await run()).steps.length, 0);
  } finally {
    await empty.close();
  }
});

test.run();
