// In Chromium, two people at once: an agent on the Agent Queues page and a
// supervisor on the Wallboard. The agent's status buttons go to the PBX and
// come back as FreeSWITCH's event; the wallboard follows with no reload; a
// break's reason and the time in it show on both, counting up; an Available
// agent without a phone is shown as such, not as available; a caller
// joining a queue shows on the wallboard, and the longest wait counts up on
// screen with no server message; after the call the wrap-up counts down
// until "Ready now". An agent may not see the wallboard.
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
    const words = '[data-testid="agent-status-confirmed"] [data-testid="agent-status-words"]';
    const state = '[data-testid="agent-status-confirmed"] .agent-state';
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
    // A break for one of the tenant's reasons: the reason and the time in it, on both screens, counting up.
    await agent.getByLabel('Break reason').selectOption('Lunch');
    await statusGroup.getByRole('button', { name: 'Take a break', exact: true }).click();
    await untilText(agent, words, 'On Break · Lunch', 'the confirmed status and reason');
    await untilText(agent, state, 'Waiting', 'the confirmed state');
    assert.is(suite.server.simulator.callcenter.agents.get(AGENT)?.status, 'On Break', 'the PBX has the agent on break');
    for (const queue of ['sales', 'support', 'billing']) {
      await untilText(board, tile(queue, 'tile-on-break') + ' dd', '1', `${queue}: on break`);
      await untilText(board, tile(queue, 'tile-available') + ' dd', '0', `${queue}: available`);
    }
    const boardAgent = tile('sales', 'tile-agent-1001');
    await untilText(board, `${boardAgent} [data-testid="agent-status-words"]`, 'On Break · Lunch', 'the reason on the wallboard');
    const since1 = seconds(await text(board, `${boardAgent} [data-testid="agent-since"]`));
    await sleep(2_100);
    const since2 = seconds(await text(board, `${boardAgent} [data-testid="agent-since"]`));
    // The page's clock ticks once a second, so each reading may lag by up to a second.
    assert.ok(since2 >= since1 + 1 && since2 <= since1 + 3, `the time on break counts up on the wallboard (${since1} → ${since2})`);
    // The agent's page ticks on its own clock, so it may show a second less than the wallboard for up to a second.
    await waitFor(
      async () => seconds(await text(agent, '[data-testid="agent-status-confirmed"] [data-testid="agent-since"]')) >= 2,
      1_500,
      "the time on break counting up on the agent's own page",
      100,
    );
    assert.is(await statusGroup.getByRole('button', { name: 'Change break', exact: true }).getAttribute('aria-pressed'), 'true');

    // Available, but no phone registered: every screen says so, and the queues do not count the agent as available.
    await statusGroup.getByRole('button', { name: 'Available', exact: true }).click();
    await untilText(agent, words, 'Available — no phone registered', 'no phone on the agent\'s own page');
    await agent.getByTestId('agent-no-phone').waitFor({ timeout: 5_000 });
    await untilText(board, `${boardAgent} [data-testid="agent-status-words"]`, 'Available — no phone registered', 'no phone on the wallboard');
    await untilText(board, tile('sales', 'tile-no-phone') + ' dd', '1', 'sales: no phone');
    await untilText(board, tile('sales', 'tile-available') + ' dd', '0', 'sales: not available without a phone');
    // The agent's phone registers: available for real.
    suite.server.simulator.register({ user: '1001', domain: ACME });
    await untilText(agent, words, 'Available', 'the confirmed status');
    await untilText(agent, state, 'Waiting', 'the confirmed state');
    await agent.getByTestId('agent-no-phone').waitFor({ state: 'detached', timeout: 5_000 });
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
    await untilText(agent, words, 'On Break', 'a status set at the PBX (the Lunch break was over: no reason)');
    await untilText(board, tile('billing', 'tile-on-break') + ' dd', '1', 'billing: on break');
    suite.server.simulator.callcenter.api(`agent set status ${AGENT} 'Available'`);
    await untilText(agent, words, 'Available', 'back to available');

    // A caller joins support; 1001 is the one free agent, so the call rings them and the caller still waits.
    const member = suite.server.simulator.callcenter.join(`support@${ACME}`, { cidName: 'Marc Robinson', cidNumber: '+15145551212' });
    await untilText(board, tile('support', 'tile-waiting'), '1', 'support: waiting');
    await untilText(board, tile('sales', 'tile-waiting'), '0', 'sales: waiting');
    await untilText(agent, state, 'Receiving', 'the offer to the agent');
    await agent.locator('[data-testid="queue-support"] [data-testid="queue-member"]', { hasText: '+15145551212' }).waitFor({ timeout: 5_000 });

    // Quiet from here on: the wait counts up in the browser from the caller's joined time.
    await sleep(300);
    const quietFrom = Date.now();
    const first = seconds(await text(board, tile('support', 'tile-longest')));
    // 2.6 s: two ticks of the one-second clock at least, three at most, with room for a late timer on a busy machine.
    await sleep(2_600);
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
    // The queue's wrap-up (10 s) counts down on both screens; the agent is not available meanwhile.
    await agent.getByTestId('agent-wrap-up-own').waitFor({ timeout: 5_000 });
    await board.locator(`${tile('support', 'tile-agent-1001')} [data-testid="agent-wrap-up"]`).waitFor({ timeout: 5_000 });
    const left = seconds((await text(board, `${tile('support', 'tile-agent-1001')} [data-testid="agent-wrap-up"]`)).replace('Wrap-up', ''));
    assert.ok(left > 5 && left <= 10, `the wrap-up counts down from the agent's 10 s (${left} s left)`);
    await untilText(board, tile('support', 'tile-available') + ' dd', '0', 'support: not available while wrapping up');
    await agent.getByRole('button', { name: 'Ready now' }).click();
    await agent.getByTestId('agent-wrap-up-own').waitFor({ state: 'detached', timeout: 5_000 });
    assert.ok(suite.server.simulator.commands.includes(`callcenter_config agent set wrap_up_time ${AGENT} 0`), 'mod_callcenter was told');
    await untilText(board, tile('support', 'tile-available') + ' dd', '1', 'support: available after "Ready now"');

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
