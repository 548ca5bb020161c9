// A supervisor sets an agent's status from the wallboard and from Agent
// Queues, in Chromium: the row says the order is pending and changes only
// when FreeSWITCH's agent-status-change arrives (the simulator's
// mod_callcenter over TCP); the agent's own page says who set it until the
// agent changes it; a refusal by FreeSWITCH is said in the row.
import type { BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { axeViolations, describeFindings } from '../helpers/axe.ts';
import { signInThroughForm } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { waitFor } from '../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const suite = browserSuite(test);

/** Records every pending badge the page ever shows, however briefly. */
const PENDING_RECORDER = `(() => {
  const seen = [];
  window.__pending = seen;
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('[data-testid="agent-pending"]')) {
      const text = el.textContent ?? '';
      if (!seen.includes(text)) seen.push(text);
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

async function open(email: string, path: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await suite.browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.addInitScript({ content: PENDING_RECORDER });
  const page = await context.newPage();
  await signInThroughForm(page, suite.server.url, email);
  await page.waitForURL((url) => !url.pathname.includes('sign-in'), { timeout: 10_000 });
  await page.goto(`${suite.server.url}${path}`);
  return { context, page };
}

const words = (page: Page, row: string) => page.locator(`${row} [data-testid="agent-status-words"]`).first().innerText({ timeout: 5_000 });

test('from the wallboard: On Break · Lunch for 1002, pending until FreeSWITCH confirms; the agent is told who; their own change forgets it', async () => {
  const board = await open('supervisor@acme.test', '/wallboard');
  const agent = await open('agent2@acme.test', '/queues');
  try {
    const row = '[data-testid="tile-sales"] [data-testid="tile-agent-1002"]';
    await board.page.locator(row).waitFor({ timeout: 10_000 });
    await agent.page.getByTestId('agent-status-confirmed').waitFor({ timeout: 10_000 });
    let navigations = 0;
    for (const p of [board.page, agent.page]) p.on('framenavigated', () => navigations++);

    await board.page.locator(row).getByRole('button', { name: 'Set status of 1002' }).click();
    await board.page.getByLabel('New status for 1002').first().selectOption({ label: 'On Break · Lunch' });
    await board.page.locator(row).getByRole('button', { name: 'Set', exact: true }).click();
    await waitFor(async () => (await words(board.page, row)) === 'On Break · Lunch', 5_000, 'the row shows what FreeSWITCH confirmed');
    assert.is(suite.server.simulator.callcenter.agents.get(`1002@${ACME}`)?.status, 'On Break');
    const pending = await board.page.evaluate(() => (window as unknown as { __pending: string[] }).__pending);
    assert.equal(pending, ['Setting On Break · Lunch… (awaiting FreeSWITCH)'], 'pending between the click and the confirmation');
    await board.page.locator(`${row} [data-testid="agent-pending"]`).waitFor({ state: 'detached', timeout: 5_000 });

    const setBy = agent.page.getByTestId('agent-set-by');
    await setBy.waitFor({ timeout: 5_000 });
    assert.is((await setBy.innerText()).trim(), 'Put On Break · Lunch by Grace Lindqvist');
    const found = await axeViolations(agent.page);
    assert.equal(found, [], describeFindings('Agent Queues with who set the status', found));

    await agent.page.getByRole('group', { name: 'Set my status' }).getByRole('button', { name: 'Available', exact: true }).click();
    await setBy.waitFor({ state: 'detached', timeout: 5_000 });
    assert.is(navigations, 0);
  } finally {
    await board.context.close();
    await agent.context.close();
  }
});

test('from Agent Queues: a refusal by FreeSWITCH is said in the row, and the row keeps what FreeSWITCH has', async () => {
  const sup = await open('supervisor@acme.test', '/queues');
  const sim = suite.server.simulator;
  const name = `1003@${ACME}`;
  try {
    const row = '[data-testid="queue-sales"] [data-testid="agent-1003"]';
    await sup.page.locator(row).waitFor({ timeout: 10_000 });
    const before = await words(sup.page, row);
    const saved = sim.callcenter.agents.get(name)!;
    sim.callcenter.agents.delete(name);
    try {
      await sup.page.locator(row).getByRole('button', { name: 'Set status of 1003' }).click();
      await sup.page.getByLabel('New status for 1003').first().selectOption({ label: 'Logged Out' });
      await sup.page.locator(row).getByRole('button', { name: 'Set', exact: true }).click();
      const error = sup.page.locator(`${row} [data-testid="agent-order-error"]`);
      await error.waitFor({ timeout: 5_000 });
      assert.is((await error.innerText()).trim(), 'Not changed: FreeSWITCH refused the change (Agent not found!).');
      assert.is(await words(sup.page, row), before);
    } finally {
      sim.callcenter.agents.set(name, saved);
    }
    const found = await axeViolations(sup.page);
    assert.equal(found, [], describeFindings('Agent Queues for a supervisor', found));
  } finally {
    await sup.context.close();
  }
});

test.run();
