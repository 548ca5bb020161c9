// In Chromium, two people at once: an agent on the Agent Queues page and a
// supervisor on the Wallboard. The agent's status buttons go to the PBX and
// come back as FreeSWITCH's event; the wallboard follows with no reload; a
// caller joining a queue shows on the wallboard, and the longest wait counts
// up on screen with no server message. An agent may not see the wallboard.
import type { BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signInThroughForm } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const AGENT = `1001@${ACME}`;

const suite = browserSuite(test);

/** Signs in through the form, then opens `path` (a full load, as typing the address would). */
async function open(context: BrowserContext, email: string, path: string): Promise<Page> {
  const page = await context.newPage();
  await signInThroughForm(page, suite.server.url, email);
  await page.waitForURL((url) => !url.pathname.includes('sign-in'), { timeout: 10_000 });
  await page.goto(`${suite.server.url}${path}`);
  return page;
}

/** Socket.IO frames the page receives: `42[…]` is an event (snapshot, patch…); `2` a ping. */
function countEvents(page: Page) {
  const events: { at: number; name: string }[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString('utf8');
      if (text.startsWith('42')) events.push({ at: Date.now(), name: /^42\["([^"]+)"/.exec(text)?.[1] ?? '?' });
    }),
  );
  return events;
}

const text = (page: Page, selector: string) => page.locator(selector).innerText({ timeout: 5_000 });

/** Waits until the element's text (trimmed) is `expected`; fails with what it last saw. */
async function untilText(page: Page, selector: string, expected: string, what: string) {
  let last = '';
  await waitFor(
    async () => {
      last = ((await page.locator(selector).textContent({ timeout: 1_000 }).catch(() => null)) ?? '').trim();
      return last === expected;
    },
    10_000,
    `${what} to read "${expected}" (last: "${last}")`,
    50,
  );
}

/** "0:07" → 7, "1:02:03" → 3723. */
const seconds = (shown: string) => shown.trim().split(':').reduce((total, part) => total * 60 + Number(part), 0);

const tile = (queue: string, id: string) => `[data-testid="tile-${queue}"] [data-testid="${id}"]`;

test('agent status and a waiting caller reach the supervisor’s wallboard live; the wait counts up on screen', async () => {
  const agentContext = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const supervisorContext = await suite.browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const agent = await open(agentContext, 'agent@acme.test', '/queues');
    const board = await open(supervisorContext, 'supervisor@acme.test', '/wallboard');
    const boardEvents = countEvents(board);
    // countEvents sees sockets opened after it: reload once so the board's socket is counted from its snapshot.
    await board.reload();
    const confirmed = agent.getByTestId('agent-status-confirmed');
    await confirmed.waitFor({ timeout: 10_000 });
    await board.getByTestId('tile-sales').waitFor({ timeout: 10_000 });
    await waitFor(() => boardEvents.some((e) => e.name === 'snapshot'), 5_000, 'the wallboard snapshot frame');

    let navigations = 0;
    agent.on('framenavigated', () => navigations++);
    board.on('framenavigated', () => navigations++);

    // Everything starts as the PBX has it: 1001 logged out, nobody available or on break in any queue.
    assert.match(await confirmed.innerText(), /^Logged Out/);
    for (const queue of ['sales', 'support', 'billing']) {
      await untilText(board, tile(queue, 'tile-available') + ' dd', '0', `${queue}: available`);
      await untilText(board, tile(queue, 'tile-on-break') + ' dd', '0', `${queue}: on break`);
      await untilText(board, tile(queue, 'tile-waiting'), '0', `${queue}: waiting`);
    }
    assert.equal(
      (await agent.locator('[data-testid^="queue-"] h2').allInnerTexts()).map((t) => t.toLowerCase()).sort(),
      ['billing', 'sales', 'support'],
      "the agent sees their three queues",
    );

    const statusGroup = agent.getByRole('group', { name: 'Set my status' });
    await statusGroup.getByRole('button', { name: 'On Break', exact: true }).click();
    await untilText(agent, '[data-testid="agent-status-confirmed"]', 'On Break · Waiting', 'the confirmed status');
    assert.is(suite.server.simulator.callcenter.agents.get(AGENT)?.status, 'On Break', 'the PBX has the agent on break');
    for (const queue of ['sales', 'support', 'billing']) {
      await untilText(board, tile(queue, 'tile-on-break') + ' dd', '1', `${queue}: on break`);
      await untilText(board, tile(queue, 'tile-available') + ' dd', '0', `${queue}: available`);
    }
    assert.is(await statusGroup.getByRole('button', { name: 'On Break', exact: true }).getAttribute('aria-pressed'), 'true');

    await statusGroup.getByRole('button', { name: 'Available', exact: true }).click();
    await untilText(agent, '[data-testid="agent-status-confirmed"]', 'Available · Waiting', 'the confirmed status');
    assert.is(suite.server.simulator.callcenter.agents.get(AGENT)?.status, 'Available');
    for (const queue of ['sales', 'support', 'billing']) {
      await untilText(board, tile(queue, 'tile-available') + ' dd', '1', `${queue}: available`);
      await untilText(board, tile(queue, 'tile-on-break') + ' dd', '0', `${queue}: on break`);
    }
    assert.ok(
      suite.server.simulator.commands.includes(`callcenter_config agent set status ${AGENT} 'On Break'`) &&
        suite.server.simulator.commands.includes(`callcenter_config agent set status ${AGENT} 'Available'`),
      'both changes went to the PBX as callcenter_config commands',
    );

    // The badge shows what the PBX says, not what was pressed: a change made at the PBX shows too.
    suite.server.simulator.callcenter.api(`agent set status ${AGENT} 'On Break'`);
    await untilText(agent, '[data-testid="agent-status-confirmed"]', 'On Break · Waiting', 'a status set at the PBX');
    await untilText(board, tile('billing', 'tile-on-break') + ' dd', '1', 'billing: on break');
    suite.server.simulator.callcenter.api(`agent set status ${AGENT} 'Available'`);
    await untilText(agent, '[data-testid="agent-status-confirmed"]', 'Available · Waiting', 'back to available');

    // A caller joins support; 1001 is the one free agent, so the call rings them and the caller still waits.
    const member = suite.server.simulator.callcenter.join(`support@${ACME}`, { cidName: 'Marc Robinson', cidNumber: '+15145551212' });
    await untilText(board, tile('support', 'tile-waiting'), '1', 'support: waiting');
    await untilText(board, tile('sales', 'tile-waiting'), '0', 'sales: waiting');
    await untilText(agent, '[data-testid="agent-status-confirmed"]', 'Available · Receiving', 'the offer to the agent');
    await agent.locator('[data-testid="queue-support"] [data-testid="queue-member"]', { hasText: '+15145551212' }).waitFor({ timeout: 5_000 });

    // Quiet from here on: the wait counts up in the browser from the caller's joined time.
    await sleep(300);
    const quietFrom = Date.now();
    const first = seconds(await text(board, tile('support', 'tile-longest')));
    await sleep(2_200);
    const second = seconds(await text(board, tile('support', 'tile-longest')));
    const quietTo = Date.now();
    assert.ok(second >= first + 2 && second <= first + 3, `the longest wait counted up on screen (${first} s → ${second} s)`);
    const during = boardEvents.filter((e) => e.at >= quietFrom && e.at <= quietTo);
    assert.equal(during, [], 'no server message while the wait counted up');
    assert.ok(boardEvents.some((e) => e.name === 'patch'), 'the socket frames were counted (patches earlier)');
    await board.screenshot({ path: 'docs/wallboard.png' }); // the README's wallboard picture

    // The agent answers: nobody waits any more, the agent is on a call, the tile says so.
    suite.server.simulator.callcenter.answer(AGENT);
    await untilText(board, tile('support', 'tile-waiting'), '0', 'support: waiting after the answer');
    await untilText(board, tile('support', 'tile-longest'), '0:00', 'support: longest wait after the answer');
    await agent.getByTestId('agent-call').waitFor({ timeout: 5_000 });
    assert.match(await agent.getByTestId('agent-call').innerText(), /\+15145551212/);
    suite.server.simulator.callcenter.hangup(member);
    await agent.getByTestId('agent-call').waitFor({ state: 'detached', timeout: 5_000 });
    await untilText(board, tile('support', 'tile-available') + ' dd', '1', 'support: available after the call');

    assert.is(navigations, 0, 'neither page reloaded or navigated');
    assert.ok(agent.url().endsWith('/queues') && board.url().endsWith('/wallboard'));
  } finally {
    await agentContext.close();
    await supervisorContext.close();
  }
});

test('an agent who opens /wallboard is told it is for supervisors, and sees no queue figures', async () => {
  const context = await suite.browser.newContext();
  try {
    const page = await open(context, 'agent@acme.test', '/wallboard');
    const notice = page.getByTestId('not-permitted');
    await notice.waitFor({ timeout: 10_000 });
    assert.match(await notice.innerText(), /supervisors/i);
    assert.is(await page.getByTestId('wallboard').count(), 0, 'no wallboard');
    assert.is(await page.locator('[data-testid^="tile-"]').count(), 0, 'no tiles');
    assert.ok(new URL(page.url()).pathname === '/wallboard', 'not redirected elsewhere');
    // The nav does not offer the wallboard to an agent.
    assert.is(await page.getByRole('link', { name: 'Wallboard' }).count(), 0);
  } finally {
    await context.close();
  }
});

test.run();
