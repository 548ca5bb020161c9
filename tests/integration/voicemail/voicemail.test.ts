// Voicemail → Messages against the PBX simulator over TCP: a message left in
// mod_voicemail appears on its owner's socket (MESSAGE_WAITING) and REST
// list with its length; its audio streams, with ranges, to the owner only;
// saving and deleting happen in mod_voicemail (the simulator's table and
// files are the judge) and the counts follow; the PIN reaches our directory,
// mod_voicemail and the audit log (without the PIN); a WAV greeting is
// converted and handed to mod_voicemail; the counts are read back after a
// reconnect.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { VoicemailBoxes } from '../../../common/voicemail.ts';
import { messageAudioUrl } from '../../../common/voicemail.ts';
import { toneWav } from '../../../freeswitch/simulator/wav.ts';
import { Extension, Tenant } from '../../../server/db/entities/index.ts';
import { follow } from '../../helpers/live-client.ts';
import { restClient } from '../../helpers/rest.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { waitFor } from '../../helpers/wait.ts';

const ACME = 'acme.pbx.test';
let server: TestServer;
let rest: ReturnType<typeof restClient>;
let agent: string;
let other: string;
let globex: string;
const work = mkdtempSync(join(tmpdir(), 'sb-vm-it-'));

test.before(async () => {
  server = await startTestServer();
  rest = restClient(server.url);
  await waitFor(() => server.switchboard.pbx.connected, 5000, 'the ESL link');
  [agent, other, globex] = [await server.signIn('agent@acme.test'), await server.signIn('agent2@acme.test'), await server.signIn('agent@globex.test')];
});
test.after(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

const boxes = async (cookie: string) => {
  const res = await rest('GET', '/api/voicemail', cookie);
  assert.is(res.status, 200, JSON.stringify(res.body));
  return (res.body as VoicemailBoxes).boxes;
};

const fetchAudio = (path: string, cookie: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers: { cookie, ...headers } });

test('a message left for 1001 appears live on its owner\'s socket and in the REST list, with its length; others see no box of it', async () => {
  const socket = server.connect(agent);
  const view = follow(socket);
  try {
    await waitFor(() => view.snapshots > 0, 5000, 'the snapshot');
    // Read back from mod_voicemail on connect: known, and empty.
    assert.equal(view.extensions['1001']!.state.voicemail, { new: 0, saved: 0 });
    const uuid = server.simulator.voicemail.leave({ user: '1001', domain: ACME, cidNumber: '+15145551212', cidName: 'Marc Robinson', seconds: 4 });
    await waitFor(() => view.extensions['1001']!.state.voicemail?.new === 1, 5000, 'the count on the socket');
    const patch = view.patches.find((p) => p.scope === 'ext:1001' && 'voicemail' in p.set)!;
    assert.equal(patch.set, { voicemail: { new: 1, saved: 0 } }, 'the patch carries the count only');
    assert.ok(patch.eventAt, 'with the MESSAGE_WAITING event\'s time');

    const [box] = await boxes(agent);
    assert.is(box!.extension, '1001');
    assert.is(box!.enabled, true);
    assert.is(box!.messages.length, 1);
    const m = box!.messages[0]!;
    assert.is(m.uuid, uuid);
    assert.is(m.folder, 'new');
    assert.is(m.callerIdNumber, '+15145551212');
    assert.is(m.callerIdName, 'Marc Robinson');
    assert.is(m.seconds, 4);
    assert.ok(Math.abs(Date.parse(m.receivedAt) - Date.now()) < 60_000, m.receivedAt);

    const [otherBox] = await boxes(other);
    assert.is(otherBox!.extension, '1002');
    assert.is(otherBox!.messages.length, 0, "1002's owner sees their own box only");
    assert.equal((await boxes(globex))[0]!.messages, [], "globex's 1001 is another box");
  } finally {
    socket.close();
  }
});

test('the audio streams to the owner only, with ranges; a download is a file; a uuid of no box of theirs is a 404', async () => {
  const [box] = await boxes(agent);
  const m = box!.messages[0]!;
  const path = messageAudioUrl('1001', m.uuid);
  const whole = await fetchAudio(path, agent);
  assert.is(whole.status, 200);
  assert.is(whole.headers.get('content-type'), 'audio/wav');
  assert.is(whole.headers.get('accept-ranges'), 'bytes');
  const bytes = Buffer.from(await whole.arrayBuffer());
  assert.is(bytes.toString('ascii', 0, 4), 'RIFF');
  assert.equal(bytes, readFileSync(server.simulator.voicemail.list('1001', ACME)[0]!.path), 'the very file mod_voicemail keeps');

  const part = await fetchAudio(path, agent, { range: 'bytes=0-99' });
  assert.is(part.status, 206);
  assert.is(part.headers.get('content-range'), `bytes 0-99/${bytes.length}`);
  assert.is((await part.arrayBuffer()).byteLength, 100);

  const download = await fetchAudio(`${path}?download=1`, agent);
  assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="voicemail-1001-.*\.wav"$/);
  await download.arrayBuffer();

  for (const [who, cookie, url] of [
    ['another user of the tenant', other, path],
    ['another user, through their own extension', other, messageAudioUrl('1002', m.uuid)],
    ['another tenant', globex, path],
  ] as const) {
    const res = await fetchAudio(url, cookie);
    assert.is(res.status, 404, who);
    assert.equal(await res.json(), { error: 'There is no such voicemail message. It may have been deleted already.' }, who);
  }
  assert.is((await fetch(`${server.url}${path}`)).status, 401, 'signed out');
  assert.is((await fetchAudio(messageAudioUrl('1001', 'not-a-uuid'), agent)).status, 404);
});

test('save marks it saved in mod_voicemail (no longer new: the count follows); delete removes it and its file', async () => {
  const socket = server.connect(agent);
  const view = follow(socket);
  try {
    await waitFor(() => view.snapshots > 0, 5000, 'the snapshot');
    const uuid = server.simulator.voicemail.list('1001', ACME)[0]!.uuid;
    assert.is((await rest('POST', `/api/voicemail/1002/messages/${uuid}/save`, other)).status, 404, 'not through another box');
    assert.is((await rest('DELETE', `/api/voicemail/1001/messages/${uuid}`, other)).status, 404, "not someone else's");
    assert.is(server.simulator.voicemail.list('1001', ACME).length, 1);

    const saved = await rest('POST', `/api/voicemail/1001/messages/${uuid}/save`, agent);
    assert.is(saved.status, 200);
    assert.is(saved.body.message.folder, 'saved');
    const row = server.simulator.voicemail.list('1001', ACME)[0]!;
    assert.is(row.flags, 'save');
    assert.ok(row.readEpoch > 0);
    await waitFor(() => view.extensions['1001']!.state.voicemail?.saved === 1, 5000, 'the saved count');
    assert.equal(view.extensions['1001']!.state.voicemail, { new: 0, saved: 1 });
    assert.is((await boxes(agent))[0]!.messages[0]!.folder, 'saved');

    const file = row.path;
    const deleted = await rest('DELETE', `/api/voicemail/1001/messages/${uuid}`, agent);
    assert.is(deleted.status, 204);
    assert.equal(server.simulator.voicemail.list('1001', ACME), [], 'gone from mod_voicemail');
    assert.not.ok(existsSync(file), 'and its file');
    assert.ok(server.simulator.commands.includes(`vm_delete 1001@${ACME} ${uuid}`));
    await waitFor(() => view.extensions['1001']!.state.voicemail?.saved === 0, 5000, 'the count after the delete');
    assert.is((await rest('DELETE', `/api/voicemail/1001/messages/${uuid}`, agent)).status, 404, 'deleting it again');
  } finally {
    socket.close();
  }
});

test('the PIN: checked, saved for the directory (vm-password), given to mod_voicemail, audited without the PIN', async () => {
  const bad = await rest('PUT', '/api/voicemail/1001/pin', agent, { pin: '12a4' });
  assert.is(bad.status, 400);
  assert.is(bad.body.error, 'A voicemail PIN has 4 to 10 digits.');
  assert.is((await rest('PUT', '/api/voicemail/1002/pin', agent, { pin: '2468' })).status, 404, "another user's extension");

  const res = await rest('PUT', '/api/voicemail/1001/pin', agent, { pin: '2468' });
  assert.is(res.status, 204, JSON.stringify(res.body));
  const em = server.switchboard.orm.em.fork();
  const tenant = await em.findOneOrFail(Tenant, { domain: ACME });
  assert.is((await em.findOneOrFail(Extension, { tenant, number: '1001' })).voicemailPin, '2468');
  assert.is(server.simulator.voicemail.preferences('1001', ACME).password, '2468');
  await waitFor(() => server.simulator.commands.includes(`xml_flush_cache id 1001 ${ACME}`), 5000, 'the directory entry flushed');
  const rows = (await em.getConnection().execute(`select action, target, changes::text as changes from audit_log where action = 'voicemail.pin'`)) as { target: string; changes: string }[];
  assert.is(rows.length, 1);
  assert.is(rows[0]!.target, 'extension 1001');
  assert.not.match(rows[0]!.changes, '2468');
  assert.is((await boxes(agent))[0]!.hasPin, true);
});

test('an administrator\'s new PIN reaches mod_voicemail too', async () => {
  const admin = await server.signIn('admin@acme.test');
  const list = await rest('GET', '/api/admin/extensions', admin);
  const ext = list.body.extensions.find((e: { number: string }) => e.number === '1001');
  const res = await rest('PATCH', `/api/admin/extensions/${ext.id}`, admin, { voicemailPin: '13579' });
  assert.is(res.status, 200, JSON.stringify(res.body));
  await waitFor(() => server.simulator.voicemail.preferences('1001', ACME).password === '13579', 5000, "mod_voicemail's password of the box");
});

test('a greeting: a WAV is converted to 8 kHz mono and handed to mod_voicemail; anything else is refused with a reason', async () => {
  const post = (cookie: string, body: Uint8Array | string, type = 'audio/wav', ext = '1001') =>
    fetch(`${server.url}/api/voicemail/${ext}/greeting`, { method: 'POST', headers: { cookie, 'content-type': type }, body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]) });
  const notWav = await post(agent, 'hello');
  assert.is(notWav.status, 400);
  assert.match((await notWav.json()).error, 'not a WAV file');
  assert.is((await post(agent, 'x', 'text/plain')).status, 415);
  const tooShort = await post(agent, toneWav(0.3));
  assert.is(tooShort.status, 400);
  assert.match((await tooShort.json()).error, 'shorter than a second');
  assert.is((await post(other, toneWav(2))).status, 404, 'not into another user\'s box');

  // A 44.1 kHz stereo WAV, as a computer records it.
  const input = join(work, 'greeting.wav');
  execFileSync('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', input, 'synth', '2', 'sine', '300']);
  const ok = await post(agent, readFileSync(input));
  assert.is(ok.status, 204, await ok.text());
  const path = server.simulator.voicemail.preferences('1001', ACME).greetingPath!;
  assert.ok(path.startsWith(server.switchboard.url ? join(server.simulator.voicemail.dir, 'default', ACME, '1001') : ''), path);
  const info = execFileSync('soxi', [path], { encoding: 'utf8' });
  assert.match(info, /Channels\s*:\s*1/);
  assert.match(info, /Sample Rate\s*:\s*8000/);
  assert.match(info, /Precision\s*:\s*16-bit/);
  assert.is((await boxes(agent))[0]!.hasGreeting, true);
  const played = await fetchAudio('/api/voicemail/1001/greeting', agent);
  assert.is(played.status, 200);
  assert.equal(Buffer.from(await played.arrayBuffer()), readFileSync(path));
  assert.is((await fetchAudio('/api/voicemail/1002/greeting', other)).status, 404, 'no greeting of theirs');

  const huge = await post(agent, new Uint8Array(11 * 1024 * 1024));
  assert.is(huge.status, 413);
});

test('after a reconnect the counts are read back from mod_voicemail (vm_boxcount), including what changed meanwhile', async () => {
  const socket = server.connect(other);
  const view = follow(socket);
  try {
    await waitFor(() => view.snapshots > 0, 5000, 'the snapshot');
    server.simulator.goDown();
    await waitFor(() => !server.switchboard.pbx.connected, 5000, 'the link down');
    // Left while Switchboard was not listening: its MESSAGE_WAITING was lost.
    server.simulator.voicemail.leave({ user: '1002', domain: ACME, cidNumber: '1003' });
    server.simulator.comeUp();
    await waitFor(() => view.extensions['1002']!.state.voicemail?.new === 1, 10_000, 'the count read back');
    assert.ok(server.simulator.commands.includes(`vm_boxcount default/1002@${ACME}|all`));
  } finally {
    socket.close();
  }
});

test.run();
