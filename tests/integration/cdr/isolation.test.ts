// Nobody reaches another user's or tenant's calls: not in the list, not in
// the CSV, not as a recording — by guessed uuid or by a recording path that
// points out of the recordings directory. Recordings stream with Range. The
// CDR endpoint answers only the PBX.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { restClient } from '../../helpers/rest.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { waitFor } from '../../helpers/wait.ts';

const SECRET = 'a-shared-secret-of-some-length';
const recordings = mkdtempSync(join(tmpdir(), 'sb-recordings-'));
const outside = mkdtempSync(join(tmpdir(), 'sb-outside-'));
let server: TestServer;
let rest: ReturnType<typeof restClient>;
const cookies: Record<string, string> = {};
const AUDIO = Buffer.from(Array.from({ length: 4000 }, (_, i) => i % 251));

test.before(async () => {
  // Only a PBX at 192.0.2.1 (or the secret) may post CDRs: the simulator sends the secret.
  server = await startTestServer({ RECORDINGS_DIR: recordings, FREESWITCH_ALLOWED_IPS: '192.0.2.1', FREESWITCH_SECRET: SECRET });
  rest = restClient(server.url);
  await waitFor(() => server.switchboard.pbx.connected, 5000, 'ESL link');
  for (const email of ['agent@acme.test', 'agent2@acme.test', 'agent@globex.test']) cookies[email] = await server.signIn(email);
  mkdirSync(join(recordings, 'acme'), { recursive: true });
  writeFileSync(join(recordings, 'acme', 'alice.wav'), AUDIO);
  writeFileSync(join(outside, 'secret.wav'), 'not yours');
  symlinkSync(join(outside, 'secret.wav'), join(recordings, 'acme', 'link.wav'));
});
test.after(async () => {
  await server?.close();
  rmSync(recordings, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const sql = <T>(query: string, params: unknown[] = []) => server.switchboard.orm.em.fork().getConnection().execute(query, params) as Promise<T[]>;

async function call(from: string, domain: string, recordFile?: string) {
  const uuid = server.simulator.startCall({ from, to: '1009', domain, ...(recordFile !== undefined ? { recordFile } : {}) });
  server.simulator.answer(uuid);
  server.simulator.hangup(uuid);
  await waitFor(async () => (await sql<{ n: number }>('select count(*)::int as n from cdr where uuid = ?', [uuid]))[0]!.n === 1, 5000, 'the CDR');
  return uuid;
}

let alices: string;
let traversal: string;
let absolute: string;
let linked: string;
let globex: string;

test('each user lists and exports only their own calls', async () => {
  alices = await call('1001', 'acme.pbx.test', 'acme/alice.wav');
  traversal = await call('1001', 'acme.pbx.test', '../' + join('..', outside, 'secret.wav'));
  absolute = await call('1001', 'acme.pbx.test', join(outside, 'secret.wav'));
  linked = await call('1001', 'acme.pbx.test', 'acme/link.wav');
  // Globex's 1001 is another tenant's extension with the same number.
  globex = await call('1001', 'globex.pbx.test', 'acme/alice.wav');
  const mine = await rest('GET', '/api/cdr', cookies['agent@acme.test']);
  assert.equal(new Set(mine.body.rows.map((r: any) => r.uuid)), new Set([alices, traversal, absolute, linked]));
  assert.not.ok(JSON.stringify(mine.body).includes('alice.wav'), 'recording paths never leave the server');
  assert.is((await rest('GET', '/api/cdr', cookies['agent2@acme.test'])).body.rows.length, 0);
  const theirs = await rest('GET', '/api/cdr', cookies['agent@globex.test']);
  assert.equal(theirs.body.rows.map((r: any) => r.uuid), [globex]);
  for (const [email, expected] of [['agent2@acme.test', 1], ['agent@globex.test', 2]] as const) {
    const csv = await (await fetch(`${server.url}/api/cdr.csv`, { headers: { cookie: cookies[email]! } })).text();
    assert.is(csv.trim().split('\r\n').length, expected, `${email}: header${expected > 1 ? ' + their one call' : ' only'}`);
    assert.not.ok(csv.includes(alices));
  }
  assert.is((await rest('GET', '/api/cdr', undefined)).status, 401);
  assert.is((await fetch(`${server.url}/api/cdr.csv`)).status, 401);
});

test('recordings: the owner streams with Range; anyone else, a guess, or a path out of the directory is 404', async () => {
  const get = (uuid: string, email?: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/cdr/${uuid}/recording`, { headers: { ...(email ? { cookie: cookies[email]! } : {}), ...headers } });
  const full = await get(alices, 'agent@acme.test');
  assert.is(full.status, 200);
  assert.is(full.headers.get('content-type'), 'audio/wav');
  assert.is(full.headers.get('accept-ranges'), 'bytes');
  assert.equal(Buffer.from(await full.arrayBuffer()), AUDIO);
  const part = await get(alices, 'agent@acme.test', { range: 'bytes=1000-1099' });
  assert.is(part.status, 206);
  assert.is(part.headers.get('content-range'), `bytes 1000-1099/${AUDIO.length}`);
  assert.equal(Buffer.from(await part.arrayBuffer()), AUDIO.subarray(1000, 1100));
  const tail = await get(alices, 'agent@acme.test', { range: 'bytes=-10' });
  assert.equal(Buffer.from(await tail.arrayBuffer()), AUDIO.subarray(AUDIO.length - 10));
  const beyond = await get(alices, 'agent@acme.test', { range: `bytes=${AUDIO.length}-` });
  assert.is(beyond.status, 416);
  assert.is(beyond.headers.get('content-range'), `bytes */${AUDIO.length}`);

  assert.is((await get(alices, 'agent2@acme.test')).status, 404, 'a colleague');
  assert.is((await get(alices, 'agent@globex.test')).status, 404, 'another tenant');
  assert.is((await get(globex, 'agent@acme.test')).status, 404, "another tenant's call");
  assert.is((await get(alices)).status, 401, 'signed out');
  assert.is((await get(crypto.randomUUID(), 'agent@acme.test')).status, 404, 'a guessed uuid');
  for (const uuid of [traversal, absolute, linked]) {
    const res = await get(uuid, 'agent@acme.test');
    assert.is(res.status, 404, `stored path of ${uuid}`);
    assert.not.match(await res.text(), /not yours/);
  }
  for (const path of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e', 'acme%2Falice.wav', "1' or '1'='1"]) {
    const res = await fetch(`${server.url}/api/cdr/${path}/recording`, { headers: { cookie: cookies['agent@acme.test']! } });
    assert.is(res.status, 404, path);
  }
});

test('the CDR endpoint: refused without the secret from an unlisted address, accepted with it', async () => {
  const start = Date.now() * 1000;
  const body = JSON.stringify({ variables: { uuid: crypto.randomUUID(), domain_name: 'acme.pbx.test', start_uepoch: String(start), end_uepoch: String(start + 1e6) } });
  const post = (auth?: string) =>
    fetch(`${server.url}/freeswitch/cdr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}) },
      body,
    });
  assert.is((await post()).status, 403);
  assert.is((await post('switchboard:wrong-secret-wrong-secret')).status, 403);
  assert.is((await post(`switchboard:${SECRET}`)).status, 200);
  assert.is(server.simulator.unpostedCdrs.length, 0, 'the simulator, sending the secret, got every CDR in');
});

test('bad filters are the user\'s mistake: 400 with a message', async () => {
  const c = cookies['agent@acme.test'];
  for (const q of ['from=yesterday', 'limit=0', 'limit=201', 'limit=abc', 'before=garbage', 'from=2024-02-01&to=2024-01-01']) {
    const res = await rest('GET', `/api/cdr?${q}`, c);
    assert.is(res.status, 400, q);
    assert.type(res.body.error, 'string');
  }
});

test.run();
