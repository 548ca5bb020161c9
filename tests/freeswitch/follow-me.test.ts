// Follow-me against a real FreeSWITCH: saved on the Follow Me page's REST
// API, served by our dialplan, carried out by FreeSWITCH's bridge. Two SIP
// phones that never answer say when they rang and when they were cancelled;
// then the call falls to the mailbox, the caller speaks, and mod_voicemail
// itself lists the message and its file is on disk.
import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { restClient } from '../helpers/rest.ts';
import { waitFor } from '../helpers/wait.ts';
import { realPbxSuite } from './harness/stack.ts';
import { ACME, call, mailbox, removeDir, ringingPhone, rmsOf, secondsOf, speech, workDir } from './voicemail-phones.ts';

const stack = realPbxSuite(test);
const dir = workDir();
test.after(() => removeDir(dir));

/** ±1.5 s: FreeSWITCH counts these timers in whole seconds, and 2 cores are shared. */
const TOLERANCE_S = 1.5;
const near = (what: string, actualMs: number | undefined, expectedS: number) => {
  assert.ok(actualMs !== undefined, `${what}: never happened`);
  const s = actualMs / 1000;
  assert.ok(Math.abs(s - expectedS) <= TOLERANCE_S, `${what} at ${s.toFixed(2)} s, expected ${expectedS} ± ${TOLERANCE_S} s`);
};

test('mod_voicemail is loaded from our voicemail.conf.xml', async () => {
  assert.is((await stack.fs.api('module_exists mod_voicemail')).trim(), 'true');
});

test('follow-me rings 1002 at once and 1003 after 3 s, each for 6 s, then the caller leaves a message in 1001\'s mailbox', async () => {
  const rest = restClient(stack.url);
  const agent = await stack.signIn('agent@acme.test');
  const saved = await rest('PUT', '/api/follow-me/1001', agent, {
    enabled: true,
    destinations: [
      { destination: '1002', delay: 0, timeout: 6 },
      { destination: '1003', delay: 3, timeout: 6 },
    ],
  });
  assert.is(saved.status, 200, JSON.stringify(saved.body));
  assert.equal((await stack.fs.api(`vm_boxcount 1001@${ACME}`)).trim(), '0');

  const [p1002, p1003] = [await ringingPhone(stack, dir, '1002'), await ringingPhone(stack, dir, '1003')];
  const caller = await call(stack, dir, '1004', '1001', speech(dir, 10), 5_000);
  const [r1002, r1003, rc] = await Promise.all([p1002.run.done, p1003.run.done, caller.run.done]);
  assert.is(r1002.code, 0, `phone 1002: ${r1002.output.slice(-1500)}`);
  assert.is(r1003.code, 0, `phone 1003: ${r1003.output.slice(-1500)}`);
  assert.is(rc.code, 0, `caller: ${rc.output.slice(-1500)}`);

  const t0 = caller.times().INVITE!;
  assert.ok(t0, 'the caller logged its INVITE');
  const at = (t: number | undefined) => (t === undefined ? undefined : t - t0);
  const [a, b, c] = [p1002.times(), p1003.times(), caller.times()];
  const measured = { '1002 rings': at(a.INVITE), '1003 rings': at(b.INVITE), '1002 cancelled': at(a.CANCEL), '1003 cancelled': at(b.CANCEL), answered: at(c.ANSWERED) };
  console.log('follow-me timings (s after the INVITE):', Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, v === undefined ? v : +(v / 1000).toFixed(2)])));
  near('1002 rings', measured['1002 rings'], 0);
  near('1003 rings', measured['1003 rings'], 3);
  near('1002 is cancelled', measured['1002 cancelled'], 6);
  near('1003 is cancelled', measured['1003 cancelled'], 9);
  // Both cancels come from the same whole-second clock of the bridge, so
  // they are exactly 3 s apart (9 s − 6 s) unless the bridge cuts a leg short.
  const apart = (measured['1003 cancelled']! - measured['1002 cancelled']!) / 1000;
  assert.ok(Math.abs(apart - 3) <= 0.5, `1003 was cancelled ${apart.toFixed(2)} s after 1002, expected 3 s`);
  // Voicemail answers once the last leg gave up (in the same moment), not before.
  assert.ok(measured.answered! > measured['1003 cancelled']! - 250, 'answered only when the last leg was cancelled');
  near('voicemail answers', measured.answered, 9.5);

  // mod_voicemail's own word: one new message from 1004, recorded to a file on disk.
  const messages = await waitFor(async () => {
    const list = await mailbox(stack, '1001');
    return list.length ? list : undefined;
  }, 10_000, 'a message in 1001\'s mailbox', 200);
  assert.is(messages.length, 1);
  assert.is((await stack.fs.api(`vm_boxcount 1001@${ACME}`)).trim(), '1');
  const [message] = messages;
  assert.is(message!.folder, 'inbox');
  assert.is(message!.cidNumber, '1004');
  assert.ok(message!.path.startsWith(stack.fs.dirs.storage), `${message!.path} is under FreeSWITCH's storage folder`);
  assert.ok(existsSync(message!.path), `${message!.path} exists`);
  // The caller spoke for 5 s after the answer; the beep and the greeting take a part of it.
  const seconds = secondsOf(message!.path);
  assert.ok(seconds >= 2 && seconds <= 5, `the message lasts ${seconds} s`);
  assert.ok(message!.seconds >= 2, `mod_voicemail counts ${message!.seconds} s`);
  // And it is what the caller said (the loud tone), not silence.
  const rms = rmsOf(message!.path);
  assert.ok(rms > 0.1, `the message's RMS amplitude is ${rms}`);
});

test.run();
