// "A desk you can work without looking", with real calls: two agents'
// softphones register over SIP-over-WebSocket with Kamailio (in a network
// namespace with only loopback, as in softphone.test.ts). 1002 calls 1001;
// 1001 works the call with the keyboard alone, gets a desktop notification
// while the tab is in the background, and hears the state changes in the
// page's live regions. Notification, visibility and the audio clock are
// watched by init scripts; nothing of the app is stubbed.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Account } from '../../common/account.ts';
import { SHORTCUTS } from '../../client/src/access/shortcuts.ts';
import { buildClientIfNeeded } from '../../scripts/client-build.ts';
import { axeViolations, describeFindings } from '../helpers/axe.ts';
import { DESK_RECORDER } from '../helpers/desk-recorder.ts';
import { launchChromium } from '../helpers/browser.ts';
import * as softphone from '../helpers/softphone-page.ts';
import { softphonePage, T } from '../helpers/softphone-page.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { startKamailio, type Kamailio } from '../sip/kamailio.ts';
import { createNetns, type Netns } from '../sip/netns.ts';

const SIP_PORT = 5066;
const DOMAIN = 'acme.pbx.test';

let netns: Netns;
let server: TestServer;
let kamailio: Kamailio;
let browser: Browser;
const users: Record<string, string> = {};

test.before(async () => {
  buildClientIfNeeded();
  netns = createNetns();
  server = await startTestServer({ SIP_WSS_URL: `ws://127.0.0.1:${SIP_PORT}` });
  for (const email of ['agent@acme.test', 'agent2@acme.test']) {
    const res = await fetch(`${server.url}/api/account`, { headers: { cookie: await server.signIn(email) } });
    for (const ext of ((await res.json()) as Account).extensions) users[ext.sipUsername] = ext.sipPassword;
  }
  kamailio = await startKamailio(netns, { port: SIP_PORT, domain: DOMAIN, users });
  await netns.forward(Number(new URL(server.url).port));
  browser = await launchChromium(softphone.WEBRTC_FLAGS, netns.chromium);
});

test.after(async () => {
  for (const step of [() => browser?.close(), () => kamailio?.stop(), () => netns?.close(), () => server?.close()]) {
    await step()?.catch((err: unknown) => console.error('teardown:', err));
  }
});

/** The desk's doings, recorded (see desk-recorder.ts). */
async function watchDesk(context: BrowserContext) {
  await context.addInitScript({ content: DESK_RECORDER });
}

interface Said {
  text: string;
  region: string;
}
const said = (page: Page) => page.evaluate(() => (window as unknown as { __said: Said[] }).__said);
/** Waits until a line matching `pattern` was added to the given live region. */
const timesSaid = async (page: Page, pattern: RegExp, region?: string) =>
  (await said(page)).filter((s) => (!region || s.region === region) && pattern.test(s.text)).length;
/** Waits until a line matching `pattern` was added to the region more than `before` times. */
async function heard(page: Page, pattern: RegExp, region: 'announce-polite' | 'announce-assertive' = 'announce-polite', ms = T, before = 0) {
  try {
    await waitFor(async () => (await timesSaid(page, pattern, region)) > before, ms, `"${pattern.source}" in ${region}`, 100);
  } catch (err) {
    throw new Error(`${(err as Error).message}; said so far: ${JSON.stringify(await said(page))}`);
  }
}

async function registered(page: Page, extension: string) {
  await page.waitForFunction((ext) => (document.querySelector('#sp-extension') as HTMLInputElement | null)?.value === ext, extension, { timeout: T });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('[data-testid="softphone-status"][data-state="registered"]').waitFor({ timeout: T });
}

const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '');

async function noSeriousAxe(page: Page, where: string) {
  const found = await axeViolations(page);
  assert.equal(found, [], describeFindings(where, found));
}

/** 1001: the agent working the desk with the keyboard. 1002: the caller. */
let agent: Page;
let caller: Page;

test('the notification question waits for a registered softphone, and is asked once', async () => {
  [agent, caller] = await Promise.all([
    softphonePage(browser, server.url, 'agent@acme.test', undefined, watchDesk),
    softphonePage(browser, server.url, 'agent2@acme.test', undefined, watchDesk),
  ]);
  // Not on page load, not before the phone works.
  assert.is(await agent.evaluate(() => (window as unknown as { __permissionRequests: number }).__permissionRequests), 0, 'no request on load');
  assert.is(await agent.getByTestId('notification-prompt').count(), 0, 'no question before the softphone registers');
  await Promise.all([registered(agent, '1001'), registered(caller, '1002')]);
  await heard(agent, /^Softphone registered as 1001\.$/);

  const prompt = agent.getByTestId('notification-prompt');
  await prompt.waitFor({ timeout: T });
  assert.match(await prompt.innerText(), /Show incoming calls when this tab is in the background\?/);
  // The person will say yes to the browser's own question. (Chromium's grant denies every permission
  // not listed: the microphone stays granted as the fake-media flags had it.)
  await agent.context().grantPermissions(['notifications', 'microphone'], { origin: server.url });
  await prompt.getByRole('button', { name: 'Show notifications' }).click();
  await prompt.waitFor({ state: 'detached', timeout: T });
  assert.is(await agent.evaluate(() => (window as unknown as { __permissionRequests: number }).__permissionRequests), 1, 'asked the browser once, on the click');
  assert.is(await agent.evaluate(() => Notification.permission), 'granted');

  // "Not now" is kept: after a reload the softphone registers again by itself, and does not ask.
  const callerPrompt = caller.getByTestId('notification-prompt');
  await callerPrompt.waitFor({ timeout: T });
  await callerPrompt.getByRole('button', { name: 'Not now' }).click();
  await callerPrompt.waitFor({ state: 'detached', timeout: T });
  await caller.reload();
  await caller.getByTestId('softphone-button').click();
  await caller.locator('[data-testid="softphone-status"][data-state="registered"]').waitFor({ timeout: T });
  await caller.waitForTimeout(300);
  assert.is(await callerPrompt.count(), 0, 'not asked again');
  assert.is(await caller.evaluate(() => (window as unknown as { __permissionRequests: number }).__permissionRequests), 0);
});

type Shown = { title: string; body: string; closed: boolean };
const notifications = () => agent.evaluate(() => (window as unknown as { __notifications: Shown[] }).__notifications);
const setHidden = (hidden: boolean) => agent.evaluate((h) => (window as unknown as { __setHidden: (h: boolean) => void }).__setHidden(h), hidden);
const oscillatorsStarted = () => agent.evaluate(() => (window as unknown as { __audio: { starts: unknown[] } }).__audio.starts.length);

test('a call while the tab is in the background: a notification with the caller, the ring on the audio clock, answered with the A key', async () => {
  await setHidden(true);
  await softphone.dial(caller, '1001');
  await softphone.callStatus(agent, 'incoming');

  await waitFor(async () => (await notifications()).length > 0, T, 'a notification');
  const [shown] = await notifications();
  assert.is(shown!.title, 'Incoming call');
  assert.match(shown!.body, /1002/, 'the notification names the caller');
  assert.is(shown!.closed, false);
  await heard(agent, /^Incoming call from 1002\. Press A to answer, R to reject\.$/, 'announce-assertive');

  // Ringing in the background: bursts have played, and the pattern is scheduled ahead on the audio clock (no timer needed).
  await waitFor(
    () =>
      agent.evaluate(() => {
        const { starts } = (window as unknown as { __audio: { starts: { when: number; context: BaseAudioContext }[] } }).__audio;
        const ctx = starts[0]?.context;
        return !!ctx && ctx.state === 'running' && starts.some((s) => s.when < ctx.currentTime) && Math.max(...starts.map((s) => s.when)) - ctx.currentTime > 30;
      }),
    T,
    'the ring to play, scheduled a good while ahead',
    100,
  );

  await noSeriousAxe(agent, 'incoming call');
  await agent.keyboard.press('a');
  await Promise.all([softphone.callStatus(agent, 'connected'), softphone.callStatus(caller, 'connected')]);
  assert.ok((await notifications())[0]!.closed, 'the notification closes once the call is answered');
  assert.is((await notifications()).length, 1, 'one notification for one call');
  await heard(agent, /^Call connected with 1002\.$/);
  const oscillators = await oscillatorsStarted();
  await agent.waitForTimeout(400);
  assert.is(await oscillatorsStarted(), oscillators, 'no ring scheduled after the answer');
  await setHidden(false);
});

test('M mutes and unmutes, H holds and resumes, T opens the transfer field (typing there is not a shortcut), E hangs up; each is said', async () => {
  const panel = agent.getByTestId('softphone-call');
  await agent.keyboard.press('m');
  await panel.getByRole('button', { name: 'Unmute' }).waitFor({ timeout: T });
  await heard(agent, /^Microphone muted\.$/);
  await agent.keyboard.press('m');
  await panel.getByRole('button', { name: 'Mute' }).waitFor({ timeout: T });
  await heard(agent, /^Microphone on\.$/);

  await agent.keyboard.press('h');
  await panel.getByRole('button', { name: 'Resume' }).waitFor({ timeout: T });
  await heard(agent, /^Call on hold\.$/);
  await agent.keyboard.press('h');
  await panel.getByRole('button', { name: 'Hold' }).waitFor({ timeout: T });
  await heard(agent, /^Call resumed\.$/);
  await noSeriousAxe(agent, 'connected call');

  await agent.keyboard.press('t');
  await agent.waitForFunction(() => document.activeElement?.id === 'sp-transfer-to', null, { timeout: T });
  await agent.keyboard.type('e');
  assert.is(await agent.getByLabel('Transfer to extension').inputValue(), 'e', 'the E went into the field');
  await agent.waitForTimeout(300);
  assert.is(await panel.getAttribute('data-status'), 'connected', 'typing E in a field does not hang up');

  // Escape leaves the panel (closing it); E then hangs up from anywhere.
  await agent.keyboard.press('Escape');
  await agent.getByTestId('softphone-panel').waitFor({ state: 'hidden', timeout: T });
  assert.is(await focusedName(agent), 'Softphone');
  await agent.keyboard.press('e');
  await Promise.all([softphone.noCall(agent), softphone.noCall(caller)]);
  await heard(agent, /^Call ended\.$/);
});

test('clicking the notification brings the call forward with Answer focused; R rejects; a key with nothing to act on says so', async () => {
  await agent.keyboard.press('r');
  await heard(agent, /^No incoming call to reject\.$/);
  await setHidden(true);
  await softphone.dial(caller, '1001');
  await softphone.callStatus(agent, 'incoming');
  await waitFor(async () => (await notifications()).length === 2, T, 'a second notification');
  await agent.evaluate(() => (window as unknown as { __clickNotification: (i: number) => void }).__clickNotification(1));
  await setHidden(false);
  await agent.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'answer', null, { timeout: T });
  assert.ok(await agent.getByTestId('softphone-panel').isVisible(), 'the softphone is open');
  assert.ok((await notifications())[1]!.closed, 'the clicked notification is closed');

  await agent.keyboard.press('r');
  await Promise.all([softphone.noCall(agent), softphone.noCall(caller)]);
  assert.match(await caller.getByTestId('softphone-notice').innerText(), /busy|declined/i);
  await heard(agent, /^Call rejected\.$/);
});

test('P opens and closes the softphone, S goes to my status, ? shows the shortcut sheet drawn from the key table', async () => {
  // The rejected call had brought the panel up: P puts it away first.
  if (await agent.getByTestId('softphone-panel').isVisible()) await agent.keyboard.press('p');
  await agent.getByTestId('softphone-panel').waitFor({ state: 'hidden', timeout: T });
  await agent.keyboard.press('p');
  await agent.getByTestId('softphone-panel').waitFor({ state: 'visible', timeout: T });
  await agent.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Close softphone', null, { timeout: T });
  await agent.keyboard.press('p');
  await agent.getByTestId('softphone-panel').waitFor({ state: 'hidden', timeout: T });

  await agent.keyboard.press('s');
  await agent.waitForURL((url) => url.pathname === '/queues', { timeout: T });
  await agent.waitForFunction(() => !!document.activeElement?.closest('[data-testid="agent-status"]'), null, { timeout: T });
  const statusButton = await focusedName(agent);

  await agent.keyboard.press('?');
  const sheet = agent.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await sheet.waitFor({ timeout: T });
  const rows = await sheet.locator('.shortcut-row').evaluateAll((els) => els.map((el) => [el.querySelector('kbd')!.textContent, el.querySelector('dd')!.textContent]));
  assert.equal(rows, SHORTCUTS.map((s) => [s.label, s.does]), 'the sheet lists the key table, in its order');
  assert.ok(await agent.evaluate(() => !!document.activeElement?.closest('dialog')), 'the keyboard is in the sheet');
  // Under the sheet, the desk's keys wait: P does not open the softphone.
  await agent.keyboard.press('p');
  assert.ok(await agent.getByTestId('softphone-panel').isHidden());
  await agent.keyboard.press('Escape');
  await sheet.waitFor({ state: 'hidden', timeout: T });
  assert.is(await focusedName(agent), statusButton, 'the focus is back where it was');

  // The single-key shortcuts can be turned off (WCAG 2.1.4), from the sheet; the header button still opens it.
  await agent.keyboard.press('?');
  await sheet.getByLabel('Use single-key shortcuts').uncheck();
  await agent.keyboard.press('Escape');
  await sheet.waitFor({ state: 'hidden', timeout: T });
  await agent.keyboard.press('p');
  await agent.keyboard.press('?');
  await agent.waitForTimeout(300);
  assert.ok(await agent.getByTestId('softphone-panel').isHidden(), 'P does nothing when shortcuts are off');
  assert.ok(await sheet.isHidden(), '? does nothing when shortcuts are off');
  await agent.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await sheet.getByLabel('Use single-key shortcuts').check();
  await sheet.getByRole('button', { name: 'Close' }).click();
  await sheet.waitFor({ state: 'hidden', timeout: T });
  assert.is(await focusedName(agent), 'Keyboard shortcuts', 'back on the header button');
});

test('said to screen readers: my status, the live connection lost and back, the softphone connection lost and back (once each)', async () => {
  // Off the Agent Queues page (whose own status badge speaks for itself), through the menu: no reload.
  await agent.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Dashboard' }).click();
  await agent.waitForURL((url) => url.pathname === '/', { timeout: T });
  server.simulator.callcenter.api(`agent set status 1001@${DOMAIN} 'On Break'`);
  await heard(agent, /^Your status: On Break\.$/);

  // Offline: the browser's "offline" event makes Socket.IO drop its connection, and it cannot come back until online.
  await agent.context().setOffline(true);
  await agent.evaluate(() => window.dispatchEvent(new Event('offline')));
  await heard(agent, /^Live updates lost\. Reconnecting…$/);
  await agent.context().setOffline(false);
  await heard(agent, /^Live updates are back\.$/);

  // (Offline may have cost the SIP connection too: count from here.)
  await agent.locator('[data-testid="softphone-status"][data-state="registered"]').waitFor({ state: 'attached', timeout: 45_000 });
  const lost = await timesSaid(agent, /^Connection lost — reconnecting…$/);
  const back = await timesSaid(agent, /^Reconnected\.$/);
  const failed = await timesSaid(agent, /^Softphone not registered/);
  await kamailio.stop();
  await heard(agent, /^Connection lost — reconnecting…$/, 'announce-polite', T, lost);
  // JsSIP keeps trying (every 2 s, then less often): the loss is said once, and a
  // connection that worked and dropped is being recovered, not said as a failure.
  await agent.waitForTimeout(5_000);
  assert.is(await timesSaid(agent, /^Connection lost/), lost + 1, 'said once');
  assert.is(await timesSaid(agent, /^Softphone not registered/), failed, 'not said as a failure');
  kamailio = await startKamailio(netns, { port: SIP_PORT, domain: DOMAIN, users });
  await heard(agent, /^Reconnected\.$/, 'announce-polite', 45_000, back);
  assert.is(await timesSaid(agent, /^Live updates lost/), 1);
  assert.is(await timesSaid(agent, /^Your status: On Break/), 1);
});

test.run();
