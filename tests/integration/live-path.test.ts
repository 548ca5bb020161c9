// The whole live path: simulator over TCP → modesl → live store → Socket.IO →
// a real socket.io-client, on real PostgreSQL.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashToken } from '../../server/http/session.ts';
import { follow } from '../helpers/live-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const ACME = 'acme.pbx.test';
let server: TestServer;

test.before(async () => {
  server = await startTestServer();
  await waitFor(() => server.switchboard.pbx.connected, 5000);
});
test.after(async () => {
  await server?.close();
});

test('a registration reaches the agent as a patch, and a PBX outage converges without a client reconnect', async () => {
  const socket = server.connect(await server.signIn('agent@acme.test'));
  const view = follow(socket);
  try {
    await waitFor(() => view.snapshots === 1, 5000);
    assert.is(view.tenant!.state.tenantName, 'Acme Support');
    assert.ok(view.extensions['1001'], 'the demo agent owns 1001');
    assert.is(view.tenant!.state.pbxConnected, true);
    const devicesBefore = view.tenant!.state.devices;

    server.simulator.register({ user: '1001', domain: ACME, userAgent: 'Linphone' });
    await waitFor(() => view.extensions['1001']!.state.devices.length === 1, 5000);
    assert.is(view.extensions['1001']!.state.devices[0]!.userAgent, 'Linphone');
    assert.is(view.tenant!.state.devices, devicesBefore + 1);
    assert.ok(view.patches.every((p) => typeof p.eventAt === 'number'), 'PBX patches carry the event time');

    // FreeSWITCH goes away; a phone registers while nobody listens.
    server.simulator.goDown();
    await waitFor(() => view.tenant!.state.pbxConnected === false, 5000);
    server.simulator.register({ user: '1002', domain: ACME });
    server.simulator.comeUp();
    await waitFor(() => view.tenant!.state.devices === devicesBefore + 2, 15000);
    await waitFor(() => view.tenant!.state.pbxConnected, 5000);
    assert.is(view.connects, 1, 'the browser never reconnected');
    assert.is(view.snapshots, 1, 'converged by patches, not a new snapshot');
  } finally {
    socket.close();
  }
});

test('the handshake is refused without a session or with a forged one', async () => {
  for (const cookie of [undefined, 'sb_session=forged-token']) {
    const socket = server.connect(cookie);
    const view = follow(socket);
    await waitFor(() => view.connectError !== undefined, 5000);
    assert.is(view.connectError!.message, 'unauthorized');
    assert.is(view.snapshots, 0);
    socket.close();
  }
});

test('another tenant sees none of this tenant\'s patches', async () => {
  const [globexCookie, acmeCookie] = [await server.signIn('agent@globex.test'), await server.signIn('agent@acme.test')];
  const globex = server.connect(globexCookie);
  const g = follow(globex);
  const acme = server.connect(acmeCookie);
  const a = follow(acme);
  try {
    await waitFor(() => g.snapshots === 1 && a.snapshots === 1, 5000);
    assert.is(g.tenant!.state.tenantName, 'Globex Sales');
    const acmeDevices = a.tenant!.state.devices;
    server.simulator.register({ user: '1001', domain: ACME, userAgent: 'Acme desk phone' });
    await waitFor(() => a.tenant!.state.devices === acmeDevices + 1, 5000);
    // Globex has its own 1001; the Acme device must not show up there.
    await new Promise((r) => setTimeout(r, 200));
    assert.is(g.patches.length, 0);
    assert.equal(g.extensions['1001']?.state.devices ?? [], []);
  } finally {
    globex.close();
    acme.close();
  }
});

test('a socket whose session runs out is told and disconnected', async () => {
  const cookie = await server.signIn('agent2@acme.test');
  const em = server.switchboard.orm.em.fork();
  await em.getConnection().execute(
    `update sessions set expires_at = now() + interval '1 second' where id = ?`,
    [hashToken(cookie.split('=')[1]!)],
  );
  const socket = server.connect(cookie);
  const view = follow(socket);
  let ended = '';
  socket.on('session-ended', (reason) => (ended = reason));
  try {
    await waitFor(() => view.snapshots === 1, 5000);
    await waitFor(() => ended !== '' && !socket.connected, 5000);
    assert.match(ended, /expired/);
  } finally {
    socket.close();
  }
});

test('a gap in the sequence is answered with a fresh snapshot', async () => {
  const socket = server.connect(await server.signIn('agent@acme.test'));
  const view = follow(socket);
  try {
    await waitFor(() => view.snapshots === 1, 5000);
    view.tenant!.seq -= 2; // as if two patches were lost
    server.simulator.register({ user: '1003', domain: ACME });
    await waitFor(() => view.snapshots === 2, 5000);
    assert.ok(view.tenant!.seq > 0);
  } finally {
    socket.close();
  }
});

test.run();
