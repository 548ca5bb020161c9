// Attended transfer with the softphone against the real FreeSWITCH: an
// agent (A, 1001) takes a call from B (1002), puts it on hold, consults a
// third party, and then completes the transfer (FreeSWITCH bridges B to the
// third party, A is free), cancels it (back to B), or merges all three into
// a conference (mod_conference) and drops out. Three Chromium contexts
// and a baresip desk phone register to FreeSWITCH from a network namespace
// with only `lo` (the pattern of softphone.test.ts); the judge is
// FreeSWITCH's own list of channels and calls, and the audio each party
// receives.
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { axeViolations, describeFindings } from '../helpers/axe.ts';
import * as softphone from '../helpers/softphone-page.ts';
import { softphonePage, T } from '../helpers/softphone-page.ts';
import { waitFor } from '../helpers/wait.ts';
import { startDeskPhone, type DeskPhone } from './harness/desk-phone.ts';
import { freePortPair } from './harness/ports.ts';
import { DOMAIN, softphoneSuite } from './harness/softphone-suite.ts';

const DESK = '1009';

let desk: DeskPhone;
const { stack, browser, netns, onTeardown, register, rows } = softphoneSuite(test, { moreLog: () => `--- baresip ---\n${desk?.log() ?? ''}` });
onTeardown(() => desk?.stop());

interface ChannelRow {
  uuid: string;
  direction: string;
  cid_num: string;
  dest: string;
  callstate: string;
  presence_id: string;
  name: string;
}
const channels = () => rows<ChannelRow>('channels');
const calls = () => rows<{ uuid: string; b_uuid: string }>('calls');
/**
 * A leg FreeSWITCH keeps with the phone registered as `ext`: a call it placed
 * (inbound, its caller ID), or one rung on it (outbound: named after the
 * WebSocket contact's random user, so found by its presence_id).
 */
const isLeg = (c: ChannelRow, ext: string, direction: 'inbound' | 'outbound') =>
  c.direction === direction && (direction === 'inbound' ? c.cid_num === ext : c.presence_id.startsWith(`${ext}@`));
const legOf = async (ext: string, direction: 'inbound' | 'outbound') => (await channels()).filter((c) => isLeg(c, ext, direction));

/** Some audio with energy (the fake microphone's beeps, the desk phone's tone) arrives within the wait. */
const hears = (page: Page, what: string) => waitFor(async () => (await softphone.delta(page, 1_000)).energy > 0, T, what);
/** Waits on FreeSWITCH's channels; a timeout shows them. */
async function untilChannels(check: (list: ChannelRow[]) => boolean, what: string) {
  let last: ChannelRow[] = [];
  try {
    await waitFor(async () => check((last = await channels())), T, what, 200);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${JSON.stringify(last.map((c) => [c.direction, c.name, c.cid_num, c.presence_id, c.callstate]))}`);
  }
}
const noChannels = () => waitFor(async () => (await channels()).length === 0, T, 'FreeSWITCH to clear every leg', 200);

let A: Page;
let B: Page;
let C: Page;

test('three agents register over WebSocket, a desk phone over UDP', async () => {
  const debug = process.env.SB_PAGE_LOG
    ? async (context: import('playwright-core').BrowserContext) => void (await context.addInitScript(() => localStorage.setItem('debug', 'JsSIP:RTCSession*,JsSIP:Transport')))
    : undefined;
  const open = (email: string) => softphonePage(browser, stack.url, email, undefined, email === 'agent@acme.test' ? debug : undefined);
  [A, B, C] = await Promise.all([open('agent@acme.test'), open('agent2@acme.test'), open('agent3@acme.test')]);
  if (process.env.SB_PAGE_LOG) A.on('console', (m) => console.log('A:', m.text().slice(0, 300)));
  await Promise.all([register(A, '1001'), register(B, '1002'), register(C, '1003')]);
  desk = await startDeskPhone({
    extension: DESK,
    domain: DOMAIN,
    password: await stack.sipPassword(DOMAIN, DESK),
    registrar: stack.fs.ports.sip,
    port: await freePortPair(),
    spawn: netns.spawn,
  });
  await waitFor(async () => {
    const regs = await stack.fs.api('show registrations');
    return ['1001', '1002', '1003', DESK].every((e) => new RegExp(`^${e},`, 'm').test(regs));
  }, T, 'FreeSWITCH to list all four', 200);
});

/** A test that failed mid-call must not hand its calls to the next one. */
test.before.each(async () => {
  if (!A || (await channels()).length === 0) return;
  await stack.fs.api('hupall NORMAL_CLEARING');
  await noChannels();
  await Promise.all([A, B, C].map((page) => softphone.noCall(page)));
});

/** B calls A and A answers: the call the agent will transfer. */
async function callerOnTheLine() {
  await softphone.dial(B, '1001');
  await softphone.callStatus(A, 'incoming');
  await A.getByRole('button', { name: 'Answer' }).click();
  await Promise.all([softphone.callStatus(A, 'connected'), softphone.callStatus(B, 'connected')]);
  await hears(A, 'A to hear B');
}

/** A opens Transfer, types the number and presses Consult first. */
async function consult(number: string) {
  await A.getByRole('button', { name: 'Transfer', exact: true }).click();
  await A.getByLabel('Transfer to extension').fill(number);
  await A.getByRole('button', { name: 'Consult first' }).click();
}

test('attended transfer: B on hold, A consults C (audio both ways), Complete: FreeSWITCH bridges B to C, A is free', async () => {
  await callerOnTheLine();
  const [bLeg] = await legOf('1002', 'inbound');
  assert.ok(bLeg, 'B\'s leg');
  await consult('1003');
  // A's panel: B waits on hold on the second line, the consultation rings in front.
  await A.getByTestId('softphone-other').filter({ hasText: 'On hold' }).waitFor({ timeout: T });
  assert.match(await A.getByTestId('softphone-other-peer').innerText(), /Ben Okafor \(1002\)/);
  assert.is(await A.evaluate(() => document.activeElement?.textContent?.trim()), 'Cancel transfer', 'the keyboard lands on the two-call panel');
  await untilChannels((l) => l.some((c) => isLeg(c, '1001', 'outbound') && c.callstate === 'HELD'), 'FreeSWITCH to hold A\'s leg with B');
  await softphone.callStatus(C, 'incoming');
  // While it rings only Cancel makes sense.
  assert.is(await A.getByRole('button', { name: 'Complete transfer' }).count(), 0, 'no Complete before C answers');
  await C.getByRole('button', { name: 'Answer' }).click();
  await softphone.callStatus(C, 'connected');
  await A.getByRole('button', { name: 'Complete transfer' }).waitFor({ timeout: T });
  // A and C talk while B waits.
  await hears(C, 'C to hear A');
  await hears(A, 'A to hear C');
  const [cLeg] = await legOf('1003', 'outbound');
  assert.ok(cLeg, 'C\'s leg');

  const found = await axeViolations(A);
  assert.is(found.length, 0, describeFindings('two calls', found));
  // From the keyboard, as a person without a mouse would.
  await A.getByRole('button', { name: 'Complete transfer' }).focus();
  await A.keyboard.press('Enter');
  await softphone.noCall(A);
  const notice = await A.getByTestId('softphone-notice').innerText();
  assert.match(notice, /Transfer complete: your caller is now talking to 1003\./, notice);
  // FreeSWITCH carried it out: B's very leg is bridged to C's, and A's two legs are gone.
  let left: { calls: unknown[]; channels: ChannelRow[] } = { calls: [], channels: [] };
  const rows = await waitFor(async () => {
    left = { calls: await calls(), channels: await channels() };
    return left.calls.length === 1 && left.channels.length === 2 ? (left.calls as Awaited<ReturnType<typeof calls>>) : undefined;
  }, T, 'one call of two legs left at FreeSWITCH', 200).catch((err: Error) => {
    throw new Error(`${err.message}\n${JSON.stringify({ calls: left.calls, channels: left.channels.map((c) => [c.uuid, c.direction, c.name, c.cid_num, c.presence_id, c.callstate]) })}`);
  });
  assert.equal([rows[0]!.uuid, rows[0]!.b_uuid].sort(), [bLeg.uuid, cLeg.uuid].sort(), 'B bridged to C');
  await Promise.all([softphone.callStatus(B, 'connected'), softphone.callStatus(C, 'connected')]);
  await hears(B, 'B to hear C');
  await hears(C, 'C to hear B');
  await B.getByRole('button', { name: 'Hang up' }).click();
  await Promise.all([softphone.noCall(B), softphone.noCall(C)]);
  await noChannels();
});

test('a cancelled attended transfer: A consults the desk phone, Cancel hangs it up and resumes B, audio both ways', async () => {
  await callerOnTheLine();
  await consult(DESK);
  // The desk phone answers by itself and sends its tone.
  await A.getByRole('button', { name: 'Complete transfer' }).waitFor({ timeout: T });
  await hears(A, 'A to hear the desk phone');
  await waitFor(() => desk.audioBothWays(), T, 'the desk phone to send and receive audio', 200);
  // Swap there and back: each time the other one is on hold at FreeSWITCH.
  await A.getByRole('button', { name: 'Swap' }).click();
  await untilChannels((l) => l.some((c) => isLeg(c, '1001', 'inbound') && c.callstate === 'HELD'), 'the consultation held after a swap');
  await untilChannels((l) => l.some((c) => isLeg(c, '1001', 'outbound') && c.callstate === 'ACTIVE'), 'B resumed after a swap');
  await hears(A, 'A to hear B after the swap');
  await A.getByRole('button', { name: 'Swap' }).click();
  await untilChannels((l) => l.some((c) => isLeg(c, '1001', 'outbound') && c.callstate === 'HELD'), 'B held again');

  await A.getByRole('button', { name: 'Cancel transfer' }).click();
  await A.getByTestId('softphone-attended').waitFor({ state: 'detached', timeout: T });
  await A.getByRole('button', { name: 'Hold' }).waitFor({ timeout: T });
  assert.match(await A.getByTestId('softphone-peer').innerText(), /Ben Okafor/);
  await untilChannels((l) => l.length === 2 && l.every((c) => c.callstate === 'ACTIVE'), 'only A and B\'s legs, both ACTIVE');
  assert.is((await calls()).length, 1);
  await hears(A, 'A to hear B again');
  await hears(B, 'B to hear A again');
  await A.getByRole('button', { name: 'Hang up' }).click();
  await Promise.all([softphone.noCall(A), softphone.noCall(B)]);
  await noChannels();
});

/** FreeSWITCH's own count of the members in the one three-way room of the tenant. */
async function room(): Promise<{ name: string; members: number } | undefined> {
  const m = /Conference (3way-[0-9a-f]{32}-acme\.pbx\.test) \((\d+) members?/.exec(await stack.fs.api('conference list'));
  return m ? { name: m[1]!, members: Number(m[2]) } : undefined;
}

test('three-way: A consults C from the colleagues list, merges B and C into one conference, everyone hears the others; A drops out, B and C go on talking', async () => {
  await callerOnTheLine();
  // The Transfer panel's colleagues list offers both: Transfer here (blind) and Consult (attended).
  await A.getByRole('button', { name: 'Transfer', exact: true }).click();
  await A.getByTestId('softphone-panel').getByRole('button', { name: 'Consult Chloé Martin (1003) before transferring' }).click();
  await A.getByTestId('softphone-other').filter({ hasText: 'On hold' }).waitFor({ timeout: T });
  await softphone.callStatus(C, 'incoming');
  await C.getByRole('button', { name: 'Answer' }).click();
  await A.getByRole('button', { name: 'Merge (three-way)' }).click();
  await A.getByTestId('softphone-peer').filter({ hasText: 'Three-way call with Ben Okafor and 1003' }).waitFor({ timeout: T });
  await softphone.callStatus(A, 'connected');
  const three = await waitFor(async () => ((await room())?.members === 3 ? room() : undefined), T, 'three members in the conference', 200);
  // A's two legs to B and C are gone: three legs, one each, all in the conference.
  await untilChannels((l) => l.length === 3 && l.every((c) => c.callstate === 'ACTIVE'), 'three legs at FreeSWITCH');
  await Promise.all([softphone.callStatus(B, 'connected'), softphone.callStatus(C, 'connected')]);
  for (const [page, who] of [[A, 'A'], [B, 'B'], [C, 'C']] as const) await hears(page, `${who} to hear the conference`);

  await A.getByRole('button', { name: 'Hang up' }).click();
  await softphone.noCall(A);
  await waitFor(async () => (await room())?.members === 2, T, 'two members left', 200);
  assert.is((await room())?.name, three!.name, 'the same room');
  await hears(B, 'B to hear C without A');
  await hears(C, 'C to hear B without A');
  await B.getByRole('button', { name: 'Hang up' }).click();
  await C.getByRole('button', { name: 'Hang up' }).click();
  await Promise.all([softphone.noCall(B), softphone.noCall(C)]);
  await noChannels();
});

test.run();
