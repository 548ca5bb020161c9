// Redis stopped and started under two nodes (reached through a relay the
// test refuses, never the machine's Redis itself): every node stays up while
// calls are recorded and broadcast meanwhile, the tab on the other node hears
// of calls again once Redis is back, and a node shut down while Redis is
// away closes at once. A broadcast made while Redis is away may be lost
// (Redis's pub/sub keeps nothing for a subscriber that is not connected): the
// balances are read again from the database when it is back.
// Before, the first lost connection killed each node (an 'error' event with
// no listener, then the adapter's unhandled PUBLISH and UNSUBSCRIBE
// rejections) and a shutdown waited forever for its QUIT.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tcpProxy, type TcpProxy } from '../../freeswitch/harness/tcp-proxy.ts';
import { follow, type LiveSocket } from '../../helpers/live-client.ts';
import { startNodes } from '../../helpers/nodes.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

let redis: TcpProxy;
let cluster: Awaited<ReturnType<typeof startNodes>>;
const sockets: LiveSocket[] = [];

test.before(async () => {
  redis = await tcpProxy(6379);
  cluster = await startNodes(2, { REDIS_URL: `redis://127.0.0.1:${redis.port}` });
  await waitFor(() => cluster.nodes.every((n) => n.pbx.connected), 10_000, 'both ESL links');
});
test.after(async () => {
  for (const s of sockets) s.close();
  await cluster?.close();
  await redis?.close();
});

const call = () => {
  const uuid = cluster.simulator.startCall({ from: '1001', to: '+14155551000', domain: 'acme.pbx.test' });
  cluster.simulator.answer(uuid);
  return uuid;
};

test('Redis away for 2 s: both nodes live on, calls reach the tab on the other node again, and a node closes without Redis', async () => {
  const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
  const socket = cluster.connect(b, await cluster.signIn(b, 'agent@acme.test'));
  sockets.push(socket);
  const view = follow(socket);
  const told = new Map<string, number>();
  socket.on('cdr', (row) => told.set(row.uuid, (told.get(row.uuid) ?? 0) + 1));
  await waitFor(() => view.snapshots === 1 && view.tenant?.state.pbxConnected, 10_000, "the agent's snapshot on B");
  const before = view.tenant!.state.credit;

  // A link that breaks: each reconnection is accepted and closed at once, so commands under way fail.
  redis.cut('reset');
  // Long enough for both nodes to fail to reconnect a few times.
  await sleep(2000);
  // Calls recorded and broadcast (PUBLISH) while Redis is away.
  const during = [call(), call()];
  await sleep(1100);
  for (const uuid of during) cluster.simulator.hangup(uuid);
  await sleep(1000);
  await redis.restore();

  // The balance each call moved was broadcast while Redis was away: every node reads it again when Redis is back.
  const acme = cluster.tenantId('acme.pbx.test');
  const balance = async () =>
    ((await a.orm.em.fork().getConnection().execute("select credit::text as credit from tenants where domain = 'acme.pbx.test'")) as { credit: string }[])[0]!.credit;
  await waitFor(
    async () => {
      const credit = await balance();
      return cluster.nodes.every((n) => n.live.tenantState(acme)!.figures.credit === credit) && view.tenant?.state.credit === credit;
    },
    5000,
    'every node, and the tab on B, on the balance in the database',
    100,
  );
  assert.is.not(view.tenant!.state.credit, before, 'the calls made while Redis was away were debited');

  // Whichever node records a call from now on, the tab on B hears of it once.
  await waitFor(
    async () => {
      const uuid = call();
      await sleep(100);
      cluster.simulator.hangup(uuid);
      return waitFor(() => told.get(uuid) === 1, 2000, 'the CDR').then(() => true, () => false);
    },
    15_000,
    'a call after Redis came back told to the tab on B',
  );
  assert.ok([...told.values()].every((n) => n === 1), 'each call told once');
  assert.ok(socket.connected, 'the tab on B kept its socket');
  for (const node of [a, b]) assert.is((await fetch(`${node.url}/api/me`)).status, 401, 'each node still answers');

  // Redis stopped: connections refused.
  redis.cut('refuse');
  await sleep(1000);
  const closed = await Promise.race([cluster.stopNode(0).then(() => true), sleep(5000).then(() => false)]);
  assert.ok(closed, 'node A closed within 5 s with Redis away');
  await redis.restore();
});

test.run();
