// In Chromium: the demo agent signs in, the dashboard shows live figures, and
// a device registering at the PBX changes the count with no reload.
import type { Browser } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildClientIfNeeded } from '../../scripts/client-build.ts';
import { launchChromium } from '../helpers/browser.ts';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

let server: TestServer;
let browser: Browser;

test.before(async () => {
  buildClientIfNeeded();
  server = await startTestServer();
  await waitFor(() => server.switchboard.pbx.connected, 5000);
  browser = await launchChromium();
});
test.after(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: import('playwright-core').Page, email: string, password: string) {
  await page.goto(server.url);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const figure = async (page: import('playwright-core').Page, id: string) =>
  Number((await page.getByTestId(id).innerText()).match(/\d+/)?.[0]);

test('the agent signs in and sees a device register live, with no reload', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'agent@acme.test', DEMO_PASSWORD);
    await page.getByTestId('figure-devices').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 10_000 });
    const before = await figure(page, 'figure-devices');
    let navigations = 0;
    page.on('framenavigated', () => navigations++);

    server.simulator.register({ user: '1002', domain: 'acme.pbx.test', userAgent: 'Yealink T46U' });
    server.simulator.register({ user: '1001', domain: 'acme.pbx.test', userAgent: 'Switchboard softphone' });
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="figure-devices"]')?.textContent?.match(/\d+/)?.[0]) === n,
      before + 2,
      { timeout: 10_000 },
    );
    assert.is(navigations, 0, 'no reload');
    await page.getByText('Registered', { exact: true }).first().waitFor({ timeout: 5_000 });
    assert.match(await page.locator('header').innerText(), /\$125\.50/);
    await page.screenshot({ path: 'docs/dashboard.png' });
  } finally {
    await context.close();
  }
});

test('a locked account sees the locked message', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'agent2@acme.test', password: 'wrong password' }),
      });
      assert.is(res.status, i < 4 ? 401 : 423, 'the fifth wrong password locks the account');
    }
    await signIn(page, 'agent2@acme.test', DEMO_PASSWORD);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 5_000 });
    assert.match(await alert.innerText(), /locked/i);
    assert.ok(page.url().includes('sign-in'));
  } finally {
    await context.close();
  }
});

test.run();
