// In Chromium: the demo agent signs in, the dashboard shows live figures, and
// a device registering at the PBX changes the count with no reload.
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signInThroughForm } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { DEMO_PASSWORD } from '../helpers/server.ts';

const suite = browserSuite(test);

const figure = async (page: Page, id: string) =>
  Number((await page.getByTestId(id).innerText()).match(/\d+/)?.[0]);

test('the agent signs in and sees a device register live, with no reload', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  try {
    await signInThroughForm(page, suite.server.url, 'agent@acme.test', DEMO_PASSWORD);
    await page.getByTestId('figure-devices').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 10_000 });
    const before = await figure(page, 'figure-devices');
    let navigations = 0;
    page.on('framenavigated', () => navigations++);

    suite.server.simulator.register({ user: '1002', domain: 'acme.pbx.test', userAgent: 'Yealink T46U' });
    suite.server.simulator.register({ user: '1001', domain: 'acme.pbx.test', userAgent: 'Switchboard softphone' });
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="figure-devices"]')?.textContent?.match(/\d+/)?.[0]) === n,
      before + 2,
      { timeout: 10_000 },
    );
    assert.is(navigations, 0, 'no reload');
    await page.getByText('Registered', { exact: true }).first().waitFor({ timeout: 5_000 });
    assert.match(await page.locator('header').innerText(), /\$125\.50/);
    await page.screenshot({ path: 'docs/dashboard.png' });

    // Another page shows no counters, so the tab stops receiving them; back on the Dashboard they are
    // asked for again and shown as they are now, never as they were when the page was left.
    let loads = 0;
    page.on('load', () => loads++);
    const menu = page.getByRole('navigation', { name: 'Main menu' });
    await menu.getByRole('link', { name: 'Follow Me' }).click();
    await page.getByTestId('figure-devices').waitFor({ state: 'detached', timeout: 5_000 });
    suite.server.simulator.register({ user: '1003', domain: 'acme.pbx.test', userAgent: 'Yealink T46U' });
    await page.waitForTimeout(300);
    await menu.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByTestId('figure-devices').waitFor({ timeout: 10_000 });
    assert.is(await figure(page, 'figure-devices'), before + 3, 'the count of now, from the snapshot the page asked for');
    assert.is(loads, 0, 'moved within the app, no page load');
  } finally {
    await context.close();
  }
});

test('a locked account sees the locked message', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  try {
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${suite.server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'agent2@acme.test', password: 'wrong password' }),
      });
      assert.is(res.status, i < 4 ? 401 : 423, 'the fifth wrong password locks the account');
    }
    await signInThroughForm(page, suite.server.url, 'agent2@acme.test', DEMO_PASSWORD);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 5_000 });
    assert.match(await alert.innerText(), /locked/i);
    assert.ok(page.url().includes('sign-in'));
  } finally {
    await context.close();
  }
});

test.run();
