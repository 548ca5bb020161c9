// In Chromium: a call ends in the simulator → its row appears on the CDR page
// and the header's credit drops, with no reload; the date filter hides and
// shows it; the CSV export downloads the filtered set; the PBX CDR page
// shows FreeSWITCH's detail; the billing quota page counts the minutes.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signInThroughForm } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { sleep } from '../helpers/wait.ts';

const suite = browserSuite(test);

async function signIn(page: Page) {
  await signInThroughForm(page, suite.server.url, 'agent@acme.test');
  await page.getByTestId('header-credit').getByText('$125.50').waitFor({ timeout: 10_000 });
}

test('a call ends: the row appears and the credit drops live; filter, CSV, PBX detail, quota', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1366, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await signIn(page);
    await page.getByRole('link', { name: 'CDR', exact: true }).click();
    await page.getByText('No calls in this date range.').waitFor({ timeout: 10_000 });
    let navigations = 0;
    page.on('framenavigated', () => navigations++);

    const uuid = suite.server.simulator.startCall({ from: '1001', to: '+14155550100', domain: 'acme.pbx.test', codec: 'G722' });
    suite.server.simulator.answer(uuid);
    await sleep(1100);
    suite.server.simulator.hangup(uuid);

    const row = page.locator(`[data-uuid="${uuid}"]`);
    await row.waitFor({ timeout: 10_000 });
    assert.match(await row.innerText(), /\+14155550100[\s\S]*Outbound[\s\S]*Answered[\s\S]*0:0[12]/);
    // 1 s at +1 (0.01/min, 60/60): 125.50 → 125.49.
    await page.getByTestId('header-credit').getByText('$125.49').waitFor({ timeout: 10_000 });
    assert.is(navigations, 0, 'no reload');

    // A custom range in the past hides it; Today brings it back.
    await page.getByTestId('range-custom').click();
    await page.getByTestId('range-from').fill('2020-01-01');
    await page.getByTestId('range-to').fill('2020-01-31');
    await page.getByTestId('range-to').dispatchEvent('change');
    await page.getByText('No calls in this date range.').waitFor({ timeout: 10_000 });
    await page.getByTestId('range-today').click();
    await row.waitFor({ timeout: 10_000 });

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.getByTestId('cdr-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    assert.is(lines.length, 2, 'header and the one call');
    assert.match(lines[1]!, new RegExp(`outbound,Answered,.*\\+14155550100.*${uuid}`));

    await page.getByRole('link', { name: 'PBX CDR' }).click();
    await page.getByRole('columnheader', { name: 'Hangup cause' }).waitFor({ timeout: 10_000 });
    const detail = page.locator(`[data-uuid="${uuid}"]`);
    await detail.waitFor({ timeout: 10_000 });
    assert.match(await detail.innerText(), /G722[\s\S]*NORMAL_CLEARING/);

    await page.getByRole('link', { name: 'Billing Quota' }).click();
    await page.getByTestId('quota-voice').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('quota-voice').innerText(), /1\s*of\s*10,000/);
    await page.screenshot({ path: 'docs/billing-quota.png' });
  } finally {
    await context.close();
  }
});

test.run();
