// In Chromium, against a whole Switchboard: a supervisor turns on two-step
// sign-in on My Account (the key read off the page into a TOTP computed as an
// authenticator app would), saves the recovery codes, signs out, and signs in
// again with the password and then a code, with the keyboard.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { base32Decode, totp } from '../../server/auth/totp.ts';
import { signInToDashboard } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

const suite = browserSuite(test);

test('turn on two-step sign-in on My Account, then sign in with a code', async () => {
  const context = await suite.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  try {
    await signInToDashboard(page, suite.server.url, 'supervisor@acme.test');
    await page.goto(`${suite.server.url}/account`);
    await page.getByTestId('second-factor-turn-on').click();
    const shownKey = (await page.getByTestId('second-factor-secret').innerText()).replace(/\s/g, '');
    assert.match(shownKey, /^[A-Z2-7]{32}$/);
    const key = base32Decode(shownKey);

    await page.getByLabel('Code from the app').fill(totp(key, Date.now()));
    await page.getByLabel('Code from the app').press('Enter');
    const codes = page.getByTestId('recovery-codes').locator('li');
    await codes.first().waitFor({ timeout: 10_000 });
    assert.is(await codes.count(), 10);
    await page.getByRole('button', { name: 'Copy all' }).click();
    await page.getByText('Copied.').waitFor({ timeout: 5_000 });
    assert.is((await page.evaluate(() => navigator.clipboard.readText())).split('\n').length, 10);
    await page.getByTestId('recovery-codes-done').click();
    await page.getByTestId('second-factor-state').waitFor({ timeout: 5_000 });
    assert.match(await page.getByTestId('second-factor-state').innerText(), /^On since .*10 of 10 recovery codes left\.$/);

    await page.getByTestId('sign-out').click();
    await page.getByLabel('E-mail').fill('supervisor@acme.test');
    await page.getByLabel('Password').fill('switchboard');
    await page.getByLabel('Password').press('Enter');
    const code = page.getByLabel('Code', { exact: true });
    await code.waitFor({ timeout: 10_000 });
    assert.is(await page.evaluate(() => document.activeElement?.id), 'sign-in-code', 'the code field has the keyboard');
    // The enrolment used this step's code: the app's next one is what a person would type next.
    await page.keyboard.type(totp(key, Date.now() + 30_000));
    await page.keyboard.press('Enter');
    await page.getByTestId('figure-devices').waitFor({ timeout: 10_000 });
  } finally {
    await context.close();
  }
});

test.run();
