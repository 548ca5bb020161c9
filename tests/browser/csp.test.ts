// Content-Security-Policy without 'unsafe-inline' (server/http/app.ts), and
// not one violation reported by Chromium on any page: signed out, every page
// of an admin's menu and of the operator's (read from client/src/nav.ts, so a
// new page is checked the day it lands), with the softphone panel open.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BrowserContext } from 'playwright-core';
import { browserSuite } from '../helpers/browser-suite.ts';
import { settled, signedIn, T } from '../helpers/page-checks.ts';

const suite = browserSuite(test);

/** Every violation the browser reports, collected in each page from its first script on. */
const collectViolations = (context: BrowserContext) =>
  context.addInitScript(() => {
    const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
const violations = (page: import('playwright-core').Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

test("the policy allows no inline style or script", async () => {
  const res = await fetch(`${suite.server.url}/sign-in`);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /style-src 'self'/);
  assert.not.match(csp, /unsafe-inline/);
  assert.not.match(csp, /unsafe-eval/);
});

test('signed out: sign-in (and its refusal) and set-password', async () => {
  const context = await suite.browser.newContext();
  await collectViolations(context);
  try {
    const found: string[] = [];
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/sign-in`);
    await page.getByLabel('E-mail').fill('agent@acme.test');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /./ }).first().waitFor({ timeout: T });
    found.push(...(await violations(page)).map((v) => `/sign-in: ${v}`));
    await page.goto(`${suite.server.url}/set-password#token=${'A'.repeat(43)}`);
    await page.locator('h1').waitFor({ timeout: T });
    found.push(...(await violations(page)).map((v) => `/set-password: ${v}`));
    assert.equal(found, []);
  } finally {
    await context.close();
  }
});

for (const [email, role, extra] of [
  ['admin@acme.test', 'admin', ['/pbx/follow-me/new', '/no-such-page']],
  ['operator@provider.test', 'operator', []],
] as const) {
  test(`every page of the ${role}'s menu`, async () => {
    const found: string[] = [];
    const { context, page, paths } = await signedIn(suite, email, role);
    try {
      await collectViolations(context);
      for (const path of [...paths, ...extra]) {
        await page.goto(suite.server.url + path);
        await settled(page, true);
        found.push(...(await violations(page)).map((v) => `${path}: ${v}`));
      }
      if (role === 'admin') {
        await page.getByTestId('softphone-button').click();
        await page.getByTestId('softphone').waitFor({ timeout: T });
        found.push(...(await violations(page)).map((v) => `softphone panel: ${v}`));
      }
      assert.ok(paths.length >= (role === 'admin' ? 10 : 2), `${paths.length} pages`);
      assert.equal(found, []);
    } finally {
      await context.close();
    }
  });
}

test.run();
