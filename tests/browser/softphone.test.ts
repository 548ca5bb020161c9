// The softphone, for real: three Chromium contexts are three agents whose
// JsSIP registers over SIP-over-WebSocket with Kamailio, and whose calls carry
// WebRTC audio browser to browser. Chromium and Kamailio run in a network
// namespace with only `lo`, so no ICE candidate can use another address of
// this machine (asserted below); the app's HTTP port is forwarded into it.
import type { Browser, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Account } from '../../common/account.ts';
import { buildClientIfNeeded } from '../../scripts/client-build.ts';
import { launchChromium } from '../helpers/browser.ts';
import * as softphone from '../helpers/softphone-page.ts';
import { softphonePage, softphoneStatus, T } from '../helpers/softphone-page.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sleep, waitFor } from '../helpers/wait.ts';
import { startKamailio, type Kamailio } from '../sip/kamailio.ts';
import { createNetns, type Netns } from '../sip/netns.ts';

const SIP_PORT = 5066; // inside the namespace, where nothing else listens

let netns: Netns;
let server: TestServer;
let kamailio: Kamailio;
let browser: Browser;

test.before(async () => {
  buildClientIfNeeded();
  netns = createNetns();
  server = await startTestServer({ SIP_WSS_URL: `ws://127.0.0.1:${SIP_PORT}` });
  // Kamailio's user table holds the very SIP passwords the app's database has.
  const users: Record<string, string> = {};
  for (const email of ['agent@acme.test', 'agent2@acme.test', 'agent3@acme.test']) {
    const res = await fetch(`${server.url}/api/account`, { headers: { cookie: await server.signIn(email) } });
    for (const ext of ((await res.json()) as Account).extensions) users[ext.sipUsername] = ext.sipPassword;
  }
  kamailio = await startKamailio(netns, { port: SIP_PORT, domain: 'acme.pbx.test', users });
  await netns.forward(Number(new URL(server.url).port));
  browser = await launchChromium(softphone.WEBRTC_FLAGS, netns.chromium);
});

test.after(async () => {
  // Each step on its own: one failing must not leave the others running.
  for (const step of [() => browser?.close(), () => kamailio?.stop(), () => netns?.close(), () => server?.close()]) {
    await step()?.catch((err: unknown) => console.error('teardown:', err));
  }
});

interface Agent {
  page: Page;
  /** SIP messages this page received over its WebSocket to Kamailio. */
  sipIn: string[];
}

/** A signed-in agent with the softphone panel open (not yet registered). */
async function agent(email: string): Promise<Agent> {
  const sipIn: string[] = [];
  const page = await softphonePage(browser, server.url, email, (p) =>
    p.on('websocket', (ws) => {
      if (ws.url().includes(`:${SIP_PORT}`)) ws.on('framereceived', (f) => sipIn.push(String(f.payload)));
    }),
  );
  return { page, sipIn };
}

const status = (a: Agent) => softphoneStatus(a.page);

async function registered(a: Agent, extension: string) {
  await a.page.waitForFunction((ext) => (document.querySelector('#sp-extension') as HTMLInputElement | null)?.value === ext, extension, { timeout: T });
  await a.page.getByRole('button', { name: 'Save' }).click();
  await a.page.locator('[data-testid="softphone-status"][data-state="registered"]').waitFor({ timeout: T });
  assert.match(await status(a).innerText(), new RegExp(`Registered as ${extension}`));
}

const callStatus = (a: Agent, s: string) => softphone.callStatus(a.page, s);
const noCall = (a: Agent) => softphone.noCall(a.page);
const dial = (a: Agent, number: string) => softphone.dial(a.page, number);
const rtp = (a: Agent) => softphone.rtp(a.page);
const delta = (a: Agent, ms: number) => softphone.delta(a.page, ms);

let A: Agent;
let B: Agent;
let C: Agent;

test('agents register (green); a wrong password is red with the reason', async () => {
  [A, B, C] = await Promise.all([agent('agent@acme.test'), agent('agent2@acme.test'), agent('agent3@acme.test')]);
  assert.is(await status(A).getAttribute('data-state'), 'unregistered', 'grey until saved');
  await Promise.all([registered(A, '1001'), registered(B, '1002')]);

  await C.page.waitForFunction(() => (document.querySelector('#sp-extension') as HTMLInputElement | null)?.value === '1003', null, { timeout: T });
  await C.page.getByLabel('SIP password').fill('not-the-password');
  await C.page.getByRole('button', { name: 'Save' }).click();
  await C.page.locator('[data-testid="softphone-status"][data-state="failed"]').waitFor({ timeout: T });
  assert.match(await C.page.getByTestId('softphone-reason').innerText(), /wrong SIP password/i);
  assert.is(
    await C.page.evaluate(() => Object.values(localStorage).some((v) => v.includes('not-the-password'))),
    false,
    'the SIP password is not in localStorage',
  );
});

test('B rejects A: the call ends on A with a busy message', async () => {
  await dial(A, '1002');
  await callStatus(B, 'incoming');
  assert.match(await B.page.getByTestId('softphone-peer').innerText(), /1001/);
  await B.page.getByRole('button', { name: 'Reject' }).click();
  await noCall(A);
  assert.match(await A.page.getByTestId('softphone-notice').innerText(), /busy|declined/i);
  await noCall(B);
});

test('A calls B, B answers: timers run, audio flows both ways on loopback only', async () => {
  await dial(A, '1002');
  await callStatus(B, 'incoming');
  await B.page.getByRole('button', { name: 'Answer' }).click();
  await Promise.all([A, B].map((x) => x.page.getByTestId('softphone-timer').waitFor({ timeout: T })));
  for (const x of [A, B]) await waitFor(async () => (await rtp(x)).bytesIn > 0, T, 'RTP bytes received');
  for (const x of [A, B]) {
    const { addresses } = await rtp(x);
    assert.ok(addresses.length > 0, 'candidates were gathered');
    for (const address of addresses) assert.ok(address === '127.0.0.1' || address === '::1', `candidate on ${address}`);
  }
});

test('mute silences A at B; hold stops B sending to A; DTMF reaches B', async () => {
  assert.ok((await delta(B, 2_000)).energy > 0, 'B hears A before mute');
  await A.page.getByRole('button', { name: 'Mute' }).click();
  await A.page.getByRole('button', { name: 'Unmute' }).waitFor({ timeout: T });
  // Audio already in B's jitter buffer still plays out after the click, longer
  // on a busy machine: wait for a whole silent second rather than a fixed pause.
  await waitFor(async () => (await delta(B, 1_000)).energy < 1e-6, T, 'B to hear nothing while A is muted');
  await A.page.getByRole('button', { name: 'Unmute' }).click();
  await waitFor(async () => (await delta(B, 1_000)).energy > 0, T, 'B hears A again');

  assert.ok((await delta(A, 1_000)).packets > 0, 'A receives from B before hold');
  await A.page.getByRole('button', { name: 'Hold' }).click();
  await A.page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: T });
  await waitFor(async () => (await delta(A, 1_000)).packets === 0, T, 'B to stop sending while held');
  await A.page.getByRole('button', { name: 'Resume' }).click();
  await waitFor(async () => (await delta(A, 1_000)).packets > 0, T, 'B to send again after resume');

  await A.page.getByRole('button', { name: 'Keypad' }).click();
  await A.page.getByRole('group', { name: 'Send tones' }).getByRole('button', { name: '5', exact: true }).click();
  await A.page.getByRole('group', { name: 'Send tones' }).getByRole('button', { name: '#', exact: true }).click();
  await waitFor(() => B.sipIn.some((m) => m.startsWith('INFO ') && /Signal=5/.test(m)), T, 'B to get INFO Signal=5');
  await waitFor(() => B.sipIn.some((m) => m.startsWith('INFO ') && /Signal=#/.test(m)), T, 'B to get INFO Signal=#');
  assert.match(await A.page.getByTestId('softphone-tones').innerText(), /5#/);
});

test('A moves between pages during the call: no reload, the call stays up', async () => {
  await A.page.evaluate(() => Object.assign(window, { __samePage: true }));
  for (const path of ['/account', '/pbx/feature-codes', '/']) {
    await A.page.evaluate((p) => {
      const link = document.querySelector<HTMLAnchorElement>(`nav a[href="${p}"]`);
      if (!link) throw new Error(`no menu link to ${p}`);
      link.click();
    }, path);
    await A.page.waitForURL((url) => url.pathname === path, { timeout: T });
  }
  assert.ok(await A.page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage), 'no reload');
  await callStatus(A, 'connected');
  assert.ok((await delta(A, 1_000)).bytes > 0, 'audio still flows');
});

test('A transfers B blind to C: A is free, C rings with B calling', async () => {
  assert.is(await C.page.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected'), 'true', 'a failure keeps the settings in view');
  await C.page.getByRole('button', { name: 'Fill from My Account' }).click();
  await registered(C, '1003');

  await A.page.getByRole('button', { name: 'Transfer' }).click();
  await A.page.getByLabel('Transfer to extension').fill('1003');
  await A.page.getByLabel('Transfer to extension').press('Enter');
  await noCall(A);
  assert.match(await A.page.getByTestId('softphone-notice').innerText(), /Transferred to 1003/);
  await callStatus(C, 'incoming');
  assert.match(await C.page.getByTestId('softphone-peer').innerText(), /1002/);
  await C.page.getByRole('button', { name: 'Answer' }).click();
  await callStatus(B, 'connected');
  await waitFor(async () => (await delta(C, 1_000)).bytes > 0, T, 'C to hear B');
  await B.page.getByRole('button', { name: 'Hang up' }).click();
  await Promise.all([noCall(B), noCall(C)]);
});

test.run();
