// Queue alerts in Chromium, on two supervisors' wallboards at once and a
// third screen on another page: an admin sets Sales to alert at 2 callers
// waiting and Support at a 3-second wait; callers join through the
// simulator's mod_callcenter. The tile changes (an "Alert" badge and the
// words, not colour alone), the banner names the queue and what crossed,
// one desktop notification per crossing on every screen (permission granted
// in the context, `new Notification` recorded by an init script), the wait
// crosses with time alone, and everything clears when the callers leave —
// with no reload or navigation anywhere. axe checks the alerting wallboard.
import type { BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AdminQueue } from '../../common/admin.ts';
import { axeViolations, describeFindings } from '../helpers/axe.ts';
import { signInThroughForm } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { DESK_RECORDER } from '../helpers/desk-recorder.ts';
import { restClient } from '../helpers/rest.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const suite = browserSuite(test);

interface Screen {
  context: BrowserContext;
  page: Page;
}

async function open(email: string, path: string): Promise<Screen> {
  const context = await suite.browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.grantPermissions(['notifications'], { origin: suite.server.url });
  await context.addInitScript({ content: DESK_RECORDER });
  const page = await context.newPage();
  await signInThroughForm(page, suite.server.url, email);
  await page.waitForURL((url) => !url.pathname.includes('sign-in'), { timeout: 10_000 });
  await page.goto(`${suite.server.url}${path}`);
  return { context, page };
}

interface Note {
  title: string;
  body: string;
  closed: boolean;
}
const notes = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: Note[] }).__notifications);
const banner = (page: Page) => page.getByTestId('queue-alert-banner');

async function setAlerts(name: string, alerts: AdminQueue['alerts']) {
  const rest = restClient(suite.server.url);
  const cookie = await suite.server.signIn('admin@acme.test');
  const { body } = await rest('GET', '/api/admin/queues', cookie);
  const q = (body.queues as AdminQueue[]).find((x) => x.name === name)!;
  const saved = await rest('PUT', `/api/admin/queues/${q.id}`, cookie, {
    name: q.name,
    strategy: q.strategy,
    maxWaitTime: q.maxWaitTime,
    wrapUpTime: q.wrapUpTime,
    tiers: q.tiers.map((t) => ({ userId: t.userId, level: t.level, position: t.position })),
    alerts,
  });
  assert.is(saved.status, 200, JSON.stringify(saved.body));
}

test('an alert crosses and clears on two supervisors\' wallboards and on another page, with one notification per crossing and no reload', async () => {
  const screens = [await open('supervisor@acme.test', '/wallboard'), await open('admin@acme.test', '/wallboard'), await open('supervisor@acme.test', '/')];
  const [grace, hiro, elsewhere] = screens as [Screen, Screen, Screen];
  const boards = [grace.page, hiro.page];
  const pages = screens.map((s) => s.page);
  try {
    for (const board of boards) await board.getByTestId('tile-sales').waitFor({ timeout: 10_000 });
    await elsewhere.page.getByTestId('user').waitFor({ timeout: 10_000 });
    let navigations = 0;
    for (const page of pages) page.on('framenavigated', () => navigations++);

    // The admin's thresholds reach the open screens with the queue's live state.
    await setAlerts('sales', { waitingCallers: 2, longestWaitSeconds: null, serviceLevelPercent: null });
    await setAlerts('support', { waitingCallers: null, longestWaitSeconds: 3, serviceLevelPercent: null });
    const sim = suite.server.simulator;
    const first = sim.callcenter.join(`sales@${ACME}`, { cidName: 'First', cidNumber: '+15145550001' });
    await sleep(500);
    for (const page of pages) assert.is(await banner(page).count(), 0, 'one caller: below the threshold');

    // The second caller's patch crosses it: at once, everywhere.
    const second = sim.callcenter.join(`sales@${ACME}`, { cidName: 'Second', cidNumber: '+15145550002' });
    for (const page of pages) {
      await banner(page).waitFor({ timeout: 5_000 });
      assert.match(await banner(page).innerText(), /Sales: 2 callers waiting \(alert at 2\)/);
    }
    for (const board of boards) {
      const tile = board.getByTestId('tile-sales');
      assert.is(await tile.getAttribute('data-alert'), 'on');
      assert.is((await tile.getByTestId('tile-alert-verdict').textContent())?.trim(), 'Alert');
      assert.match(await tile.getByTestId('tile-alerts').innerText(), /2 callers waiting \(alert at 2\)/);
    }

    // Support's caller crosses its 3-second wait by time alone.
    const waiting = sim.callcenter.join(`support@${ACME}`, { cidName: 'Patient', cidNumber: '+15145550003' });
    for (const page of pages) {
      await page.getByTestId('queue-alert-support-longest-wait').waitFor({ timeout: 6_000 });
      assert.match(await page.getByTestId('queue-alert-support-longest-wait').innerText(), /^Support: a caller waiting 0:0[3-5] \(alert at 0:03\)$/);
    }
    await sleep(2_200); // ticks go by: still one notification per crossing
    for (const page of pages) {
      const made = await notes(page);
      assert.equal(made.map((n) => n.body).sort(), ['Sales: 2 callers waiting (alert at 2)', 'Support: a caller waiting 0:03 (alert at 0:03)'], 'one notification per crossing');
      assert.ok(made.every((n) => n.title === 'Queue alert' && !n.closed));
    }
    const found = await axeViolations(grace.page);
    assert.equal(found, [], describeFindings('the wallboard with alerts', found));

    // The callers leave: the alerts clear, banners go, tiles are back, notifications close.
    for (const uuid of [first, second, waiting]) sim.callcenter.abandon(uuid);
    for (const page of pages) await banner(page).waitFor({ state: 'detached', timeout: 5_000 });
    for (const board of boards) {
      assert.is(await board.getByTestId('tile-sales').getAttribute('data-alert'), null);
      assert.is(await board.getByTestId('tile-support').getAttribute('data-alert'), null);
    }
    for (const page of pages) assert.ok((await notes(page)).every((n) => n.closed), 'the notifications went with the alerts');

    // Crossing again is a new crossing: notified again.
    const again = [0, 1].map((i) => sim.callcenter.join(`sales@${ACME}`, { cidName: `Again ${i}`, cidNumber: `+1514555001${i}` }));
    for (const page of pages) await waitFor(async () => (await notes(page)).length === 3, 5_000, 'a second crossing notified');
    for (const uuid of again) sim.callcenter.abandon(uuid);
    for (const page of pages) await banner(page).waitFor({ state: 'detached', timeout: 5_000 });

    assert.is(navigations, 0, 'no page reloaded or navigated');
  } finally {
    for (const s of screens) await s.context.close();
    await setAlerts('sales', { waitingCallers: null, longestWaitSeconds: null, serviceLevelPercent: null });
    await setAlerts('support', { waitingCallers: null, longestWaitSeconds: null, serviceLevelPercent: null });
  }
});

test('the alert sound: off until the supervisor turns it on, remembered in this browser; each crossing beeps once', async () => {
  const { context, page } = await open('supervisor@acme.test', '/wallboard');
  try {
    const toggle = page.getByTestId('alert-sound');
    await toggle.waitFor({ timeout: 10_000 });
    assert.is(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    assert.is(await toggle.getAttribute('aria-pressed'), 'true');
    await page.reload();
    await page.getByTestId('tile-sales').waitFor({ timeout: 10_000 });
    assert.is(await page.getByTestId('alert-sound').getAttribute('aria-pressed'), 'true', 'remembered');
    const tones = () => page.evaluate(() => (window as unknown as { __audio: { starts: unknown[] } }).__audio.starts.length);
    // After a reload the browser needs a click before audio plays: the toggle twice gives it one.
    await page.getByTestId('alert-sound').click();
    await page.getByTestId('alert-sound').click();
    const before = await tones();
    await setAlerts('billing', { waitingCallers: 1, longestWaitSeconds: null, serviceLevelPercent: null });
    const uuid = suite.server.simulator.callcenter.join(`billing@${ACME}`, { cidName: 'Beep', cidNumber: '+15145550020' });
    await banner(page).waitFor({ timeout: 5_000 });
    await sleep(1_500);
    assert.is((await tones()) - before, 2, 'one beep (two tones) for the crossing, none per tick');
    suite.server.simulator.callcenter.abandon(uuid);
    await banner(page).waitFor({ state: 'detached', timeout: 5_000 });
  } finally {
    await context.close();
    await setAlerts('billing', { waitingCallers: null, longestWaitSeconds: null, serviceLevelPercent: null });
  }
});

test.run();
