// Accessibility for a tenant's administrator and the service provider's
// operator: axe-core (0 serious or critical violations) and the Tab key (every
// stop visible) on every page of their menus (client/src/nav.ts), the forms
// those pages open, and a tenant's own page.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { browserSuite } from '../helpers/browser-suite.ts';
import { check, done, settled, signedIn, T, visitAll, type Report } from '../helpers/page-checks.ts';

const suite = browserSuite(test);

test("an admin's whole menu, Administration included", async () => {
  const { context, page, paths } = await signedIn(suite, 'admin@acme.test', 'admin');
  const report: Report = [];
  try {
    assert.ok(paths.includes('/admin/users') && paths.includes('/admin/audit'), 'the admin menu');
    await visitAll(suite, page, paths, report);
    // The forms the pages open.
    await page.goto(suite.server.url + '/admin/users');
    await settled(page, true);
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByLabel('E-mail').waitFor({ timeout: T });
    await check(page, '/admin/users (New user form)', report);
  } finally {
    await context.close();
  }
  done(report);
});

test("the service provider's menu and a tenant's page", async () => {
  const { context, page, paths } = await signedIn(suite, 'operator@provider.test', 'operator');
  const report: Report = [];
  try {
    assert.ok(paths.includes('/operator/tenants') && paths.includes('/operator/audit') && !paths.includes('/'), 'the operator menu');
    await visitAll(suite, page, paths, report);
    await page.goto(suite.server.url + '/operator/tenants');
    await settled(page, true);
    await page.getByRole('link', { name: 'Acme', exact: false }).first().click();
    await page.waitForURL(/\/operator\/tenants\/.+/, { timeout: T });
    await settled(page, true);
    await check(page, '/operator/tenants/:id', report);
  } finally {
    await context.close();
  }
  done(report);
});

test.run();
