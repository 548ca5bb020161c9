// The wire's refusals over a real socket.io-client: a bad message gets the
// decoder's refusal and the socket stays usable; a refused handshake and an
// ended session carry a code (common/socket.ts SessionEnd) a program reads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sessionEnd, type Refusal, type SessionEnd } from '../../../common/socket.ts';
import { follow, type LiveSocket } from '../../helpers/live-client.ts';
import { restClient } from '../../helpers/rest.ts';
import { serverSuite } from '../../helpers/server-suite.ts';
import { waitFor } from '../../helpers/wait.ts';

const suite = serverSuite(test);

/** The socket without its event catalog's types, to send what a broken or hostile client would. */
type Raw = { emit(event: string, ...args: unknown[]): unknown };
const raw = (socket: LiveSocket) => socket as unknown as Raw;

const acked = (socket: LiveSocket, event: string, ...args: unknown[]) =>
  new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), 5000);
    raw(socket).emit(event, ...args, (result: unknown) => {
      clearTimeout(timer);
      resolve(result);
    });
  });

async function connected(email: string) {
  const cookie = await suite.server.signIn(email);
  const socket = suite.server.connect(cookie);
  const view = follow(socket);
  const refused: Refusal[] = [];
  const ended: SessionEnd[] = [];
  socket.on('refused', (r) => refused.push(r));
  socket.on('session-ended', (e) => ended.push(e));
  await waitFor(() => view.snapshots === 1, 5000, 'the first snapshot');
  return { cookie, socket, view, refused, ended };
}

test('bad messages get the refusal (to the ack, or as `refused`), and the socket stays usable', async () => {
  const { socket, view, refused } = await connected('agent3@acme.test');
  try {
    const lunch = (await acked(socket, 'agent-status', 'Out to lunch')) as Refusal;
    assert.is(lunch.code, 'invalid-value');
    assert.is(lunch.event, 'agent-status');
    assert.equal(await acked(socket, 'agent-status', { status: 'Available' }), {
      ok: false,
      code: 'wrong-type',
      event: 'agent-status',
      error: lunch.error,
      path: [0],
    });
    assert.is(((await acked(socket, 'no-such-event', 1)) as Refusal).code, 'unknown-event');
    assert.is(((await acked(socket, 'resync')) as Refusal).code, 'wrong-arity', 'resync takes no ack');

    // Without an ack, the refusal comes as its own event.
    raw(socket).emit('agent-status', 'Available');
    raw(socket).emit('hangup-everyone');
    await waitFor(() => refused.length === 2, 5000, 'two refusals');
    assert.equal(
      refused.map((r) => [r.event, r.code]),
      [
        ['agent-status', 'no-ack'],
        ['hangup-everyone', 'unknown-event'],
      ],
    );
    assert.equal(suite.server.simulator.commands.filter((c) => c.includes('agent set status 1003')), [], 'nothing reached the PBX');

    // Still the same connection, and it still works.
    assert.ok(socket.connected);
    assert.equal(await acked(socket, 'agent-status', 'On Break'), { ok: true });
    await waitFor(() => view.extensions['1003']?.state.agent?.status === 'On Break', 5000, 'the confirmed status');
    socket.emit('resync');
    await waitFor(() => view.snapshots === 2, 5000, 'a snapshot on resync');
    assert.is(view.connects, 1);
  } finally {
    socket.close();
  }
});

test('a handshake without a session is refused with code unauthorized in err.data', async () => {
  for (const cookie of [undefined, 'sb_session=forged-token']) {
    const socket = suite.server.connect(cookie);
    const view = follow(socket);
    await waitFor(() => view.connectError !== undefined, 5000);
    assert.equal((view.connectError as Error & { data?: unknown }).data, sessionEnd('unauthorized'));
    socket.close();
  }
});

test('signing out ends the live session with code signed-out', async () => {
  const { cookie, socket, ended } = await connected('agent4@acme.test');
  try {
    const res = await restClient(suite.server.url)('POST', '/api/auth/sign-out', cookie);
    assert.is(res.status, 204);
    await waitFor(() => ended.length === 1 && !socket.connected, 5000, 'told and dropped');
    assert.equal(ended, [sessionEnd('signed-out')]);
  } finally {
    socket.close();
  }
});

test("an admin's password reset ends the agent's live session with code password-reset", async () => {
  const { socket, ended } = await connected('agent5@acme.test');
  try {
    const rest = restClient(suite.server.url);
    const admin = await suite.server.signIn('admin@acme.test');
    const users = await rest('GET', '/api/admin/users', admin);
    const agent = (users.body.users as { id: string; email: string }[]).find((u) => u.email === 'agent5@acme.test')!;
    const reset = await rest('POST', `/api/admin/users/${agent.id}/reset-password`, admin, { password: 'a brand new password' });
    assert.is(reset.status, 200);
    await waitFor(() => ended.length === 1 && !socket.connected, 5000, 'told and dropped');
    assert.equal(ended, [sessionEnd('password-reset')]);
  } finally {
    socket.close();
  }
});

test('the guesses that lock an account end its live session with code locked', async () => {
  const { socket, ended } = await connected('agent6@acme.test');
  try {
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${suite.server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'agent6@acme.test', password: 'not the password' }),
      });
      if (res.status === 423) break;
    }
    await waitFor(() => ended.length === 1 && !socket.connected, 5000, 'told and dropped');
    assert.equal(ended, [sessionEnd('locked')]);
  } finally {
    socket.close();
  }
});

test('a handshake the server cannot complete (its database fails) is refused with code server-error', async () => {
  const cookie = await suite.server.signIn('supervisor@acme.test');
  const db = suite.server.switchboard.orm.em.getConnection();
  // A real failure of the handshake's session lookup: the table is gone for a moment.
  await db.execute('alter table sessions rename to sessions_away');
  try {
    const socket = suite.server.connect(cookie);
    const view = follow(socket);
    await waitFor(() => view.connectError !== undefined, 5000);
    assert.equal((view.connectError as Error & { data?: unknown }).data, sessionEnd('server-error'));
    socket.close();
  } finally {
    await db.execute('alter table sessions_away rename to sessions');
  }
  // Once the database answers again, the same cookie connects.
  const socket = suite.server.connect(cookie);
  const view = follow(socket);
  try {
    await waitFor(() => view.snapshots === 1, 5000, 'connected again');
  } finally {
    socket.close();
  }
});

test.run();
