// In Chromium: a session the server ends while the page is open sends the
// agent to the sign-in page with the words for its reason, chosen by the
// code the server sent (common/socket.ts SESSION_END_MESSAGES).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SESSION_END_MESSAGES } from '../../common/socket.ts';
import { signInToDashboard } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { restClient } from '../helpers/rest.ts';

const suite = browserSuite(test);

test("an admin's password reset shows the agent its specific message", async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  try {
    await signInToDashboard(page, suite.server.url, 'agent@acme.test');
    // Gone after a reload: proves the page learned it over the live connection.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    const rest = restClient(suite.server.url);
    const admin = await suite.server.signIn('admin@acme.test');
    const users = await rest('GET', '/api/admin/users', admin);
    const agent = (users.body.users as { id: string; email: string }[]).find((u) => u.email === 'agent@acme.test')!;
    const reset = await rest('POST', `/api/admin/users/${agent.id}/reset-password`, admin, { password: 'a brand new password' });
    assert.is(reset.status, 200);
    assert.is(reset.body.sessionsEnded, 1);

    const notice = page.getByTestId('sign-in-notice');
    await notice.waitFor({ timeout: 10_000 });
    assert.is((await notice.innerText()).trim(), SESSION_END_MESSAGES['password-reset']);
    await page.getByLabel('Password').waitFor({ timeout: 5_000 });
    assert.is(await page.getByTestId('figure-devices').count(), 0, 'the dashboard is gone');
    assert.is(await page.evaluate(() => 'sameDocument' in window), true, 'told over the live connection, not by a reload');
  } finally {
    await context.close();
  }
});

test.run();
