// Accessibility, signed out and for a tenant's agents and supervisors: axe-core
// (0 serious or critical violations) and the Tab key (every stop visible) on
// every page of their menus (read from client/src/nav.ts, so a new page is
// checked the day it lands), a Follow Me rule, sign-in and set-password, the
// softphone panel, the shortcut sheet, and the phone-sized layout. The
// administration and service-provider pages are in accessibility-admin.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signInThroughForm } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { check, done, settled, signedIn, T, visitAll, walk, type Report } from '../helpers/page-checks.ts';

const suite = browserSuite(test);

test('sign-in and set-password pages (signed out)', async () => {
  const context = await suite.browser.newContext();
  const report: Report = [];
  try {
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/sign-in`);
    await page.getByLabel('E-mail').waitFor({ timeout: T });
    await check(page, '/sign-in', report);
    await walk(page, '/sign-in', report);
    // A wrong password: the error state too.
    await page.getByLabel('E-mail').fill('agent@acme.test');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /./ }).first().waitFor({ timeout: T });
    await check(page, '/sign-in (refused)', report);
    await page.goto(`${suite.server.url}/set-password#token=${'A'.repeat(43)}`);
    await page.locator('h1').waitFor({ timeout: T });
    await check(page, '/set-password (with a link)', report);
    await page.goto(`${suite.server.url}/set-password`);
    await page.locator('h1').waitFor({ timeout: T });
    await check(page, '/set-password (no link)', report);
  } finally {
    await context.close();
  }
  done(report);
});

test("an agent's whole menu, a Follow Me rule, the softphone panel and the shortcut sheet", async () => {
  const { context, page, paths } = await signedIn(suite, 'agent@acme.test', 'agent');
  const report: Report = [];
  try {
    assert.ok(paths.includes('/queues') && !paths.includes('/wallboard'), 'the agent menu');
    await visitAll(suite, page, [...paths, '/pbx/follow-me/new', '/no-such-page'], report);
    await page.goto(suite.server.url + '/');
    await settled(page, true);
    await page.getByTestId('softphone-button').click();
    await page.getByTestId('softphone').waitFor({ timeout: T });
    await page.getByRole('tab', { name: 'Settings' }).waitFor({ timeout: T });
    await check(page, 'softphone panel (settings)', report);
    await page.getByRole('tab', { name: 'Dialer' }).click();
    await check(page, 'softphone panel (dialer)', report);
    const stops = await walk(page, 'with the softphone panel open', report);
    for (const name of ['Softphone', 'Keyboard shortcuts', 'Sign out', 'Close softphone', 'Dialer', 'Call']) {
      if (!stops.some((s) => s.includes(`"${name}"`))) report.push(`softphone panel: "${name}" is not reached with Tab (stops: ${stops.join(', ')})`);
    }
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ timeout: T });
    await check(page, 'shortcut sheet', report);
  } finally {
    await context.close();
  }
  done(report);
});

test('on a phone-sized screen: the menu opens from the keyboard and every stop shows its focus', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(T);
  const report: Report = [];
  try {
    const page = await context.newPage();
    await signInThroughForm(page, suite.server.url, 'agent@acme.test');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: T });
    await settled(page, true);
    await check(page, '/ (phone)', report);
    const closed = await walk(page, '/ (phone)', report);
    assert.ok(!closed.some((s) => s.includes('"Follow Me"')), 'the closed menu takes no Tab stop');
    await page.getByRole('button', { name: 'Menu' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Follow Me' }).waitFor({ state: 'visible', timeout: T });
    await check(page, '/ (phone, menu open)', report);
    const open = await walk(page, '/ (phone, menu open)', report);
    assert.ok(open.some((s) => s.includes('"Follow Me"')), 'the open menu is reached with Tab');
  } finally {
    await context.close();
  }
  done(report);
});

test('the softphone check page in each state: microphone answered, the tone asked about, the PBX probed', async () => {
  const { context, page } = await signedIn(suite, 'agent@acme.test', 'agent');
  const report: Report = [];
  try {
    await page.goto(`${suite.server.url}/softphone/check`);
    await settled(page, true);
    // This Chromium has no fake microphone: the browser answers with a refusal or "no device", either a state to show.
    await page.getByRole('button', { name: 'Test microphone' }).click();
    await page.locator('[data-testid="check-mic-status"]:not([data-state="info"])').waitFor({ timeout: T });
    await page.getByRole('button', { name: 'Play test tone' }).click();
    await page.getByRole('button', { name: 'Yes, I heard it' }).waitFor({ timeout: T });
    await check(page, '/softphone/check (the tone asked about)', report);
    await page.getByRole('button', { name: 'No' }).click();
    await page.locator('[data-testid="check-speaker-status"][data-state="danger"]').waitFor({ timeout: T });
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('[data-testid="check-pbx-status"]:not([data-state="info"])').waitFor({ timeout: 10_000 });
    await check(page, '/softphone/check (answered)', report);
    await walk(page, '/softphone/check (answered)', report);
  } finally {
    await context.close();
  }
  done(report);
});

test("a supervisor's whole menu (the wallboard)", async () => {
  const { context, page, paths } = await signedIn(suite, 'supervisor@acme.test', 'supervisor');
  const report: Report = [];
  try {
    assert.ok(paths.includes('/wallboard'), 'the supervisor menu');
    await visitAll(suite, page, paths, report);
  } finally {
    await context.close();
  }
  done(report);
});

test('the queue reports with figures: charts, tables and the agent view', async () => {
  // A caller answered and one who gave up, so the page has bars, a line and rows to check.
  const cc = suite.server.simulator.callcenter;
  cc.api("agent set status 1002@acme.pbx.test 'Available'");
  const answered = cc.join('sales@acme.pbx.test', { cidName: 'Report One', cidNumber: '+15550000001' });
  cc.answer('1002@acme.pbx.test');
  cc.hangup(answered);
  cc.api("agent set status 1002@acme.pbx.test 'Logged Out'");
  cc.abandon(cc.join('sales@acme.pbx.test', { cidName: 'Report Two', cidNumber: '+15550000002' }));
  const { context, page } = await signedIn(suite, 'supervisor@acme.test', 'supervisor');
  const report: Report = [];
  try {
    await page.goto(`${suite.server.url}/reports/queues`);
    await page.getByTestId('queue-report-table').waitFor({ timeout: T });
    await page.getByRole('img', { name: /Calls per hour/ }).waitFor({ timeout: T });
    await check(page, '/reports/queues (queues, with figures)', report);
    await walk(page, '/reports/queues (queues, with figures)', report);
    await page.getByTestId('report-kind').selectOption('agents');
    await page.getByTestId('agent-report-table').waitFor({ timeout: T });
    await check(page, '/reports/queues (agents)', report);
    await page.getByTestId('report-interval').selectOption('15m');
    await page.getByTestId('report-from').fill('2020-01-01');
    await page.getByRole('alert').filter({ hasText: /at most 3000/ }).waitFor({ timeout: T });
    await check(page, '/reports/queues (a range too long)', report);
  } finally {
    await context.close();
  }
  done(report);
});

test.run();
