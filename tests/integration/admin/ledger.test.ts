// The credit ledger: every change of a balance — top-ups and corrections by
// the operator, calls debited by CDR capture — is a row with who and why,
// and the balance is always the sum of its tenant's rows. Proved under load:
// top-ups, corrections and billed calls from two connection pools at once,
// each call recorded twice, and the invariant checked after every round.
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Ledger } from '../../../common/admin.ts';
import { recordCalls } from '../../../server/cdr/capture.ts';
import { openDatabase, type Database } from '../../../server/db/orm.ts';
import { seedDemo } from '../../../server/db/seed.ts';
import { phoneDirection } from '../../../server/pbx/direction.ts';
import type { CallDetail } from '../../../server/pbx/events.ts';
import { createTestApp, type TestApp } from '../../helpers/auth-app.ts';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.ts';

let db: FreshDatabase;
let second: Database;
let t: TestApp;
let operator: string;

test.before(async () => {
  db = await freshDatabase();
  await seedDemo(db.orm.em.fork());
  second = await openDatabase({ databaseUrl: db.url, dataDir: '/unused' });
  t = createTestApp(db.orm);
  operator = (await t.signIn('operator@provider.test')).cookie!;
});
test.after(async () => {
  await second?.close();
  await db?.close();
});

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  db.orm.em.fork().getConnection().execute(query, params) as Promise<T[]>;

/** Every tenant's balance next to its ledger's sum. */
async function balances() {
  return sql<{ domain: string; credit: string; sum: string; version: number; rows: number }>(
    `select t.domain, t.credit::text as credit, coalesce(sum(l.amount), 0)::numeric(14,4)::text as sum, t.credit_version as version, count(l.id)::int as rows
     from tenants t left join credit_ledger l on l.tenant_id = t.id group by t.id order by t.domain`,
  );
}

async function assertBalanceIsTheSum(when: string) {
  for (const b of await balances()) {
    assert.is(b.credit, b.sum, `${b.domain} ${when}: the balance is the ledger's sum`);
    assert.is(b.version, b.rows, `${b.domain} ${when}: one balance change per row`);
  }
}

/** An answered call from Acme's 1001 to London that talked `billsec` seconds. */
function call(billsec: number): CallDetail {
  const now = Date.now() * 1000;
  return {
    uuid: randomUUID(),
    direction: phoneDirection(true),
    domain: 'acme.pbx.test',
    extension: '1001',
    callerIdName: 'Alice',
    callerIdNumber: '1001',
    destination: '+442079460123',
    startedAt: now - (billsec + 2) * 1_000_000,
    answeredAt: now - billsec * 1_000_000,
    endedAt: now,
    duration: billsec + 2,
    billsec,
    hangupCause: 'NORMAL_CLEARING',
    readCodec: 'PCMU',
    writeCodec: 'PCMU',
    sipCallId: randomUUID(),
    recordingPath: undefined,
  };
}

const acmeId = async () => (await sql<{ id: string }>("select id from tenants where domain = 'acme.pbx.test'"))[0]!.id;
const book = async (body: unknown) => t.request('POST', `/api/operator/tenants/${await acmeId()}/credit`, { cookie: operator, body });

test('the demo balances start as ledger rows', async () => {
  await assertBalanceIsTheSum('after the seed');
  const rows = await sql<{ kind: string; actor: string; amount: string }>("select kind, actor, amount::text as amount from credit_ledger order by id");
  assert.equal(rows.map((r) => [r.kind, r.actor]), [['top-up', 'demo seed'], ['top-up', 'demo seed']]);
});

test('a top-up and a correction by the operator: rows with who and why, the balance follows', async () => {
  const res = await book({ kind: 'top-up', amount: '50', reason: 'Invoice 2026-118 paid' });
  assert.is(res.status, 200);
  const ledger = (await res.json()) as Ledger;
  assert.is(ledger.tenant.credit, '175.5000');
  assert.is(ledger.sum, '175.5000');
  assert.equal([ledger.entries[0]!.kind, ledger.entries[0]!.amount, ledger.entries[0]!.balance, ledger.entries[0]!.actor], ['top-up', '50.0000', '175.5000', 'operator@provider.test']);
  const correction = (await (await book({ kind: 'correction', amount: '-0.5', reason: 'Double-booked fee' })).json()) as Ledger;
  assert.equal([correction.entries[0]!.amount, correction.entries[0]!.balance, correction.entries[1]!.balance], ['-0.5000', '175.0000', '175.5000']);
  for (const [body, message] of [
    [{ kind: 'top-up', amount: '-5', reason: 'negative top-up' }, /more than 0/],
    [{ kind: 'top-up', amount: '1.23456', reason: 'five decimals' }, /at most 4 decimals/],
    [{ kind: 'top-up', amount: '5', reason: '' }, /Say why/],
    [{ kind: 'gift', amount: '5', reason: 'free' }, /./],
  ] as const) {
    const bad = await book(body);
    assert.is(bad.status, 400, JSON.stringify(body));
    assert.match(((await bad.json()) as { error: string }).error, message);
  }
  await assertBalanceIsTheSum('after the operator');
  const audit = await sql<{ action: string }>("select action from audit_log where action like 'credit.%' order by id");
  assert.equal(audit.map((a) => a.action), ['credit.top-up', 'credit.correction']);
});

test('under load — top-ups, corrections and calls recorded twice from two pools at once — the balance is always the sum', async () => {
  for (let round = 0; round < 5; round++) {
    const calls = Array.from({ length: 20 }, (_, i) => call(1 + ((round * 20 + i) % 37)));
    await Promise.all([
      recordCalls(db.orm, calls.slice(0, 10)),
      recordCalls(second.orm, calls.slice(5)),
      recordCalls(db.orm, calls.slice(10)),
      recordCalls(second.orm, calls.slice(0, 15)),
      book({ kind: 'top-up', amount: '10.25', reason: `round ${round}` }),
      book({ kind: 'correction', amount: '-0.1', reason: `round ${round} fee` }),
    ]);
    await assertBalanceIsTheSum(`after round ${round}`);
    const [{ n }] = (await sql<{ n: number }>("select count(*)::int as n from credit_ledger where kind = 'call'")) as [{ n: number }];
    assert.is(n, (round + 1) * 20, 'each call debited exactly once');
  }
  // Every call row says which call it was, and it costs what the CDR says.
  const mismatched = await sql("select 1 from credit_ledger l join cdr c on c.uuid = l.cdr_uuid where l.amount <> -c.cost");
  assert.is(mismatched.length, 0);
});

test('the ledger is append-only: a row cannot be edited, only corrected by another', async () => {
  const error = await sql("update credit_ledger set amount = 1000000 where kind = 'call'").catch((e: Error) => e);
  assert.instance(error, Error);
  assert.match((error as Error).message, /append-only/);
  await assertBalanceIsTheSum('after the refused edit');
});

/** Money in ten-thousandths, to add without float rounding. */
const cents = (decimal: string) => Math.round(Number(decimal) * 10_000);

test('the ledger page: newest first, each row with the balance after it, paged', async () => {
  const first = (await (await t.request('GET', `/api/operator/tenants/${await acmeId()}/credit`, { cookie: operator })).json()) as Ledger;
  assert.is(first.entries.length, 50);
  assert.is(first.entries[0]!.balance, first.tenant.credit);
  for (let i = 0; i + 1 < first.entries.length; i++) {
    const later = first.entries[i]!;
    const earlier = first.entries[i + 1]!;
    assert.is(cents(earlier.balance) + cents(later.amount), cents(later.balance), `row ${later.id}`);
  }
  const next = (await (await t.request('GET', `/api/operator/tenants/${await acmeId()}/credit?before=${first.next}`, { cookie: operator })).json()) as Ledger;
  assert.ok(Number(next.entries[0]!.id) < Number(first.entries.at(-1)!.id));
  assert.is(cents(next.entries[0]!.balance), cents(first.entries.at(-1)!.balance) - cents(first.entries.at(-1)!.amount));
});

test.run();
