// In Chromium over the PBX simulator: a supervisor on the Wallboard sees
// "Listen" beside an agent on a queue call, reaches it with the keyboard,
// and gets the supervising bar (Listen, Whisper, Barge, Leave) once their
// phone answered; the agent's page says who is listening, then speaking;
// Leave clears both. Both pages stay axe-clean with the bar and the notice
// shown. The audio itself is proven against real FreeSWITCH
// (tests/freeswitch/supervise.test.ts).
import type { BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { axeViolations, describeFindings } from '../helpers/axe.ts';
import { signInThroughForm } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { waitFor } from '../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const AGENT = `1001@${ACME}`;
const suite = browserSuite(test);

async function open(context: BrowserContext, email: string, path: string): Promise<Page> {
  const page = await context.newPage();
  await signInThroughForm(page, suite.server.url, email);
  await page.waitForURL((url) => !url.pathname.includes('sign-in'), { timeout: 10_000 });
  await page.goto(`${suite.server.url}${path}`);
  return page;
}

/** Presses Tab until the element with this test id has the focus. */
async function tabTo(page: Page, testId: string, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId)) return;
  }
  throw new Error(`${testId} is not reached with the Tab key`);
}

async function axeClean(page: Page, where: string) {
  const found = await axeViolations(page);
  assert.equal(found, [], describeFindings(where, found));
}

test('Listen from the wallboard by keyboard: the bar with its modes, the agent told who listens and who speaks, Leave', async () => {
  const sim = suite.server.simulator;
  // Both phones registered: the agent's, and the supervisor's own (1007), which Switchboard rings.
  sim.register({ user: '1001', domain: ACME });
  sim.register({ user: '1007', domain: ACME });
  for (const other of ['1002', '1003']) sim.callcenter.api(`agent set status ${other}@${ACME} 'Logged Out'`);
  sim.callcenter.api(`agent set status ${AGENT} 'Available'`);

  const agentContext = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const supervisorContext = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const agent = await open(agentContext, 'agent@acme.test', '/queues');
    const board = await open(supervisorContext, 'supervisor@acme.test', '/wallboard');
    await board.getByTestId('tile-sales').waitFor({ timeout: 10_000 });
    assert.is(await board.getByTestId('listen-1001').count(), 0, 'no Listen while the agent is not on a call');

    // A caller in sales, answered by 1001: mod_callcenter's events, and the agent's leg FreeSWITCH rang.
    const member = sim.callcenter.join(`sales@${ACME}`, { cidName: 'Dana Scully', cidNumber: '+12025550147' });
    await waitFor(() => sim.callcenter.members.get(member)?.state === 'Trying', 5000, 'the offer to 1001');
    sim.callcenter.answer(AGENT);
    const leg = sim.startCall({ from: '+12025550147', to: '1001', domain: ACME, direction: 'outbound', callerIdName: 'Dana Scully' });
    sim.answer(leg);

    const listen = board.locator('[data-testid="tile-sales"] [data-testid="listen-1001"]');
    await listen.waitFor({ timeout: 10_000 });
    assert.is(await listen.getAttribute('aria-label'), 'Listen to the call of extension 1001');
    await board.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(board, 'listen-1001');
    await board.keyboard.press('Enter');

    const bar = board.getByTestId('supervising-bar');
    await bar.waitFor({ timeout: 10_000 });
    await waitFor(async () => (await bar.getAttribute('data-mode')) === 'listen', 5000, 'the bar to say listen');
    assert.match(await bar.innerText(), /Listening to extension 1001's call/);
    assert.is(await board.getByTestId('supervise-listen').getAttribute('aria-pressed'), 'true');
    assert.is(await board.getByTestId('supervise-whisper').getAttribute('aria-pressed'), 'false');
    assert.ok(sim.commands.some((c) => c.startsWith('originate') && c.includes('user/1007@acme.pbx.test') && c.endsWith(`&eavesdrop(${leg})`)));

    const notice = agent.getByTestId('supervisor-notice');
    await notice.waitFor({ timeout: 10_000 });
    assert.is((await notice.innerText()).trim(), 'Grace Lindqvist is listening to your call.');
    await axeClean(board, 'the wallboard with the supervising bar');
    await axeClean(agent, "the agent's page with the notice");

    // Whisper, by keyboard: the same call, a digit on the supervisor's leg.
    await tabTo(board, 'supervise-whisper');
    await board.keyboard.press('Enter');
    await waitFor(async () => (await notice.getAttribute('data-mode')) === 'whisper', 5000, 'the agent to see whisper');
    assert.match(await notice.innerText(), /Grace Lindqvist is speaking to you; the caller does not hear them\./);
    await waitFor(async () => (await board.getByTestId('supervise-whisper').getAttribute('aria-pressed')) === 'true', 5000, 'Whisper pressed');
    assert.is(sim.commands.filter((c) => c.startsWith('originate')).length, 1, 'the phone did not ring again');

    await board.getByTestId('supervise-barge').click();
    await waitFor(async () => (await notice.getAttribute('data-mode')) === 'barge', 5000, 'the agent to see barge');
    assert.match(await notice.innerText(), /has joined your call; the caller hears them too\./);

    await tabTo(board, 'supervise-leave');
    await board.keyboard.press('Enter');
    await bar.waitFor({ state: 'detached', timeout: 5000 });
    await notice.waitFor({ state: 'detached', timeout: 5000 });
    await listen.waitFor({ timeout: 5000 });
  } finally {
    await agentContext.close();
    await supervisorContext.close();
  }
});

test('Listen from Colleagues: a colleague talking has Listen for a supervisor, not for an agent', async () => {
  const sim = suite.server.simulator;
  sim.register({ user: '1002', domain: ACME });
  const call = sim.startCall({ from: '+12025550199', to: '1002', domain: ACME, direction: 'outbound', callerIdName: 'Fox Mulder' });
  sim.answer(call);
  const supervisorContext = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const agentContext = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await open(supervisorContext, 'supervisor@acme.test', '/pbx/colleagues');
    const listen = page.getByTestId('listen-1002');
    await page.getByTestId('colleague-1002').waitFor({ timeout: 10_000 });
    await listen.waitFor({ timeout: 10_000 });
    assert.is(await listen.getAttribute('aria-label'), 'Listen to the call of Ben Okafor (1002)');
    const agentPage = await open(agentContext, 'agent@acme.test', '/pbx/colleagues');
    await agentPage.getByTestId('colleague-1002').waitFor({ timeout: 10_000 });
    await waitFor(async () => (await agentPage.getByTestId('colleague-1002').getAttribute('data-presence')) === 'talking', 5000, 'the agent to see 1002 talking');
    assert.is(await agentPage.getByTestId('listen-1002').count(), 0, 'an agent gets no Listen');

    await listen.click();
    const bar = page.getByTestId('supervising-bar');
    await waitFor(async () => (await bar.getAttribute('data-mode').catch(() => null)) === 'listen', 10_000, 'the bar to say listen');
    assert.match(await bar.innerText(), /extension 1002's call/);
    await axeClean(page, 'Colleagues with the supervising bar');
    sim.hangup(call);
    await bar.waitFor({ state: 'detached', timeout: 5000 });
  } finally {
    await supervisorContext.close();
    await agentContext.close();
  }
});

test('the audit page shows each mode in words, from when to when', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await open(context, 'admin@acme.test', '/admin/audit');
    const rows = page.getByTestId('audit-row').filter({ hasText: 'supervise.' });
    await waitFor(async () => (await rows.count()) === 4, 10_000, 'four supervision rows');
    // Newest first: the listen from Colleagues, then barge, whisper, listen from the wallboard.
    const text = (await rows.allInnerTexts()).slice(1);
    assert.match(text[2]!, /supervise\.listen[\s\S]*extension 1001[\s\S]*Listened from \d\d:\d\d:\d\d( [AP]M)? to \d\d:\d\d:\d\d( [AP]M)? \(\d+ s\)/);
    assert.match(text[1]!, /supervise\.whisper[\s\S]*Whispered to the agent from/);
    assert.match(text[0]!, /supervise\.barge[\s\S]*Talked with both from/);
    await axeClean(page, 'the audit page with supervision rows');
  } finally {
    await context.close();
  }
});

test.run();
