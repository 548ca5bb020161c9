// The Colleagues page in Chromium, over the simulator: a phone registers,
// rings and answers, and the rows follow with no reload; the supervisor
// sees with whom; the search narrows the list; the softphone's panel has
// the same list. (With real FreeSWITCH and real SIP phones, click-to-call
// and "Transfer here": tests/freeswitch/softphone.test.ts.)
import type { BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signInThroughForm } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

const ACME = 'acme.pbx.test';
const suite = browserSuite(test);

/** Each person in a context of their own (a context shares its cookies). */
async function open(email: string, path: string): Promise<Page> {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  await signInThroughForm(page, suite.server.url, email);
  await page.waitForURL((url) => !url.pathname.includes('sign-in'), { timeout: 10_000 });
  await page.goto(`${suite.server.url}${path}`);
  return page;
}

const contexts: BrowserContext[] = [];
test.after.each(async () => {
  for (const c of contexts.splice(0)) await c.close();
});

const row = (page: Page, ext: string, presence: string) => page.locator(`[data-testid="colleague-${ext}"][data-presence="${presence}"]`);

test('a phone registers, rings and answers: the row follows live; the supervisor sees with whom, the agent does not', async () => {
  const [supervisor, agent] = [await open('supervisor@acme.test', '/pbx/colleagues'), await open('agent@acme.test', '/pbx/colleagues')];
  for (const page of [supervisor, agent]) await row(page, '1002', 'offline').waitFor({ timeout: 10_000 });
  assert.match(await supervisor.getByTestId('colleague-1002').innerText(), /Ben Okafor[\s\S]*1002[\s\S]*Offline/);

  const sim = suite.server.simulator;
  sim.register({ user: '1002', domain: ACME });
  for (const page of [supervisor, agent]) await row(page, '1002', 'idle').waitFor({ timeout: 5000 });
  assert.match(await agent.getByTestId('colleague-1002').innerText(), /Available/);
  assert.match(await agent.getByTestId('colleagues-tally').innerText(), /^1 available/);

  const uuid = sim.startCall({ from: '+15145551212', callerIdName: 'Marc Robinson', to: '1002', domain: ACME, direction: 'outbound' });
  await row(supervisor, '1002', 'ringing').waitFor({ timeout: 5000 });
  assert.match(await supervisor.getByTestId('colleague-1002').getByTestId('colleague-peer').innerText(), /with Marc Robinson \(\+15145551212\)/);
  sim.answer(uuid);
  for (const page of [supervisor, agent]) await row(page, '1002', 'talking').waitFor({ timeout: 5000 });
  await supervisor.screenshot({ path: 'docs/colleagues.png' }); // the README's Colleagues picture
  assert.match(await agent.getByTestId('colleague-1002').innerText(), /On a call\s+0:0\d/);
  assert.is(await agent.getByTestId('colleague-peer').count(), 0, 'an agent sees no one\'s caller');
  sim.hangup(uuid);
  await row(supervisor, '1002', 'idle').waitFor({ timeout: 5000 });

  // The search: by name or number, accents aside.
  await supervisor.getByLabel('Search colleagues').fill('chloe');
  await supervisor.getByTestId('colleague-1003').waitFor({ timeout: 5000 });
  assert.is(await supervisor.locator('[data-testid^="colleague-1"]').count(), 1);
  await supervisor.getByLabel('Search colleagues').fill('zzz');
  assert.match(await supervisor.locator('.colleague-list').innerText(), /No colleague matches “zzz”/);

  // Each colleague can be called, but not oneself.
  assert.is(await agent.getByRole('button', { name: 'Call Ben Okafor (1002)' }).count(), 1);
  assert.is(await agent.getByTestId('colleague-1001').getByRole('button').count(), 0);

  // The softphone's panel has the same list, in a tab.
  await agent.getByRole('button', { name: /softphone/i }).first().click();
  await agent.getByRole('tab', { name: 'Colleagues' }).click();
  await agent.getByTestId('softphone-panel').locator('[data-testid="colleague-1002"][data-presence="idle"]').waitFor({ timeout: 5000 });
});

test.run();
