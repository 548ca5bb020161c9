// The softphone against the real FreeSWITCH: two Chromium contexts are two
// agents whose JsSIP registers over SIP-over-WebSocket with FreeSWITCH's
// internal profile (the deployment's conf), and whose calls are bridged by
// FreeSWITCH with DTLS-SRTP media. FreeSWITCH, Chromium and a baresip desk
// phone run in a network namespace with only `lo` (no ICE candidate can use
// another address of this machine); Switchboard stays outside, its HTTP
// port forwarded in and FreeSWITCH's ESL port out.
import modesl, { type EslConnection } from 'modesl';
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as softphone from '../helpers/softphone-page.ts';
import { softphonePage, softphoneStatus, T } from '../helpers/softphone-page.ts';
import { waitFor } from '../helpers/wait.ts';
import { startDeskPhone, type DeskPhone } from './harness/desk-phone.ts';
import { freePortPair } from './harness/ports.ts';
import { DOMAIN, softphoneSuite } from './harness/softphone-suite.ts';

let esl: EslConnection | undefined;
let desk: DeskPhone;
const { stack, browser, netns, onTeardown, fillSettings: fill, register: registerPage, rows } = softphoneSuite(test, {
  moreLog: () => `--- baresip ---\n${desk?.log() ?? ''}`,
});
onTeardown(() => desk?.stop());
onTeardown(() => esl?.disconnect());
/** Every event FreeSWITCH sent on our own ESL connection (the judge's view). */
const events: { name: string; h: (name: string) => string | null }[] = [];

test.before(async () => {
  esl = await new Promise<EslConnection>((resolve, reject) => {
    const conn = new modesl.Connection('127.0.0.1', stack.fs.ports.esl, stack.fs.eslPassword, () => resolve(conn));
    conn.on('error', reject);
  });
  esl.events('plain', ['DTMF', 'CHANNEL_HOLD', 'CHANNEL_UNHOLD', 'CHANNEL_BRIDGE', 'CHANNEL_HANGUP_COMPLETE']);
  esl.on('esl::event::**', (e: { type?: string; getHeader(n: string): string | null }) => {
    if (e.type) events.push({ name: e.type, h: (n) => e.getHeader(n) });
  });
});

interface Agent {
  page: Page;
}

/** A signed-in agent with the softphone panel open (not yet registered). */
const agent = async (email: string): Promise<Agent> => ({ page: await softphonePage(browser, stack.url, email) });
const status = (a: Agent) => softphoneStatus(a.page);

const fillSettings = (a: Agent, extension: string) => fill(a.page, extension);

async function register(a: Agent, extension: string) {
  await registerPage(a.page, extension);
  assert.match(await status(a).innerText(), new RegExp(`Registered as ${extension}`));
}

const callStatus = (a: Agent, s: string) => softphone.callStatus(a.page, s);
const noCall = (a: Agent) => softphone.noCall(a.page);
const dial = (a: Agent, number: string) => softphone.dial(a.page, number);
const rtp = (a: Agent) => softphone.rtp(a.page);
const delta = (a: Agent, ms: number) => softphone.delta(a.page, ms);

interface ChannelRow {
  uuid: string;
  direction: string;
  cid_num: string;
  dest: string;
  callstate: string;
  name: string;
  application: string;
}

/** FreeSWITCH's own list of channels. */
const channels = () => rows<ChannelRow>('channels');

let A: Agent;
let B: Agent;

test('two agents register over WebSocket: green, and FreeSWITCH lists both on ws', async () => {
  [A, B] = await Promise.all([agent('agent@acme.test'), agent('agent2@acme.test')]);
  assert.is(await status(A).getAttribute('data-state'), 'unregistered', 'grey until saved');
  await Promise.all([register(A, '1001'), register(B, '1002')]);
  // sofia writes registrations through its SQL queue: give it a moment.
  const regs = await waitFor(async () => {
    const text = await stack.fs.api('show registrations');
    return /^1001,/m.test(text) && /^1002,/m.test(text) ? text : undefined;
  }, T, 'FreeSWITCH to list 1001 and 1002', 200);
  for (const ext of ['1001', '1002']) {
    // network_proto says "udp" for a WebSocket too (sofia_reg.c knows only tls/tcp/udp); the contact carries the transport.
    assert.match(regs, new RegExp(`^${ext},${DOMAIN.replace(/\./g, '\\.')},[^,]+,sofia/internal/sip:[^,]*;transport=ws;`, 'm'), `${ext} on ws`);
  }
  const reg = await stack.fs.api('sofia status profile internal reg');
  assert.is(reg.match(/Registered\(WS/g)?.length, 2, 'sofia counts two WebSocket registrations');
});

test('a wrong SIP password: FreeSWITCH forbids it (403), the light is red with the reason', async () => {
  const C = await agent('agent3@acme.test');
  await fillSettings(C, '1003');
  await C.page.getByLabel('SIP password').fill('not-the-password');
  await C.page.getByRole('button', { name: 'Save' }).click();
  await C.page.locator('[data-testid="softphone-status"][data-state="failed"]').waitFor({ timeout: T });
  // The reason is JsSIP's cause in words (client/src/softphone/causes.ts): FreeSWITCH's 403 is 'Rejected'.
  const reason = await C.page.getByTestId('softphone-reason').innerText();
  assert.match(reason, /wrong SIP password/i, `the reason said: ${reason}`);
  assert.not.match(await stack.fs.api('show registrations'), /^1003,/m, 'FreeSWITCH did not register it');
  await C.page.context().close();
});

/** A's leg: the inbound channel 1001 placed, as FreeSWITCH lists it. */
const legOf = async (cid: string, direction = 'inbound') => (await channels()).find((c) => c.cid_num === cid && c.direction === direction);

test('B rejects A: FreeSWITCH sends A to B\'s voicemail instead of a busy tone', async () => {
  await dial(A, '1002');
  await callStatus(B, 'incoming');
  await B.page.getByRole('button', { name: 'Reject' }).click();
  await noCall(B);
  // The served dialplan falls through a failed bridge (continue_on_fail) to voicemail, which answers.
  await callStatus(A, 'connected');
  await waitFor(async () => (await legOf('1001'))?.application === 'voicemail', T, 'A\'s leg to run voicemail', 200);
  await A.page.getByRole('button', { name: 'Hang up' }).click();
  await noCall(A);
  await waitFor(async () => (await channels()).length === 0, T, 'FreeSWITCH to clear A\'s leg', 200);
});

test('A calls B through FreeSWITCH, B answers: audio both ways, candidates on loopback only', async () => {
  await dial(A, '1002');
  await callStatus(B, 'incoming');
  // FreeSWITCH presents the caller with the directory's caller ID: the name, and the number beside it.
  assert.is(await B.page.getByTestId('softphone-peer').innerText(), 'Alice Moreno');
  assert.match(await B.page.getByTestId('softphone-call').innerText(), /1001/);
  await B.page.getByRole('button', { name: 'Answer' }).click();
  await Promise.all([A, B].map((x) => x.page.getByTestId('softphone-timer').waitFor({ timeout: T })));
  for (const x of [A, B]) await waitFor(async () => (await rtp(x)).bytesIn > 0, T, 'RTP bytes received');
  for (const x of [A, B]) assert.ok((await delta(x, 1_000)).energy > 0, 'the other side is heard (not silence)');
  for (const x of [A, B]) {
    const { addresses } = await rtp(x);
    assert.ok(addresses.length > 0, 'candidates were gathered');
    for (const address of addresses) assert.ok(address === '127.0.0.1' || address === '::1', `candidate on ${address}`);
  }
  const list = await channels();
  assert.is(list.length, 2, 'two legs at FreeSWITCH');
  for (const c of list) assert.is(c.callstate, 'ACTIVE');
});

test('hold: FreeSWITCH marks A\'s leg HELD and stops sending to A; resume makes it ACTIVE again', async () => {
  assert.ok((await delta(A, 1_000)).packets > 0, 'A receives before hold');
  await A.page.getByRole('button', { name: 'Hold' }).click();
  await A.page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: T });
  await waitFor(async () => (await legOf('1001'))?.callstate === 'HELD', T, 'FreeSWITCH to say the leg is HELD', 200);
  const leg = (await legOf('1001'))!;
  // `show channels` can say HELD before the event reaches our ESL connection: wait for it, do not race it.
  await waitFor(() => events.some((e) => e.name === 'CHANNEL_HOLD' && e.h('Unique-ID') === leg.uuid), T, 'CHANNEL_HOLD for A\'s leg', 50);
  await waitFor(async () => (await delta(A, 1_000)).packets === 0, T, 'FreeSWITCH to stop sending to A while held');
  await A.page.getByRole('button', { name: 'Resume' }).click();
  await A.page.getByRole('button', { name: 'Hold' }).waitFor({ timeout: T });
  await waitFor(async () => (await legOf('1001'))?.callstate === 'ACTIVE', T, 'FreeSWITCH to say the leg is ACTIVE', 200);
  await waitFor(() => events.some((e) => e.name === 'CHANNEL_UNHOLD' && e.h('Unique-ID') === leg.uuid), T, 'CHANNEL_UNHOLD for A\'s leg', 50);
  await waitFor(async () => (await delta(A, 1_000)).packets > 0, T, 'audio to A again after resume');
});

test('DTMF: the tones A presses reach FreeSWITCH as digits on A\'s leg', async () => {
  const leg = (await legOf('1001'))!;
  await A.page.getByRole('button', { name: 'Keypad' }).click();
  for (const tone of ['5', '#']) await A.page.getByRole('group', { name: 'Send tones' }).getByRole('button', { name: tone, exact: true }).click();
  const digits = () => events.filter((e) => e.name === 'DTMF' && e.h('Unique-ID') === leg.uuid).map((e) => e.h('DTMF-Digit'));
  await waitFor(() => digits().join('') === '5#', T, `FreeSWITCH to get 5# (got ${digits().join('')})`, 100);
  // JsSIP sends SIP INFO; FreeSWITCH takes it only with liberal-dtmf (internal.xml).
  assert.ok(events.filter((e) => e.name === 'DTMF' && e.h('Unique-ID') === leg.uuid).every((e) => e.h('DTMF-Source') === 'ENDPOINT'), 'from the endpoint (INFO)');
  assert.match(await A.page.getByTestId('softphone-tones').innerText(), /5#/);
});

/** The desk phone's leg, as FreeSWITCH lists it. */
const deskLeg = async () => (await channels()).find((c) => /^sofia\/internal\/1003[-@]/.test(c.name));

test('a desk phone (baresip) registers as 1003 over UDP', async () => {
  desk = await startDeskPhone({
    extension: '1003',
    domain: DOMAIN,
    password: await stack.sipPassword(DOMAIN, '1003'),
    registrar: stack.fs.ports.sip,
    port: await freePortPair(),
    spawn: netns.spawn,
  });
  await waitFor(async () => /^1003,.*,udp,/m.test(await stack.fs.api('show registrations')), T, 'FreeSWITCH to list 1003', 200);
});

test('A transfers B blind to 1003: FreeSWITCH takes the REFER, A is free, B talks to the desk phone', async () => {
  const bLeg = (await legOf('1001', 'outbound'))!;
  assert.ok(bLeg, 'B\'s leg');
  await A.page.getByRole('button', { name: 'Transfer' }).click();
  await A.page.getByLabel('Transfer to extension').fill('1003');
  await A.page.getByLabel('Transfer to extension').press('Enter');
  await noCall(A);
  assert.match(await A.page.getByTestId('softphone-notice').innerText(), /Transferred to 1003/);
  // FreeSWITCH itself carried it out: B's very leg is now bridged to the desk phone's.
  const desked = await waitFor(async () => {
    const leg = await deskLeg();
    return leg?.callstate === 'ACTIVE' ? leg : undefined;
  }, T, 'the desk phone to answer', 200);
  const calls = await waitFor(async () => {
    const list = await rows<{ uuid: string; b_uuid: string }>('calls');
    return list.length === 1 ? list : undefined;
  }, T, 'one call left at FreeSWITCH', 200);
  assert.equal([calls[0]!.uuid, calls[0]!.b_uuid].sort(), [bLeg.uuid, desked.uuid].sort(), 'B bridged to 1003');
  assert.is((await channels()).length, 2, 'A\'s leg is gone');
  await callStatus(B, 'connected');
  await waitFor(async () => (await delta(B, 1_000)).energy > 0, T, 'B to hear the desk phone');
  await waitFor(() => desk.audioBothWays(), T, 'the desk phone to send and receive audio', 200);
  await B.page.getByRole('button', { name: 'Hang up' }).click();
  await noCall(B);
  await waitFor(async () => (await channels()).length === 0, T, 'FreeSWITCH to clear both legs', 200);
});

test('A calls the desk phone: it answers, audio flows both ways through FreeSWITCH', async () => {
  await dial(A, '1003');
  await callStatus(A, 'connected');
  await waitFor(async () => (await delta(A, 1_000)).energy > 0, T, 'A to hear the desk phone\'s tone');
  const desked = (await deskLeg())!;
  const aLeg = (await legOf('1001'))!;
  await waitFor(() => desk.audioBothWays(), T, 'the desk phone to send and receive audio', 200);
  await A.page.getByRole('button', { name: 'Hang up' }).click();
  await noCall(A);
  const hangup = (uuid: string) => waitFor(() => events.find((e) => e.name === 'CHANNEL_HANGUP_COMPLETE' && e.h('Unique-ID') === uuid), T, 'CHANNEL_HANGUP_COMPLETE', 100);
  const bytes = async (uuid: string) => {
    const e = await hangup(uuid);
    return { in: Number(e.h('variable_rtp_audio_in_media_bytes')), out: Number(e.h('variable_rtp_audio_out_media_bytes')) };
  };
  const [a, d] = [await bytes(aLeg.uuid), await bytes(desked.uuid)];
  assert.ok(a.in > 0 && d.out > 0, 'FreeSWITCH got A\'s audio and sent it to the desk phone');
  assert.ok(d.in > 0 && a.out > 0, 'FreeSWITCH got the desk phone\'s audio and sent it to A');
});

test('Colleagues: A calls B with a click and both pages follow FreeSWITCH (Calling, Ringing, On a call); "Transfer here" hands B to the desk phone', async () => {
  const presence = (a: Agent, ext: string, state: string) =>
    a.page.locator(`[data-testid="colleague-${ext}"][data-presence="${state}"]`).waitFor({ timeout: T });
  for (const x of [A, B]) {
    await x.page.getByRole('link', { name: 'Colleagues' }).click();
    await presence(x, '1003', 'idle'); // the desk phone, registered and free
  }
  await presence(A, '1002', 'idle');
  // The floating panel covers the page's right edge: closed, as a user would; the call brings it back.
  await A.page.getByRole('button', { name: 'Close softphone' }).click();
  await A.page.getByRole('button', { name: 'Call Ben Okafor (1002)' }).click();
  await A.page.getByTestId('softphone-panel').waitFor({ state: 'visible', timeout: T });
  await callStatus(B, 'incoming');
  await Promise.all([presence(A, '1002', 'ringing'), presence(B, '1001', 'dialling')]);
  assert.match(await A.page.getByTestId('colleague-1002').innerText(), /Ringing/);
  await B.page.getByRole('button', { name: 'Answer' }).click();
  await Promise.all([presence(A, '1002', 'talking'), presence(B, '1001', 'talking')]);
  assert.match(await B.page.getByTestId('colleague-1001').innerText(), /On a call\s+0:\d\d/, 'how long, counting up');

  // During the call every other colleague offers "Transfer here": on the page, and in the panel's Transfer list.
  await A.page.getByRole('button', { name: 'Transfer the call to Chloé Martin (1003)' }).first().waitFor({ timeout: T });
  const panel = A.page.getByTestId('softphone-panel');
  await panel.getByRole('button', { name: 'Transfer', exact: true }).click();
  await panel.getByRole('button', { name: 'Transfer the call to Chloé Martin (1003)' }).click();
  await noCall(A);
  assert.match(await A.page.getByTestId('softphone-notice').innerText(), /Transferred to 1003/);
  await Promise.all([presence(B, '1003', 'talking'), presence(B, '1001', 'idle'), presence(A, '1002', 'talking')]);
  await B.page.getByRole('button', { name: 'Hang up' }).click();
  await noCall(B);
  await Promise.all([presence(A, '1002', 'idle'), presence(A, '1003', 'idle')]);
});

test.run();
