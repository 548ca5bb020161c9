// A call ends in the simulator → one CDR for each extension's leg, the
// outbound call debited at the longest prefix's rate in the same
// transaction, the new balance and the row pushed live; the same
// HANGUP_COMPLETE recorded twice (also at once, from two connection pools)
// yields one row and one debit; during an ESL outage the CDR arrives over
// mod_json_cdr's HTTP post instead.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CdrRow } from '../../../common/cdr.ts';
import { recordCall } from '../../../server/cdr/capture.ts';
import { openDatabase } from '../../../server/db/orm.ts';
import { callDetail } from '../../../server/pbx/cdr.ts';
import { follow } from '../../helpers/live-client.ts';
import { restClient } from '../../helpers/rest.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

let server: TestServer;
let rest: ReturnType<typeof restClient>;
let alice: string;

test.before(async () => {
  server = await startTestServer();
  rest = restClient(server.url);
  await waitFor(() => server.switchboard.pbx.connected, 5000, 'ESL link');
  alice = await server.signIn('agent@acme.test');
});
test.after(async () => {
  await server?.close();
});

const sql = <T>(query: string, params: unknown[] = []) =>
  server.switchboard.orm.em.fork().getConnection().execute(query, params) as Promise<T[]>;
const credit = async () => (await sql<{ credit: string }>(`select credit::text as credit from tenants where domain = 'acme.pbx.test'`))[0]!.credit;
const rowsOf = async (uuid: string) => (await sql<{ n: number }>('select count(*)::int as n from cdr where uuid = ?', [uuid]))[0]!.n;

/** A call that talked for `seconds` (the simulator's clock is real: answer, wait, hang up). */
async function talk(from: string, to: string, seconds: number, options: { cause?: string; recordFile?: string } = {}) {
  const uuid = server.simulator.startCall({ from, to, domain: 'acme.pbx.test', ...(options.recordFile ? { recordFile: options.recordFile } : {}) });
  if (seconds > 0) {
    server.simulator.answer(uuid);
    await sleep(seconds * 1000);
  }
  server.simulator.hangup(uuid, options.cause);
  return uuid;
}

test('an outbound call to London is recorded once, debited at +4420 and pushed live', async () => {
  const socket = server.connect(alice);
  const view = follow(socket);
  const calls: CdrRow[] = [];
  socket.on('cdr', (row) => calls.push(row));
  try {
    await waitFor(() => view.tenant, 5000, 'snapshot');
    assert.is(view.tenant!.state.credit, '125.5000');
    assert.is(view.tenant!.state.lowCreditThreshold, '20.0000');
    const uuid = await talk('1001', '+442079460123', 1);
    await waitFor(() => calls.length === 1, 5000, 'the cdr event');
    await waitFor(() => view.tenant!.state.credit !== '125.5000', 5000, 'the credit patch');
    // Billsec 1 at +4420 (0.015/min, 6/6): 6 s = 0.0015.
    assert.is(view.tenant!.state.credit, '125.4985');
    assert.is(await credit(), '125.4985');
    const row = calls[0]!;
    assert.is(row.uuid, uuid);
    assert.is(row.direction, 'outbound');
    assert.is(row.status, 'answered');
    assert.is(row.destination, '+442079460123');
    assert.is(row.readCodec, 'PCMU');
    assert.is(row.cost, '0.0015');
    // mod_json_cdr's post of the same call has arrived too: still one row, one debit.
    await server.simulator.cdrPostsSettled();
    assert.is(await rowsOf(uuid), 1);
    assert.is(await credit(), '125.4985');
    const page = await rest('GET', '/api/cdr', alice);
    assert.is(page.status, 200);
    assert.is(page.body.rows[0].uuid, uuid);
    assert.is(calls.length, 1, 'told once');
  } finally {
    socket.close();
  }
});

test('internal and unanswered calls are recorded with their status but not billed', async () => {
  const before = await credit();
  const internal = await talk('1001', '1002', 1);
  const busy = await talk('1001', '+14155550199', 0, { cause: 'USER_BUSY' });
  const missed = server.simulator.startCall({ from: '+14155550100', to: '1001', domain: 'acme.pbx.test', direction: 'outbound' });
  server.simulator.hangup(missed, 'ORIGINATOR_CANCEL');
  await server.simulator.cdrPostsSettled();
  await waitFor(async () => (await rowsOf(missed)) === 1, 5000, 'the missed call');
  const rows = await sql<{ uuid: string; status: string; direction: string; cost: string | null }>(
    'select uuid, status, direction, cost::text as cost from cdr where uuid in (?, ?, ?)',
    [internal, busy, missed],
  );
  const by = Object.fromEntries(rows.map((r) => [r.uuid, r]));
  assert.equal([by[internal]?.status, by[internal]?.cost], ['answered', null]);
  assert.equal([by[busy]?.status, by[busy]?.cost], ['busy', null]);
  assert.equal([by[missed]?.status, by[missed]?.direction], ['missed', 'inbound']);
  assert.is(await credit(), before);
});

test('the same HANGUP_COMPLETE recorded twice, and twice at once from two pools, is one row and one debit', async () => {
  const now = Date.now() * 1000;
  const headers: Record<string, string> = {
    'Unique-ID': crypto.randomUUID(),
    'Call-Direction': 'inbound',
    'Hangup-Cause': 'NORMAL_CLEARING',
    'Caller-Caller-ID-Number': '1001',
    'Caller-Destination-Number': '+14155550123',
    variable_user_name: '1001',
    variable_domain_name: 'acme.pbx.test',
    variable_start_uepoch: String(now - 200_000_000),
    variable_answer_uepoch: String(now - 190_000_000),
    variable_end_uepoch: String(now),
    variable_billsec: '190',
    variable_duration: '200',
  };
  const cdr = callDetail((n) => headers[n])!;
  const before = await credit();
  const first = await recordCall(server.switchboard.orm, cdr);
  const again = await recordCall(server.switchboard.orm, cdr);
  assert.ok(first?.credit, 'the first one debits');
  assert.is(again, undefined, 'the second finds it recorded');
  // 190 s at +1 (0.01/min, 60/60) = 4 minutes = 0.04.
  assert.is(first!.row.cost, '0.0400');

  const other = await openDatabase({ databaseUrl: (server.switchboard.orm.config.get('clientUrl') as string), dataDir: '/unused' });
  try {
    const twin = callDetail((n) => (n === 'Unique-ID' ? crypto.randomUUID() : headers[n]))!;
    const results = await Promise.all([recordCall(server.switchboard.orm, twin), recordCall(other.orm, twin)]);
    assert.is(results.filter(Boolean).length, 1, 'exactly one of the two inserts lands');
    assert.is(await rowsOf(twin.uuid), 1);
  } finally {
    await other.close();
  }
  const expected = (await sql<{ v: string }>('select (?::numeric - 0.08)::text as v', [before]))[0]!.v;
  assert.is(await credit(), expected, 'two calls, two debits of 0.04');
});

test('ESL outage: FreeSWITCH keeps working and mod_json_cdr delivers the CDR, debited once, no duplicate after reconnect', async () => {
  const before = await credit();
  server.simulator.goDown();
  await waitFor(() => !server.switchboard.pbx.connected, 5000, 'the link to drop');
  const uuid = await talk('1001', '+4930123456', 1);
  await waitFor(async () => (await rowsOf(uuid)) === 1, 5000, 'the CDR over HTTP');
  // +49: 0.025/min, 30/6 → 30 s = 0.0125.
  const expected = (await sql<{ v: string }>('select (?::numeric - 0.0125)::text as v', [before]))[0]!.v;
  assert.is(await credit(), expected);
  const [acme] = await sql<{ id: string }>(`select id from tenants where domain = 'acme.pbx.test'`);
  assert.is(server.switchboard.live.tenantState(acme!.id)!.figures.credit, expected, 'the live state has it too');
  server.simulator.comeUp();
  await waitFor(() => server.switchboard.pbx.connected, 10_000, 'the link to return');
  await sleep(200);
  assert.is(await rowsOf(uuid), 1);
  assert.is(await credit(), expected);
});

test('the CDR endpoint answers only the PBX, and rejects what is not a CDR', async () => {
  const post = (body: string, type: string) =>
    fetch(`${server.url}/freeswitch/cdr`, { method: 'POST', headers: { 'content-type': type }, body });
  assert.is((await post('{"variables":{}}', 'application/json')).status, 400);
  assert.is((await post('cdr=%7Bnot json', 'application/x-www-form-urlencoded')).status, 400);
  assert.is((await post('hello', 'text/plain')).status, 400);
});

test.run();
