// Two server nodes on one database and real Redis (the Socket.IO adapter):
// an administrative change made on one node reaches the other node's open
// sockets too — PostgreSQL's NOTIFY tells every node at the change's commit,
// and each node refreshes its own sockets and live state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AdminUser, ExtensionSecret } from '../../../common/admin.ts';
import type { SessionEnd } from '../../../common/socket.ts';
import { follow } from '../../helpers/live-client.ts';
import { startNodes } from '../../helpers/nodes.ts';
import { restClient } from '../../helpers/rest.ts';
import { waitFor } from '../../helpers/wait.ts';

let cluster: Awaited<ReturnType<typeof startNodes>>;

test.before(async () => {
  cluster = await startNodes(2, { REDIS_URL: 'redis://127.0.0.1:6379' });
  await waitFor(() => cluster.nodes.every((n) => n.pbx.connected), 10_000, 'both ESL links');
});
test.after(async () => {
  await cluster?.close();
});

test('a change made on node A: the agent whose tab is on node B gets the extension, both nodes count it, and a disable on A signs them out on B', async () => {
  const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
  const admin = await cluster.signIn(a, 'admin@acme.test');
  const agent = await cluster.signIn(b, 'agent4@acme.test');
  const socket = cluster.connect(b, agent);
  const view = follow(socket);
  let changed = 0;
  const ended: SessionEnd[] = [];
  socket.on('account-changed', () => changed++);
  socket.on('session-ended', (end) => ended.push(end));
  try {
    await waitFor(() => view.snapshots === 1, 5000, "the agent's snapshot on B");
    const users = (await restClient(a.url)('GET', '/api/admin/users', admin)).body.users as AdminUser[];
    const dmitri = users.find((u) => u.email === 'agent4@acme.test')!;
    const made = await restClient(a.url)('POST', '/api/admin/extensions', admin, { number: '1044', ownerId: dmitri.id, callerIdName: 'Dmitri desk 2' });
    assert.is(made.status, 201);
    assert.match((made.body as ExtensionSecret).sipPassword, /^[A-Za-z0-9_-]{20}$/);

    await waitFor(() => '1044' in view.extensions && changed === 1, 5000, 'the new extension on B');
    const acme = cluster.tenantId('acme.pbx.test');
    await waitFor(() => cluster.nodes.every((n) => n.live.tenantState(acme)!.extensions.has('1044')), 5000, "both nodes' live state");
    assert.is(a.live.tenantState(acme)!.dashboard.extensions, b.live.tenantState(acme)!.dashboard.extensions);

    assert.is((await restClient(a.url)('POST', `/api/admin/users/${dmitri.id}/disable`, admin)).status, 200);
    await waitFor(() => ended.length === 1, 5000, 'session-ended on B');
    assert.is(ended[0]!.code, 'disabled');
  } finally {
    socket.close();
  }
});

test.run();
