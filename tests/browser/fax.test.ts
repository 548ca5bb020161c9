// In Chromium: the agent sends a real PDF from Send Fax, watches the upload
// progress bar, and sees the fax reach "Sent" on Outbound Fax with no
// reload; a PNG renamed .pdf is refused with a clear message on the page.
import { randomBytes } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signInToDashboard } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { makePdf, uploadFax } from '../helpers/fax.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

const SHOTS = process.env.FAX_SCREENSHOTS ?? '/tmp';

const suite = browserSuite(test, { FAX_POLL_MS: '100' });

const signIn = (page: Page, email: string) => signInToDashboard(page, suite.server.url, email);

/**
 * A two-page contract as a real PDF, made large (about 1.5 MB, with an
 * incompressible attachment ghostscript ignores) so that a throttled upload
 * takes long enough to watch its progress.
 */
async function contractPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= 2; i++) doc.addPage([595, 842]).drawText(`Contract, page ${i}`, { x: 72, y: 700, size: 24, font });
  await doc.attach(randomBytes(1_500_000), 'appendix.bin', { mimeType: 'application/octet-stream' });
  return Buffer.from(await doc.save());
}

const outboundCount = async (cookie: string) =>
  ((await (await fetch(`${suite.server.url}/api/fax/outbound`, { headers: { cookie } })).json()) as { faxes: unknown[] }).faxes.length;

test('a PDF sent from Send Fax shows its upload progress, then reaches Sent on Outbound Fax with no reload', async () => {
  suite.server.simulator.fax.delayMs = 2500; // long enough to see Queued/Sending first
  const context = await suite.browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'agent@acme.test');
    await page.getByRole('link', { name: 'Send Fax' }).first().click();
    await page.getByRole('heading', { name: 'Send Fax' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/fax-send-empty.png` });

    await page.getByLabel('To').fill('+1 555 010 8001');
    await page.getByLabel('Cover page').selectOption({ label: 'Business' });
    await page.getByLabel('PDF document').setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: await contractPdf() });
    await page.getByLabel('Subject').fill('Signed contract');

    // About 1.5 MB at 400 kB/s: several seconds of upload to watch.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
    await page.getByRole('button', { name: 'Send' }).click();
    const bar = page.getByRole('progressbar', { name: 'Upload progress' });
    await bar.waitFor({ timeout: 5_000 });
    // Part-way: the bar moves with the bytes, and says how far in words.
    await page.waitForFunction(
      () => {
        const p = document.querySelector<HTMLProgressElement>('[data-testid="fax-progress"]');
        return p !== null && p.value > 0.05 && p.value < 0.95;
      },
      null,
      { timeout: 15_000, polling: 'raf' },
    );
    assert.match(await page.locator('.fax-progress').innerText(), /Uploading contract\.pdf…\s+\d+%/);
    assert.is(await page.getByRole('button', { name: /Send/ }).isDisabled(), true, 'no second submit mid-upload');
    await page.screenshot({ path: `${SHOTS}/fax-send-uploading.png` });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // Queued: the app moves on to Outbound Fax, where the row is not Sent yet.
    await page.waitForURL(/\/fax\/outbound$/, { timeout: 30_000 });
    const row = page.locator('[data-testid^="fax-row-"]', { hasText: '+15550108001' });
    await row.waitFor({ timeout: 10_000 });
    const status = row.getByTestId('fax-status');
    const first = await status.innerText();
    assert.ok(['Queued', 'Sending'].includes(first), `a fresh fax is Queued or Sending, not ${first}`);
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    await page.evaluate(() => ((window as unknown as { faxTestMark: number }).faxTestMark = 1));

    await row.getByText('Sent', { exact: true }).waitFor({ timeout: 20_000 });
    assert.is(navigations, 0, 'no navigation');
    assert.is(await page.evaluate(() => (window as unknown as { faxTestMark?: number }).faxTestMark), 1, 'the same document: no reload');
    const cells = await row.locator('td').allInnerTexts();
    assert.is(cells[2], '3', 'cover + two pages sent');
    await page.screenshot({ path: `${SHOTS}/fax-outbound-sent.png` });

    // The PDF link downloads what was faxed.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), row.getByRole('link', { name: /PDF/ }).click()]);
    const bytes = await (await import('node:fs/promises')).readFile((await download.path())!);
    assert.is((await PDFDocument.load(bytes)).getPageCount(), 3);
  } finally {
    await context.close();
  }
});

test('a PNG renamed .pdf gets a clear message on the page and queues nothing', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'agent2@acme.test');
    const cookie = await suite.server.signIn('agent2@acme.test');
    const png = await page.screenshot(); // a real PNG
    assert.is(png.subarray(1, 4).toString('latin1'), 'PNG');
    await page.goto(`${suite.server.url}/fax/send`);
    await page.getByRole('heading', { name: 'Send Fax' }).waitFor({ timeout: 10_000 });
    await page.getByLabel('To').fill('+15550108002');
    await page.getByLabel('PDF document').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: png });
    await page.getByRole('button', { name: 'Send' }).click();
    const error = page.getByRole('alert').filter({ hasText: /not a PDF/ });
    await error.waitFor({ timeout: 10_000 });
    assert.match(await error.innerText(), /This file is not a PDF\. Only PDF documents can be faxed\./);
    assert.ok(page.url().endsWith('/fax/send'), 'still on the form');
    assert.is(await page.getByLabel('To').inputValue(), '+15550108002', 'what was typed is kept');
    assert.is(await page.getByRole('button', { name: 'Send' }).isEnabled(), true, 'the form can be sent again');
    await page.screenshot({ path: `${SHOTS}/fax-send-not-pdf.png` });
    assert.is(await outboundCount(cookie), 0, 'nothing queued');

    // A number that is not E.164 is caught before any upload.
    await page.getByLabel('To').fill('0044 20 7946 0958');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Write international numbers with + and the country code').waitFor({ timeout: 5_000 });
    assert.is(await outboundCount(cookie), 0);
  } finally {
    await context.close();
  }
});

test('Outbound Fax never ends on a stale list: a fax that turns Sent while the list is loading shows Sent', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'agent3@acme.test');
    const cookie = await suite.server.signIn('agent3@acme.test');
    suite.server.simulator.fax.delayMs = 800;
    const up = await uploadFax(suite.server.url, cookie, { to: '+15550108003' }, { bytes: await makePdf(1), name: 'race.pdf', type: 'application/pdf' });
    assert.is(up.status, 201, JSON.stringify(up.body));
    const id: string = up.body.fax.id;
    const serverStatus = async () =>
      ((await (await fetch(`${suite.server.url}/api/fax/outbound`, { headers: { cookie } })).json()) as { faxes: { id: string; status: string }[] }).faxes.find((f) => f.id === id)?.status;
    // The page's first GET of the list is answered with what the server said at that moment, but
    // only once the fax is Sent and its live change has reached the page.
    let held: string | undefined;
    await page.route('**/api/fax/outbound', async (route) => {
      if (held !== undefined || route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      const body = (await response.json()) as { faxes: { id: string; status: string }[] };
      held = body.faxes.find((f) => f.id === id)?.status ?? 'missing';
      await waitFor(async () => (await serverStatus()) === 'sent', 20_000, 'Sent on the server');
      await sleep(500);
      await route.fulfill({ response, json: body });
    });
    await page.getByRole('link', { name: 'Outbound Fax' }).first().click();
    const row = page.getByTestId(`fax-row-${id}`);
    await row.waitFor({ timeout: 30_000 });
    assert.ok(held === 'queued' || held === 'sending', `the held list said ${held}`);
    await row.getByText('Sent', { exact: true }).waitFor({ timeout: 5_000 });
    await sleep(300);
    assert.is(await row.getByTestId('fax-status').innerText(), 'Sent', 'and it stays Sent');
  } finally {
    await context.close();
  }
});

test('a fax received on the agent\'s extension appears on Inbound Fax live, downloadable', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'agent@acme.test');
    await page.getByRole('link', { name: 'Inbound Fax' }).first().click();
    await page.getByText('No fax has arrived on your extensions yet.').waitFor({ timeout: 10_000 });
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    await suite.server.simulator.receiveFax({ from: '+442079460958', toExtension: '1001', domain: 'acme.pbx.test', pages: 2 });
    const row = page.locator('[data-testid^="fax-row-"]', { hasText: '+442079460958' });
    await row.waitFor({ timeout: 20_000 });
    const cells = await row.locator('td').allInnerTexts();
    assert.is(cells[2], '1001');
    assert.is(cells[3], '2');
    assert.match(cells[4]!, /Received/);
    assert.is(navigations, 0, 'no navigation');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), row.getByRole('link', { name: /PDF/ }).click()]);
    const bytes = await (await import('node:fs/promises')).readFile((await download.path())!);
    assert.is((await PDFDocument.load(bytes)).getPageCount(), 2);
    await page.screenshot({ path: `${SHOTS}/fax-inbound.png` });
  } finally {
    await context.close();
  }
});

test.run();
