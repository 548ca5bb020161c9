// In Chromium: the administration pages. A tenant admin creates a user and
// then an extension for them, and that user's open pages follow with no
// reload; the service provider's operator creates a tenant with its first
// admin, books credit, suspends and resumes it; a rates CSV with bad lines
// is refused line by line and a good one imported; the New user form works
// with the keyboard alone.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SESSION_END_MESSAGES } from '../../common/socket.ts';
import { signInThroughForm, signInToDashboard } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { waitFor } from '../helpers/wait.ts';

const suite = browserSuite(test);

const LAPTOP = { viewport: { width: 1366, height: 800 } };

async function withContexts(browser: Browser, count: number, run: (...contexts: BrowserContext[]) => Promise<void>): Promise<void> {
  const contexts = await Promise.all(Array.from({ length: count }, () => browser.newContext(LAPTOP)));
  try {
    await run(...contexts);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
}

/** Counts full page loads from now on: a live update must need none. */
function countLoads(page: Page): () => number {
  let loads = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) loads++;
  });
  return () => loads;
}

/** Goes to a page through the menu (a client-side navigation, as a person would). */
async function openFromMenu(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: label, exact: true }).click();
}

test('a new user sees the extension an admin gives them appear on My Account and the dashboard, with no reload', async () => {
  await withContexts(suite.browser, 2, async (adminContext, userContext) => {
    const admin = await adminContext.newPage();
    await signInToDashboard(admin, suite.server.url, 'admin@acme.test');
    await openFromMenu(admin, 'Users');
    await admin.getByRole('button', { name: 'New user' }).click();
    await admin.getByLabel('E-mail').fill('nina@acme.test');
    await admin.getByLabel('Name', { exact: true }).fill('Nina Newbie');
    await admin.getByLabel('Role').selectOption('agent');
    await admin.getByLabel('Set an initial password').check();
    await admin.getByLabel('Initial password', { exact: true }).fill('nina has a long password');
    await admin.getByRole('button', { name: 'Create user' }).click();
    await admin.getByTestId('admin-notice').getByText('Nina Newbie (nina@acme.test) was created.').waitFor({ timeout: 5_000 });
    const row = admin.getByTestId('user-nina@acme.test');
    await row.waitFor({ timeout: 5_000 });
    assert.match(await row.innerText(), /Nina Newbie\s+Agent\s+—\s+Active/);
    assert.is(await admin.getByTestId('shown-once').count(), 0, 'no link when a password was given');
    await admin.getByRole('button', { name: 'Manage Nina Newbie' }).click();
    await admin.getByTestId('user-manage').waitFor();
    await admin.screenshot({ path: 'docs/admin-users.png' });

    // Nina signs in elsewhere and keeps her dashboard and My Account open.
    const dashboard = await userContext.newPage();
    await signInThroughForm(dashboard, suite.server.url, 'nina@acme.test', 'nina has a long password');
    await dashboard.getByTestId('figure-devices').waitFor({ timeout: 10_000 });
    const account = await userContext.newPage();
    await account.goto(`${suite.server.url}/account`);
    await account.getByText('No extension is assigned to you yet.').waitFor({ timeout: 10_000 });
    await dashboard.getByTestId('my-extensions').getByText('No extension is assigned to you yet.').waitFor();
    const extensionsBefore = await dashboard.getByTestId('figure-active-extensions').innerText();
    assert.match(extensionsBefore, /of 12\b/);
    const dashboardLoads = countLoads(dashboard);
    const accountLoads = countLoads(account);
    // The workstation frame (and the softphone in it) must stay the same element, not be built anew.
    await dashboard.evaluate(() => Object.assign(document.querySelector('.app')!, { sameFrame: true }));

    // The admin gives her extension 1013.
    await openFromMenu(admin, 'Extensions');
    await admin.getByTestId('extensions-used').getByText('12 of 20 extensions used.').waitFor({ timeout: 5_000 });
    await admin.getByRole('button', { name: 'New extension' }).click();
    await admin.getByLabel('Number', { exact: true }).fill('1013');
    await admin.getByLabel('Owner', { exact: true }).selectOption({ label: 'Nina Newbie (nina@acme.test)' });
    assert.is(await admin.getByLabel('Caller ID name').inputValue(), 'Nina Newbie', 'named after its owner');
    await admin.getByRole('button', { name: 'Create extension' }).click();
    const secret = admin.getByTestId('shown-once');
    await secret.waitFor({ timeout: 5_000 });
    assert.match(await secret.innerText(), /SIP password of extension 1013[\s\S]*Shown once\./);
    const sipPassword = (await admin.getByTestId('shown-once-value').innerText()).trim();
    assert.match(sipPassword, /^[A-Za-z0-9_-]{20}$/);
    await admin.getByTestId('extensions-used').getByText('13 of 20 extensions used.').waitFor({ timeout: 5_000 });
    assert.match(await admin.getByTestId('extension-1013').innerText(), /1013\s+Nina Newbie\s+Nina Newbie/);

    // Her pages follow by themselves.
    const card = account.getByTestId('account-1013');
    await card.waitFor({ timeout: 10_000 });
    await card.getByRole('button', { name: 'Reveal' }).click();
    assert.is((await card.getByTestId('sip-password').innerText()).trim(), sipPassword, 'the password shown once is the one My Account reveals');
    await dashboard.getByTestId('my-extension-1013').waitFor({ timeout: 10_000 });
    await dashboard.getByTestId('figure-active-extensions').getByText(/of 13\b/).waitFor({ timeout: 10_000 });
    assert.is(await dashboard.locator('[data-testid="registration-light"][data-extension="1013"]').count(), 1, 'the header light follows');
    assert.is(await dashboard.evaluate(() => 'sameFrame' in document.querySelector('.app')!), true, 'the frame was updated in place');
    assert.is(dashboardLoads(), 0, 'the dashboard was not reloaded');
    assert.is(accountLoads(), 0, 'My Account was not reloaded');

    // Once dismissed, the password is gone from the admin's page for good.
    await admin.getByRole('button', { name: 'Done' }).click();
    assert.is(await admin.getByTestId('shown-once').count(), 0);
  });
});

test('the operator creates a tenant with its first admin, books a top-up, suspends and resumes it', async () => {
  await withContexts(suite.browser, 2, async (operatorContext, bossContext) => {
    const operator = await operatorContext.newPage();
    await signInThroughForm(operator, suite.server.url, 'operator@provider.test');
    await operator.getByTestId('operator-tenants').waitFor({ timeout: 10_000 });
    assert.ok(operator.url().endsWith('/operator/tenants'), 'an operator starts at the tenants');
    // A frame that makes sense for someone with no tenant.
    assert.is((await operator.getByTestId('tenant-name').innerText()).trim(), 'Service provider');
    assert.is(await operator.getByTestId('softphone-button').count(), 0);
    assert.is(await operator.getByTestId('header-credit').count(), 0);
    assert.is(await operator.getByTestId('registration-light').count(), 0);
    await operator.getByTestId('connection-status').getByText('Live').waitFor({ timeout: 5_000 });
    const menu = operator.getByRole('navigation', { name: 'Main menu' });
    assert.is(await menu.getByRole('link', { name: 'Dashboard' }).count(), 0);
    assert.is(await menu.getByRole('link', { name: 'Users' }).count(), 0);

    await operator.getByRole('button', { name: 'New tenant' }).click();
    await operator.getByLabel('Name', { exact: true }).fill('Initech');
    await operator.getByLabel('SIP domain').fill('initech.pbx.example.com');
    await operator.getByLabel('Currency').fill('EUR');
    await operator.getByLabel('Package').selectOption('starter');
    assert.is(await operator.getByLabel('Extensions', { exact: true }).inputValue(), '5', 'the package fills the limits');
    await operator.getByLabel("Administrator's e-mail").fill('bill@initech.test');
    await operator.getByLabel("Administrator's name").fill('Bill Lumbergh');
    await operator.getByRole('button', { name: 'Create tenant' }).click();
    await operator.getByTestId('shown-once').waitFor({ timeout: 5_000 });
    const link = (await operator.getByTestId('shown-once-value').innerText()).trim();
    assert.match(link, /\/set-password#token=[A-Za-z0-9_-]{43}$/);
    const row = operator.getByTestId('tenant-initech.pbx.example.com');
    await row.waitFor({ timeout: 5_000 });
    assert.match(await row.innerText(), /Initech\s+initech\.pbx\.example\.com\s+Starter\s+1\s+0 \/ 5\s+€0\.00\s+In service/);
    await operator.screenshot({ path: 'docs/operator-tenants.png' });

    // The first admin sets a password with the link and signs in.
    const boss = await bossContext.newPage();
    await boss.goto(link);
    await boss.getByLabel('New password').fill('initech stapler password');
    await boss.getByLabel('Repeat the password').fill('initech stapler password');
    await boss.getByRole('button', { name: 'Set password' }).click();
    await boss.getByTestId('password-set').waitFor({ timeout: 5_000 });
    assert.not.match(boss.url(), /token=/, 'the spent token left the address bar');
    await boss.getByRole('link', { name: 'Sign in' }).click();
    await boss.getByLabel('E-mail').fill('bill@initech.test');
    await boss.getByLabel('Password').fill('initech stapler password');
    await boss.getByRole('button', { name: 'Sign in' }).click();
    await boss.getByTestId('figure-devices').waitFor({ timeout: 10_000 });
    assert.is((await boss.getByTestId('tenant-name').innerText()).trim(), 'Initech');

    // A top-up, in the ledger and the balance.
    await row.getByRole('link', { name: 'Initech' }).click();
    await operator.getByRole('heading', { name: 'Initech', level: 1 }).waitFor({ timeout: 5_000 });
    await operator.getByLabel('Amount (EUR)').fill('25');
    await operator.getByLabel('Reason').fill('First invoice paid');
    await operator.getByRole('button', { name: 'Book top-up' }).click();
    const ledgerRow = operator.getByTestId('ledger-row').first();
    await ledgerRow.getByText('First invoice paid').waitFor({ timeout: 5_000 });
    assert.match(await ledgerRow.innerText(), /Top-up\s+€25\.00\s+€25\.00\s+operator@provider\.test\s+First invoice paid/);
    await operator.getByTestId('tenant-balance').getByText('€25.00').waitFor({ timeout: 5_000 });
    assert.match(await operator.getByTestId('ledger-sum').innerText(), /€25\.00[\s\S]*equal to the balance/);

    // Suspended: the boss's open page is signed out with the reason's words.
    await operator.getByRole('button', { name: 'Suspend service' }).click();
    const dialog = operator.getByRole('dialog', { name: 'Suspend Initech?' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /signed out[\s\S]*phones are dropped[\s\S]*refused/);
    await dialog.getByRole('button', { name: 'Suspend service' }).click();
    await dialog.getByText('Say why, in a few words.').waitFor();
    await dialog.getByLabel('Reason').fill('Unpaid invoice');
    await dialog.getByRole('button', { name: 'Suspend service' }).click();
    await operator.getByRole('heading', { level: 1 }).locator('..').getByTestId('tenant-status').getByText('Suspended').waitFor({ timeout: 5_000 });
    assert.is(await dialog.isVisible(), false, 'the dialog closed');
    await boss.getByTestId('sign-in-notice').getByText(SESSION_END_MESSAGES.suspended).waitFor({ timeout: 10_000 });

    await operator.getByRole('button', { name: 'Resume service' }).click();
    const resume = operator.getByRole('dialog', { name: 'Resume Initech?' });
    await resume.getByLabel('Reason').fill('Paid after all');
    await resume.getByRole('button', { name: 'Resume service' }).click();
    await operator.getByTestId('admin-notice').getByText('Initech is in service again.').waitFor({ timeout: 5_000 });
    await openFromMenu(operator, 'Tenants');
    await operator.getByTestId('tenant-initech.pbx.example.com').getByText('In service').waitFor({ timeout: 5_000 });
  });
});

test('a rates file with bad lines is refused line by line, and a good one is imported', async () => {
  await withContexts(suite.browser, 1, async (context) => {
    const page = await context.newPage();
    await signInToDashboard(page, suite.server.url, 'admin@acme.test');
    await openFromMenu(page, 'Rates');
    await page.getByTestId('rate-+44').waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page
      .getByLabel('Or paste the CSV')
      .fill(['prefix,per_minute,first_increment,increment', '+33,0.03,60,60', '33,0.03,60,60', '+34,cheap,60,60'].join('\n'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const error = page.getByTestId('rate-import-error');
    await error.waitFor({ timeout: 5_000 });
    const text = await error.innerText();
    assert.match(text, /2 lines are not valid; nothing was imported\./);
    assert.match(text, /Line 3: A prefix is \+ and 1 to 15 digits/);
    assert.match(text, /Line 4: A per-minute rate is like 0\.012/);
    assert.is(await page.getByTestId('rate-+33').count(), 0, 'nothing was imported');

    // A good file, chosen with the file picker.
    const good = ['prefix,per_minute,first_increment,increment', '+33,0.03,60,60', '+44,0.018,6,6', ''].join('\n');
    await page.getByLabel('CSV file').setInputFiles({ name: 'rates.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await waitFor(async () => (await page.getByLabel('Or paste the CSV').inputValue()) === good, 5_000, 'the file read into the form');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('rate-import-result').getByText('Imported: 1 created, 1 updated, 0 removed, 0 unchanged.').waitFor({ timeout: 5_000 });
    assert.is(await error.count(), 0, 'the errors are gone');
    await page.getByTestId('rate-+33').waitFor({ timeout: 5_000 });
    assert.match(await page.getByTestId('rate-+33').innerText(), /\+33\s+0\.03\s+60 s\s+60 s/);
    assert.match(await page.getByTestId('rate-+44').innerText(), /\+44\s+0\.018\s+6 s\s+6 s/);
  });
});

test('the New user form can be reached, filled and sent with the keyboard alone', async () => {
  await withContexts(suite.browser, 1, async (context) => {
    const page = await context.newPage();
    await signInToDashboard(page, suite.server.url, 'admin@acme.test');
    await page.goto(`${suite.server.url}/admin/users`);
    await page.getByTestId('admin-users').waitFor({ timeout: 10_000 });
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    for (let presses = 0; (await focused()) !== 'New user'; presses++) {
      assert.ok(presses < 60, 'New user is reachable with Tab');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.keyboard.type('kim@acme.test'); // the form opens on its first field
    await page.keyboard.press('Tab');
    await page.keyboard.type('Kim Keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // Agent → Supervisor
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // a link → an initial password
    await page.keyboard.press('Tab');
    await page.keyboard.type('typed without a mouse');
    await page.keyboard.press('Enter');
    const row = page.getByTestId('user-kim@acme.test');
    await row.waitFor({ timeout: 5_000 });
    assert.match(await row.innerText(), /Kim Keyboard\s+Supervisor/);
    assert.is(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'New user', 'the keyboard is back on New user');

    // The user can sign in with the password typed.
    const cookie = await suite.server.signIn('kim@acme.test', 'typed without a mouse');
    assert.ok(cookie);
  });
});

test('no Content-Security-Policy violation on the pages that check forms with the shared schemas', async () => {
  await withContexts(suite.browser, 1, async (context) => {
    const page = await context.newPage();
    // The browser's own report of each violation, collected in the page from its first script on.
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    await signInToDashboard(page, suite.server.url, 'admin@acme.test');
    for (const [label, ready] of [
      ['Users', 'New user'],
      ['Extensions', 'New extension'],
      ['Queues', 'New queue'],
      ['Send Fax', 'Send fax'],
    ] as const) {
      await openFromMenu(page, label);
      await page.getByRole('button', { name: ready, exact: true }).first().waitFor({ timeout: 10_000 });
    }
    // A check that runs a schema: a fax number with letters in it.
    await page.getByLabel('To', { exact: true }).fill('12ab');
    await page.getByRole('button', { name: 'Send fax', exact: true }).click();
    await page.locator('#fax-to-error').waitFor({ timeout: 5_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), []);
  });
});

test.run();
