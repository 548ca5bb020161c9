// The whole live path: simulator over TCP → modesl → live store → Socket.IO →
// a real socket.io-client, on real PostgreSQL.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sessionEnd, type SessionEnd } from '../../common/socket.ts';
import { hashToken } from '../../server/http/session.ts';
import { follow, watchFigures, withLiveView } from '../helpers/live-client.ts';
import { serverSuite } from '../helpers/server-suite.ts';
import { waitFor } from '../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const suite = serverSuite(test);

test('a registration reaches the agent as a patch, and a PBX outage converges without a client reconnect', () =>
  withLiveView(suite.server, 'agent@acme.test', async (view, socket) => {
    assert.is(view.tenant!.state.tenantName, 'Acme Support');
    assert.ok(view.extensions['1001'], 'the demo agent owns 1001');
    assert.is(view.tenant!.state.pbxConnected, true);
    // The Dashboard is open: the counters come too.
    await watchFigures(socket, view);
    const devicesBefore = view.figures!.state.devices;

    suite.server.simulator.register({ user: '1001', domain: ACME, userAgent: 'Linphone' });
    await waitFor(() => view.extensions['1001']!.state.devices.length === 1, 5000);
    assert.is(view.extensions['1001']!.state.devices[0]!.userAgent, 'Linphone');
    assert.is(view.figures!.state.devices, devicesBefore + 1);
    assert.ok(view.patches.every((p) => typeof p.eventAt === 'number'), 'PBX patches carry the event time');

    // FreeSWITCH goes away; a phone registers while nobody listens.
    suite.server.simulator.goDown();
    await waitFor(() => view.tenant!.state.pbxConnected === false, 5000);
    suite.server.simulator.register({ user: '1002', domain: ACME });
    suite.server.simulator.comeUp();
    await waitFor(() => view.figures!.state.devices === devicesBefore + 2, 15000);
    await waitFor(() => view.tenant!.state.pbxConnected, 5000);
    assert.is(view.connects, 1, 'the browser never reconnected');
    assert.is(view.snapshots, 2, 'converged by patches, not a new snapshot (the second answered figures-watch)');
  }),
);

test('the handshake is refused without a session or with a forged one', async () => {
  for (const cookie of [undefined, 'sb_session=forged-token']) {
    const socket = suite.server.connect(cookie);
    const view = follow(socket);
    await waitFor(() => view.connectError !== undefined, 5000);
    assert.is(view.connectError!.message, 'unauthorized');
    assert.is(view.snapshots, 0);
    socket.close();
  }
});

test('another tenant sees none of this tenant\'s patches', async () => {
  const [globexCookie, acmeCookie] = [await suite.server.signIn('agent@globex.test'), await suite.server.signIn('agent@acme.test')];
  const globex = suite.server.connect(globexCookie);
  const g = follow(globex);
  const acme = suite.server.connect(acmeCookie);
  const a = follow(acme);
  try {
    await waitFor(() => g.snapshots === 1 && a.snapshots === 1, 5000);
    assert.is(g.tenant!.state.tenantName, 'Globex Sales');
    await watchFigures(acme, a);
    const acmeDevices = a.figures!.state.devices;
    suite.server.simulator.register({ user: '1001', domain: ACME, userAgent: 'Acme desk phone' });
    await waitFor(() => a.figures!.state.devices === acmeDevices + 1, 5000);
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
  const cookie = await suite.server.signIn('agent2@acme.test');
  const em = suite.server.switchboard.orm.em.fork();
  await em.getConnection().execute(
    `update sessions set expires_at = now() + interval '1 second' where id = ?`,
    [hashToken(cookie.split('=')[1]!)],
  );
  const socket = suite.server.connect(cookie);
  const view = follow(socket);
  let ended: SessionEnd | undefined;
  socket.on('session-ended', (reason) => (ended = reason));
  try {
    await waitFor(() => view.snapshots === 1, 5000);
    await waitFor(() => ended !== undefined && !socket.connected, 5000);
    assert.equal(ended, sessionEnd('expired'));
  } finally {
    socket.close();
  }
});

test('a gap in the sequence is answered with a fresh snapshot', () =>
  withLiveView(suite.server, 'agent@acme.test', async (view, socket) => {
    await watchFigures(socket, view);
    view.figures!.seq -= 2; // as if two patches of the counters were lost
    suite.server.simulator.register({ user: '1003', domain: ACME });
    await waitFor(() => view.snapshots === 3, 5000);
    assert.ok(view.figures!.seq > 0, 'the fresh snapshot still holds the watched counters');
  }),
);

test.run();
