// The demo's queue traffic, as a supervisor's socket sees it: agents log in
// Available, callers join the seeded queues and are offered to agents; and
// once the demo stops, the simulator's call center goes quiet.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemo, type Demo } from '../../../freeswitch/simulator/index.ts';
import { withLiveView } from '../../helpers/live-client.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

let server: TestServer;
let demo: Demo | undefined;

test.before(async () => {
  server = await startTestServer();
  await waitFor(() => server.switchboard.pbx.connected, 5000, 'the ESL connection');
});
test.after(async () => {
  demo?.stop();
  await server?.close();
});

test('demo traffic keeps the seeded queues busy, and stops when the demo stops', () =>
  withLiveView(server, 'supervisor@acme.test', async (view) => {
    const queues = Object.keys(view.queues).sort();
    assert.equal(queues, ['billing', 'sales', 'support']);
    assert.ok(
      queues.every((q) => view.queues[q]!.state.agents.every((a) => a.status === 'Logged Out') && !view.queues[q]!.state.members.length),
      'quiet before the demo',
    );

    // Callers every ~1.5 s per queue so the test sees traffic quickly; the rest is the demo's own pace.
    demo = startDemo(server.simulator, [{ domain: 'acme.pbx.test', extensions: ['1001', '1002'] }], { queueCallerEveryMs: 1500 });
    const agents = () => new Map(queues.flatMap((q) => view.queues[q]!.state.agents.map((a) => [a.name, a] as const)));
    await waitFor(() => [...agents().values()].some((a) => a.status === 'Available'), 8000, 'an agent logged in Available');
    const callers = new Set<string>();
    const offeredTo = new Set<string>();
    await waitFor(
      () => {
        for (const q of queues) {
          for (const m of view.queues[q]!.state.members) {
            callers.add(m.uuid);
            if (m.agent) offeredTo.add(m.agent);
          }
        }
        return callers.size >= 3 && offeredTo.size >= 1;
      },
      12_000,
      'callers in the queues, offered to agents',
      50,
    );
    // Every agent the demo moved is one the simulator was configured with.
    const configured = new Set(server.simulator.callcenter.agents.keys());
    for (const name of offeredTo) assert.ok(configured.has(name), `${name} is a configured agent`);

    demo.stop();
    await sleep(300);
    const before = view.patches.length;
    const members = server.simulator.callcenter.members.size;
    await sleep(9_000);
    assert.is(server.simulator.callcenter.members.size, members, 'no caller joined or left after the demo stopped');
    const queuePatches = view.patches.slice(before).filter((p) => p.scope.startsWith('queue:'));
    assert.equal(queuePatches, [], 'no queue changes after the demo stopped');
  }),
);

test.run();
