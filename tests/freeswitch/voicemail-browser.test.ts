// Voicemail → Messages against a real FreeSWITCH 1.10.12: a SIP caller (sipp)
// leaves a message in 1005's box; it appears on the owner's socket and REST
// list, live, with the length mod_voicemail measured; the audio is the WAV
// mod_voicemail wrote (HTTP, with ranges) and plays in Chromium's player on
// the page; saving and deleting it on the page happen in mod_voicemail. At
// each step the count the browser shows, the light of 1005's desk phone (the
// message-summary NOTIFY sofia sends it) and FreeSWITCH's own count
// (vm_boxcount, vm_list) agree.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { messageAudioUrl, type VoicemailBoxes } from '../../common/voicemail.ts';
import { buildClientIfNeeded } from '../../scripts/client-build.ts';
import { launchChromium, signInToDashboard } from '../helpers/browser.ts';
import { follow, type LiveView } from '../helpers/live-client.ts';
import { restClient } from '../helpers/rest.ts';
import { waitFor } from '../helpers/wait.ts';
import { realPbxSuite } from './harness/stack.ts';
import { ACME, call, mailbox, mwiPhone, removeDir, secondsOf, speech, workDir, type MwiPhone } from './voicemail-phones.ts';

// Built before the suite starts the server: it serves dist/client as it finds it at start.
test.before(() => void buildClientIfNeeded());
const stack = realPbxSuite(test, { env: { RING_SECONDS: '5' } });
const dir = workDir();
let browser: Browser | undefined;
let phone: MwiPhone | undefined;
let view: LiveView;
let cookie: string;
let closeSocket = () => {};
test.after(async () => {
  closeSocket();
  phone?.run.kill();
  await browser?.close();
  removeDir(dir);
});

const boxcount = async () => (await stack.fs.api(`vm_boxcount default/1005@${ACME}|all`)).trim();
const boxes = async () => {
  const res = await restClient(stack.url)('GET', '/api/voicemail', cookie);
  assert.is(res.status, 200, JSON.stringify(res.body));
  return (res.body as VoicemailBoxes).boxes;
};
const lastLight = () => phone!.lights().at(-1);

test('a message a SIP caller leaves appears live on its owner\'s socket and list, with its length; the desk phone\'s light and FreeSWITCH agree', async () => {
  phone = await mwiPhone(stack, dir, '1005');
  cookie = await stack.signIn('agent5@acme.test');
  const socket = stack.connect(cookie);
  closeSocket = () => socket.close();
  view = follow(socket);
  await waitFor(() => view.snapshots > 0, 10_000, 'the snapshot');
  // Read back from mod_voicemail once the link is up (the resync may still be running when the socket connects).
  await waitFor(() => view.extensions['1005']!.state.voicemail !== undefined, 15_000, "the box's count read back");
  assert.equal(view.extensions['1005']!.state.voicemail, { new: 0, saved: 0 });
  assert.is(await boxcount(), '0:0:0:0');

  // 1005's phone refuses the call (busy): voicemail answers and records what 1006 says.
  const caller = await call(stack, dir, '1006', '1005', speech(dir, 10), 5_000);
  const rc = await caller.run.done;
  assert.is(rc.code, 0, `caller: ${rc.output.slice(-1500)}`);

  await waitFor(() => view.extensions['1005']!.state.voicemail?.new === 1, 15_000, 'the new message on the socket');
  const patch = view.patches.find((p) => p.scope === 'ext:1005' && (p.set as { voicemail?: { new: number } }).voicemail?.new === 1)!;
  assert.equal(patch.set, { voicemail: { new: 1, saved: 0 } });
  assert.is(await boxcount(), '1:0:0:0', "FreeSWITCH's own count");
  await waitFor(() => lastLight()?.waiting === 'yes', 10_000, "the desk phone's light");
  assert.equal(lastLight(), { waiting: 'yes', new: 1, saved: 0 }, 'the light shows the same count');

  const [fs] = await mailbox(stack, '1005');
  const [box] = await boxes();
  assert.is(box!.extension, '1005');
  assert.is(box!.messages.length, 1);
  const m = box!.messages[0]!;
  assert.is(m.uuid, (await stack.fs.api(`vm_list 1005@${ACME} xml`)).match(/<uuid>([^<]+)<\/uuid>/)![1]);
  assert.is(m.folder, 'new');
  assert.is(m.callerIdNumber, '1006');
  assert.is(m.seconds, fs!.seconds, "the length mod_voicemail measured");
  assert.ok(m.seconds >= 2 && m.seconds <= 6, `${m.seconds} s`);
});

test('the audio is the WAV mod_voicemail wrote, streamed with ranges to its owner only, and it plays in Chromium on the page', async () => {
  const [box] = await boxes();
  const m = box!.messages[0]!;
  const [fs] = await mailbox(stack, '1005');
  const url = `${stack.url}${messageAudioUrl('1005', m.uuid)}`;
  const res = await fetch(url, { headers: { cookie } });
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'audio/wav');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes, readFileSync(fs!.path), 'the very file in FreeSWITCH\'s storage');
  const copy = join(dir, 'served.wav');
  writeFileSync(copy, bytes);
  assert.ok(Math.abs(secondsOf(copy) - m.seconds) <= 1, `a WAV sox reads, ${secondsOf(copy)} s long`);
  const part = await fetch(url, { headers: { cookie, range: 'bytes=44-1043' } });
  assert.is(part.status, 206);
  assert.equal(Buffer.from(await part.arrayBuffer()), bytes.subarray(44, 1044));
  const stranger = await stack.signIn('agent@acme.test');
  assert.is((await fetch(url, { headers: { cookie: stranger } })).status, 404, 'another user of the tenant');

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signInToDashboard(page, stack.url, 'agent5@acme.test');
    await page.waitForSelector('[data-testid="header-voicemail"][data-state="waiting"]', { timeout: 10_000 });
    assert.is(await page.getByTestId('nav-voicemail-count').innerText(), '1');
    await page.getByRole('link', { name: /^Messages/ }).click();
    const row = page.getByTestId('vm-new-1005').getByTestId('vm-message');
    await row.waitFor({ timeout: 10_000 });
    assert.match(await row.innerText(), '1006');
    await page.getByRole('heading', { name: 'Voicemail', level: 1 }).click();
    await row.getByTestId('vm-audio').evaluate((el: HTMLAudioElement) => el.play());
    await page.waitForFunction(
      (seconds) => {
        const el = document.querySelector<HTMLAudioElement>('[data-testid="vm-new-1005"] audio');
        return !!el && !el.error && el.readyState >= 2 && el.buffered.length > 0 && Math.abs(el.duration - seconds) <= 1 && el.currentTime > 0;
      },
      m.seconds,
      { timeout: 15_000 },
    );
  } finally {
    await context.close();
  }
});

test('saved on the page, it is saved in mod_voicemail; deleted, it is gone from mod_voicemail with its file; the counts and the light follow', async () => {
  const [fs] = await mailbox(stack, '1005');
  const context = await browser!.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signInToDashboard(page, stack.url, 'agent5@acme.test');
    await page.goto(`${stack.url}/voicemail/messages`);
    const fresh = page.getByTestId('vm-new-1005').getByTestId('vm-message');
    await fresh.waitFor({ timeout: 10_000 });
    await fresh.getByRole('button', { name: /^Mark saved: the message from / }).click();
    const saved = page.getByTestId('vm-saved-1005').getByTestId('vm-message');
    await saved.waitFor({ timeout: 10_000 });
    await waitFor(async () => (await boxcount()) === '0:1:0:0', 10_000, "FreeSWITCH's count: saved");
    assert.equal((await mailbox(stack, '1005')).map((x) => x.folder), ['inbox']);
    await waitFor(() => view.extensions['1005']!.state.voicemail?.saved === 1, 10_000, 'the socket: saved');
    assert.equal(view.extensions['1005']!.state.voicemail, { new: 0, saved: 1 });
    await waitFor(() => lastLight()?.waiting === 'no', 10_000, 'the light out');
    assert.equal(lastLight(), { waiting: 'no', new: 0, saved: 1 });
    await page.waitForSelector('[data-testid="header-voicemail"][data-state="none"]', { timeout: 10_000 });

    await saved.getByRole('button', { name: /^Delete the message/ }).click();
    await page.getByRole('dialog', { name: 'Delete this message?' }).getByRole('button', { name: 'Delete' }).click();
    await waitFor(async () => (await saved.count()) === 0, 10_000, 'the row gone');
    await waitFor(async () => (await boxcount()) === '0:0:0:0', 10_000, "FreeSWITCH's count: empty");
    assert.equal(await mailbox(stack, '1005'), [], 'vm_list: no message');
    assert.match(await stack.fs.api(`vm_fsdb_msg_count json default ${ACME} 1005 inbox`), '"VM-Total-New-Messages":"0"');
    assert.not.ok(existsSync(fs!.path), 'its file is gone');
    await waitFor(() => view.extensions['1005']!.state.voicemail?.saved === 0, 10_000, 'the socket: empty');
    await waitFor(() => lastLight()?.saved === 0, 10_000, 'the light: empty');
    assert.equal(lastLight(), { waiting: 'no', new: 0, saved: 0 });
  } finally {
    await context.close();
  }
});

test('a greeting uploaded for 1005 is converted, handed to mod_voicemail and selected for its callers', async () => {
  const wav = join(dir, 'greeting.wav');
  execFileSync('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', wav, 'synth', '2', 'sine', '350']);
  const res = await fetch(`${stack.url}/api/voicemail/1005/greeting`, { method: 'POST', headers: { cookie, 'content-type': 'audio/wav' }, body: readFileSync(wav) });
  assert.is(res.status, 204, await res.text());
  const path = (await stack.fs.api(`vm_prefs default/1005@${ACME}|greeting_path`)).trim();
  assert.match(path, /\/voicemail\/default\/acme\.pbx\.test\/1005\/greeting_1\.wav$/);
  assert.ok(path.startsWith(stack.fs.dirs.storage), path);
  const info = execFileSync('soxi', [path], { encoding: 'utf8' });
  assert.match(info, /Sample Rate\s*:\s*8000/);
  assert.match(info, /Channels\s*:\s*1/);
  assert.equal((await boxes())[0]!.hasGreeting, true);
  const pin = await restClient(stack.url)('PUT', '/api/voicemail/1005/pin', cookie, { pin: '8642' });
  assert.is(pin.status, 204);
  assert.is((await stack.fs.api(`vm_prefs default/1005@${ACME}|password`)).trim(), '8642', "mod_voicemail's own password of the box");
});

test.run();
