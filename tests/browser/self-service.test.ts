// In Chromium: DND saved in one tab shows in another with no reload; a
// follow-me with two destinations survives a reload; a bad destination gets
// a clear message.
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signInToDashboard } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

const suite = browserSuite(test);

const signIn = (page: Page, email: string) => signInToDashboard(page, suite.server.url, email);

test('DND saved in one tab shows in the other tab of the same user, with no reload', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1366, height: 800 } });
  try {
    const first = await context.newPage();
    await signIn(first, 'agent@acme.test');
    const second = await context.newPage();
    await second.goto(`${suite.server.url}/account`);
    await first.goto(`${suite.server.url}/account`);
    for (const page of [first, second]) await page.getByLabel('Reject incoming calls (DND)').waitFor({ timeout: 10_000 });
    assert.is(await second.getByLabel('Reject incoming calls (DND)').isChecked(), false);
    let navigations = 0;
    second.on('framenavigated', () => navigations++);

    await first.getByLabel('Reject incoming calls (DND)').check();
    await first.getByRole('button', { name: 'Save' }).first().click();
    await first.getByText('Saved. Incoming calls are rejected.').waitFor({ timeout: 5_000 });

    await second.getByTestId('dnd-state').getByText('Do not disturb: on').waitFor({ timeout: 5_000 });
    assert.is(await second.getByLabel('Reject incoming calls (DND)').isChecked(), true);
    assert.is(navigations, 0, 'no reload');

    // The credentials card: the password stays hidden until revealed.
    assert.not.match(await first.getByTestId('sip-password').innerText(), /[A-Za-z0-9]/);
    await first.getByRole('button', { name: 'Reveal' }).click();
    assert.match(await first.getByTestId('sip-password').innerText(), /^[A-Za-z0-9_-]{16}$/);
    await first.screenshot({ path: 'docs/my-account.png' });
  } finally {
    await context.close();
  }
});

test('a follow-me with two destinations is still there after a reload', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'agent2@acme.test');
    await page.goto(`${suite.server.url}/pbx/follow-me`);
    await page.getByRole('link', { name: 'New Follow Me' }).click();
    await page.getByLabel('Destination 1', { exact: true }).fill('1003');
    await page.getByLabel('Delay (s)').first().fill('0');
    await page.getByLabel('Ring time (s)').first().fill('20');
    await page.getByRole('button', { name: 'Add destination' }).click();
    await page.getByLabel('Destination 2', { exact: true }).fill('+14155550123');
    await page.getByLabel('Delay (s)').nth(1).fill('15');
    await page.getByLabel('Ring time (s)').nth(1).fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('follow-me-1002').waitFor({ timeout: 5_000 });

    await page.reload();
    const row = page.getByTestId('follow-me-1002');
    await row.waitFor({ timeout: 10_000 });
    const text = await row.innerText();
    assert.match(text, /Enabled/);
    assert.match(text, /1003\s+after 0 s, rings 20 s/);
    assert.match(text, /\+14155550123\s+after 15 s, rings 30 s/);
    assert.ok(text.indexOf('1003') < text.indexOf('+14155550123'), 'in ring order');
    await page.screenshot({ path: 'docs/follow-me.png' });
  } finally {
    await context.close();
  }
});

test('a bad destination gets a clear message and nothing is saved', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, 'agent3@acme.test');
    await page.goto(`${suite.server.url}/pbx/follow-me/new`);
    await page.getByLabel('Destination 1', { exact: true }).fill('12ab');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.getByTestId('follow-me-error');
    await error.waitFor({ timeout: 5_000 });
    assert.match(await error.innerText(), /Destination 1: "12ab" is neither an extension .* nor a number in international format/);

    // Well-formed but not an extension of this tenant: the server says so.
    await page.getByLabel('Destination 1', { exact: true }).fill('1999');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Destination 1: there is no extension 1999 in your organisation.').waitFor({ timeout: 5_000 });
    assert.ok(page.url().endsWith('/pbx/follow-me/new'), 'still on the form');
    const list = await fetch(`${suite.server.url}/api/follow-me`, { headers: { cookie: await suite.server.signIn('agent3@acme.test') } });
    assert.equal(((await list.json()) as { followMes: unknown[] }).followMes, []);
  } finally {
    await context.close();
  }
});

test('Feature Codes and My DIDs show their tables', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, 'agent@acme.test');
    await page.goto(`${suite.server.url}/pbx/feature-codes`);
    const codes = await page.getByTestId('feature-codes').innerText();
    assert.match(codes, /\*78\s+Do not disturb on/);
    assert.match(codes, /\*79\s+Do not disturb off/);
    await page.goto(`${suite.server.url}/pbx/dids`);
    const dids = await page.getByTestId('dids').innerText();
    assert.match(dids, /\+14155550110\s+Extension 1001\s+Active/);
    assert.match(dids, /\+14155550111\s+Extension 1001\s+Inactive/);
    assert.not.match(dids, /\+14155550112/);
  } finally {
    await context.close();
  }
});

test.run();
