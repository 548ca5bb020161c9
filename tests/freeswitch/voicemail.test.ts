// Voicemail against a real FreeSWITCH: a call nobody answers rings for
// RING_SECONDS (lowered here through the setting) and falls to the mailbox,
// where the caller's words are recorded; then the mailbox owner dials *97,
// reaches mod_voicemail's own mailbox menu, plays the message and saves it.
// mod_voicemail's API (vm_list, vm_boxcount) and its files are the judge.
import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { waitFor } from '../helpers/wait.ts';
import { realPbxSuite } from './harness/stack.ts';
import { ACME, call, mailbox, removeDir, ringingPhone, rmsOf, secondsOf, silence, speech, workDir } from './voicemail-phones.ts';

const RING_SECONDS = 6;
const stack = realPbxSuite(test, { env: { RING_SECONDS: String(RING_SECONDS) } });
const dir = workDir();
test.after(() => removeDir(dir));

const boxcount = async (extension: string) => (await stack.fs.api(`vm_boxcount ${extension}@${ACME}|all`)).trim();

test('an unanswered call rings the extension for RING_SECONDS, then its voicemail records the caller', async () => {
  assert.is(await boxcount('1005'), '0:0:0:0', 'new:saved:new-urgent:saved-urgent');
  const phone = await ringingPhone(stack, dir, '1005');
  const caller = await call(stack, dir, '1006', '1005', speech(dir, 10), 5_000);
  const [rp, rc] = await Promise.all([phone.run.done, caller.run.done]);
  assert.is(rp.code, 0, `phone 1005: ${rp.output.slice(-1500)}`);
  assert.is(rc.code, 0, `caller: ${rc.output.slice(-1500)}`);

  const t0 = caller.times().INVITE!;
  const rang = phone.times();
  const answered = caller.times().ANSWERED;
  assert.ok(t0 && rang.INVITE && rang.CANCEL && answered, JSON.stringify({ t0, rang, answered }));
  const s = (t: number) => (t - t0) / 1000;
  console.log('plain call timings (s after the INVITE):', { rings: s(rang.INVITE!), cancelled: s(rang.CANCEL!), answered: s(answered!) });
  assert.ok(s(rang.INVITE!) < 1.5, `the phone rang ${s(rang.INVITE!)} s after the INVITE`);
  // The bridge gives up once RING_SECONDS whole seconds passed: between RING_SECONDS − 1 and RING_SECONDS.
  assert.ok(Math.abs(s(rang.CANCEL!) - RING_SECONDS) <= 1.5, `cancelled after ${s(rang.CANCEL!)} s, expected ${RING_SECONDS}`);
  assert.ok(answered! >= rang.CANCEL! - 250 && s(answered!) - s(rang.CANCEL!) < 1.5, 'voicemail answers when the phone stops ringing');

  const [message] = await waitFor(async () => {
    const list = await mailbox(stack, '1005');
    return list.length ? list : undefined;
  }, 10_000, 'a message in 1005\'s mailbox', 200);
  assert.is(await boxcount('1005'), '1:0:0:0');
  assert.is(message!.cidNumber, '1006');
  assert.ok(existsSync(message!.path), message!.path);
  assert.ok(message!.path.startsWith(stack.fs.dirs.storage), message!.path);
  const seconds = secondsOf(message!.path);
  assert.ok(seconds >= 2 && seconds <= 5, `the message lasts ${seconds} s`);
  assert.ok(rmsOf(message!.path) > 0.1, 'the message holds what the caller said');
});

test('*97 opens the caller\'s own mailbox in mod_voicemail: 1 plays the new message, 2 saves it', async () => {
  assert.is(await boxcount('1005'), '1:0:0:0', 'the first test left one new message');
  const caller = await call(stack, dir, '1005', '*97', silence(dir, 30), 4_000, { listenAndSave: true });
  const rc = await caller.run.done;
  // FreeSWITCH kept the call up until the phone hung up: the menu ran, it did not end the call.
  assert.is(rc.code, 0, `caller: ${rc.output.slice(-1500)}`);
  const log = stack.fs.log();
  assert.match(log, `voicemail(check auth default ${ACME} 1005)`);
  assert.not.match(log, /Invalid Application/);
  assert.not.match(log, /Open of languages and phrases failed|Can't find macro/);
  // mod_voicemail's word: the message is no longer new but saved.
  await waitFor(async () => (await boxcount('1005')) === '0:1:0:0', 5_000, 'the message to be saved', 200);
  assert.is((await mailbox(stack, '1005')).length, 1, 'saving keeps the message');
});

test.run();
