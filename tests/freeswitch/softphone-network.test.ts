// The softphone's connection lifecycle against the real FreeSWITCH: one
// registration per user however many tabs are open (Web Locks), "Use it
// here" moving it, a closed tab handing it on; and a network outage in the
// middle of a call — the namespace's only link down, then up — after which
// the softphone registers again and restarts ICE by itself, and audio flows
// both ways on the same call. Chromium and FreeSWITCH share a loopback-only
// network namespace (tests/sip/netns.ts), as in softphone.test.ts.
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { axeViolations, describeFindings } from '../helpers/axe.ts';
import * as softphone from '../helpers/softphone-page.ts';
import { softphonePage, T } from '../helpers/softphone-page.ts';
import { sleep, waitFor } from '../helpers/wait.ts';
import { DOMAIN, softphoneSuite } from './harness/softphone-suite.ts';

/** How long the network stays down: past Chromium's ICE consent timeout, so the media path really breaks. */
const OUTAGE_MS = 8_000;

const { stack, browser, netns, register, rows } = softphoneSuite(test);

/** The namespace's one link (every socket of FreeSWITCH and Chromium is on it). */
const link = (state: 'up' | 'down') => execFileSync('ip', ['netns', 'exec', netns.name, 'ip', 'link', 'set', 'lo', state], { timeout: 5_000 });

/** sofia's own registrations of an extension (its sip_registrations table): one Call-ID each. */
async function registrationsOf(extension: string): Promise<string[]> {
  const text = await stack.fs.api('sofia status profile internal reg');
  return text
    .split(/\n(?=Call-ID:)/)
    .filter((block) => new RegExp(`^User:\\s+${extension}@`, 'm').test(block))
    .map((block) => /^Call-ID:\s+(\S+)/m.exec(block)?.[1] ?? '?');
}

/** Samples the registrations while `during` runs (and a second after): how many FreeSWITCH held, when (ms from the start). */
async function sampleRegistrations(extension: string, during: () => Promise<void>): Promise<{ most: number; msAbove1: number }> {
  const samples: { at: number; n: number }[] = [];
  let running = true;
  const t0 = Date.now();
  const sampler = (async () => {
    while (running) {
      samples.push({ at: Date.now() - t0, n: (await registrationsOf(extension)).length });
      await sleep(50);
    }
  })();
  try {
    await during();
    await sleep(1_000); // a late second registration would show up here
  } finally {
    running = false;
    await sampler;
  }
  const above = samples.filter((s) => s.n > 1).map((s) => s.at);
  return { most: Math.max(0, ...samples.map((s) => s.n)), msAbove1: above.length ? above.at(-1)! - above[0]! + 50 : 0 };
}

const registered = (page: Page) => page.locator('[data-testid="softphone-status"][data-state="registered"]').waitFor({ timeout: T });
const otherTab = (page: Page) => page.getByTestId('softphone-other-tab');

/** A second tab of the same signed-in browser, with the softphone panel open. */
async function secondTab(first: Page): Promise<Page> {
  const page = await first.context().newPage();
  await page.goto(stack.url);
  await page.getByTestId('softphone-button').click({ timeout: T });
  await page.getByTestId('softphone').waitFor({ timeout: T });
  return page;
}

/** Everything the page says to screen readers from now on. */
async function listen(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const said: string[] = [];
    Object.assign(window, { __said: said });
    new MutationObserver((changes) => {
      for (const c of changes) for (const n of c.addedNodes) if (n instanceof HTMLElement && n.closest('[aria-live]')) said.push(n.textContent ?? '');
    }).observe(document.body, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { __said: string[] }).__said.slice());
}

let tab1: Page;
let tab2: Page;
/** Another agent (1002), in a browser context of their own. */
let callee: Page;

test('two tabs of one agent: the first registers, the second says so and does not register', async () => {
  tab1 = await softphonePage(browser, stack.url, 'agent@acme.test');
  await register(tab1, '1001');
  const first = await waitFor(async () => {
    const regs = await registrationsOf('1001');
    return regs.length === 1 ? regs : undefined;
  }, T, 'FreeSWITCH to list 1001', 200);
  // The second tab finds the saved settings and would register by itself, as any tab does: the lock says no.
  const { most } = await sampleRegistrations('1001', async () => {
    tab2 = await secondTab(tab1);
    await otherTab(tab2).waitFor({ timeout: T });
  });
  assert.is(most, 1, 'one registration at the PBX');
  assert.match(await otherTab(tab2).innerText(), /Softphone active in another tab as 1001\./);
  assert.is(await tab2.getByTestId('softphone-status').getAttribute('data-state'), 'unregistered');
  assert.equal(await registrationsOf('1001'), first, 'still the first tab\'s');
  assert.is(await otherTab(tab1).count(), 0, 'the first tab has no notice');
  const found = await axeViolations(tab2);
  assert.is(found.length, 0, describeFindings('second tab', found));
  // Dialling from the tab without the phone says why, instead of failing silently.
  await softphone.dial(tab2, '1002');
  assert.match(await tab2.getByRole('alert').innerText(), /active in another tab: press Use it here first/);
  assert.is(await tab2.getByTestId('softphone-call').count(), 0);
});

test('"Use it here" moves it: the old tab unregisters first, then the new one registers — never two', async () => {
  const before = await registrationsOf('1001');
  const { most } = await sampleRegistrations('1001', async () => {
    await tab2.getByRole('button', { name: 'Use it here' }).click();
    await registered(tab2);
    await otherTab(tab1).waitFor({ timeout: T });
  });
  assert.is(most, 1, 'one registration at the PBX throughout');
  const after = await waitFor(async () => {
    const regs = await registrationsOf('1001');
    return regs.length === 1 && regs[0] !== before[0] ? regs : undefined;
  }, T, 'the second tab\'s registration', 200);
  assert.is(after.length, 1);
  assert.is(await tab1.getByTestId('softphone-status').getAttribute('data-state'), 'unregistered');
  assert.is(await otherTab(tab2).count(), 0);
  // A call to 1001 rings in the tab that has the phone, and only there.
  callee = await softphonePage(browser, stack.url, 'agent2@acme.test');
  await register(callee, '1002');
  await softphone.dial(callee, '1001');
  await softphone.callStatus(tab2, 'incoming');
  await sleep(1_000);
  assert.is(await tab1.getByTestId('softphone-call').count(), 0, 'the other tab does not ring');
  assert.match(await otherTab(tab1).innerText(), /as 1001, on a call\./, 'it says the phone there has a call');
  assert.ok(await tab1.getByRole('button', { name: 'Use it here (ends that call)' }).isVisible());
  await callee.getByRole('button', { name: 'Hang up' }).click();
  await softphone.noCall(tab2);
  await softphone.noCall(callee);
});

test('closing the tab that has it: the other tab takes over by itself; FreeSWITCH drops the closed one at its socket close', async () => {
  const before = await registrationsOf('1001');
  const { most, msAbove1 } = await sampleRegistrations('1001', async () => {
    await tab2.close();
    await registered(tab1);
  });
  // The closed tab cannot unregister (an un-REGISTER is challenged, and the page is gone before it could answer):
  // FreeSWITCH deletes its registration when the WebSocket closes (sofia.c, nua_i_media_error: "SOCKET DISCONNECT"),
  // through its SQL queue, which may land just after the new tab's REGISTER. A dead contact, never a second ringing tab.
  console.log(`    closed tab: at most ${most} registrations, more than one for ~${msAbove1} ms`);
  assert.ok(msAbove1 <= 1_000, `the closed tab's registration gone within a second (${msAbove1} ms)`);
  await waitFor(async () => {
    const regs = await registrationsOf('1001');
    return regs.length === 1 && regs[0] !== before[0];
  }, T, 'the first tab\'s registration, and no other', 200);
  assert.is(await otherTab(tab1).count(), 0);
});

test('network down mid-call, then up: the softphones register again, restart ICE, and the same call has audio both ways', async () => {
  await softphone.dial(callee, '1001');
  await softphone.callStatus(tab1, 'incoming');
  await tab1.getByRole('button', { name: 'Answer' }).click();
  for (const p of [tab1, callee]) await softphone.callStatus(p, 'connected');
  for (const p of [tab1, callee]) await waitFor(async () => (await softphone.delta(p, 1_000)).energy > 0, T, 'audio before the outage');
  const legs = (await rows<{ uuid: string }>('channels')).map((r) => r.uuid).sort();
  assert.is(legs?.length, 2);
  const said = await listen(tab1);
  const reactivations = () => stack.fs.log().match(/RE-Activating audio ICE/g)?.length ?? 0;
  const reactivatedBefore = reactivations();

  const downAt = Date.now();
  link('down');
  try {
    await tab1.locator('[data-testid="softphone-connection"][data-trouble="true"]').waitFor({ timeout: OUTAGE_MS + T });
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
  } finally {
    link('up');
  }
  const upAt = Date.now();
  // Back by themselves: registered again, and the call's audio.
  await waitFor(async () => (await registrationsOf('1001')).length === 1 && (await registrationsOf('1002')).length === 1, 45_000, 'both registered again', 250);
  await registered(tab1);
  for (const p of [tab1, callee]) await waitFor(async () => (await softphone.delta(p, 1_000)).energy > 0, 45_000, 'audio after the outage');
  const recovered = Date.now() - upAt;
  await tab1.locator('[data-testid="softphone-connection"][data-trouble="false"]').waitFor({ timeout: T });
  const found = await axeViolations(tab1);
  assert.is(found.length, 0, describeFindings('after the outage', found));
  // The old WebSocket's close reached FreeSWITCH after the link came back; its "socket-disconnection" unregistration
  // is keyed by the same Call-ID JsSIP re-registers with: the core's list (what Switchboard resyncs from) must still have both.
  const core = await stack.fs.api('show registrations');
  for (const ext of ['1001', '1002']) assert.match(core, new RegExp(`^${ext},${DOMAIN.replace(/\./g, '\\.')},`, 'm'), `${ext} in show registrations`);
  const words = await said();
  for (const text of ['Connection lost — reconnecting…', 'Reconnected.', 'Call audio restored.']) assert.ok(words.includes(text), `said "${text}" (said: ${words.join(' | ')})`);
  // The very same call at FreeSWITCH, whose legs took new ICE credentials from the re-INVITEs.
  const now = await rows<{ uuid: string; callstate: string }>('channels');
  assert.equal(now.map((r) => r.uuid).sort(), legs, 'the same two legs');
  for (const r of now) assert.is(r.callstate, 'ACTIVE');
  assert.ok(reactivations() > reactivatedBefore, 'FreeSWITCH re-activated ICE on a restart offer ("RE-Activating audio ICE")');
  console.log(`    recovered ${recovered} ms after the link came back; said: ${words.join(' | ')}`);

  // FreeSWITCH still reaches the softphone in the call's dialog over the new WebSocket: the far end hangs up, the agent's call ends.
  await callee.getByRole('button', { name: 'Hang up' }).click();
  await softphone.noCall(tab1);
  await waitFor(async () => (await rows('channels')).length === 0, T, 'FreeSWITCH to clear both legs', 200);
});

test.run();
