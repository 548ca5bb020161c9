// No secret in any log line: a whole server, logging at debug, is taken
// through sign-ins (right and wrong), new users, SIP passwords, a voicemail
// PIN, password resets and a set-password link, live sockets and sign-outs,
// while everything it writes to stdout and stderr is captured. Then every
// password, SIP password, PIN, session token and link token used is looked
// for in that output. (Not the demo accounts' shared password: it is
// "switchboard", every log line's own name, and the demo prints it on purpose.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExtensionSecret, UserCreated } from '../../../common/admin.ts';
import { follow } from '../../helpers/live-client.ts';
import { restClient } from '../../helpers/rest.ts';
import { startTestServer } from '../../helpers/server.ts';
import { waitFor } from '../../helpers/wait.ts';

/** Everything written to stdout and stderr until stop(). */
function captureOutput() {
  const lines: string[] = [];
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const tee = (original: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = tee(originals.out);
  process.stderr.write = tee(originals.err);
  return {
    text: () => lines.join(''),
    stop() {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}

test('the log of sign-ins, SIP passwords, PINs and password changes holds none of them', async () => {
  const captured = captureOutput();
  const secrets: string[] = [];
  const server = await startTestServer({ LOG_LEVEL: 'debug' });
  try {
    await waitFor(() => server.switchboard.pbx.connected, 5000, 'the ESL link');
    const call = restClient(server.url);
    const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);

    const admin = await server.signIn('admin@acme.test');
    secrets.push(tokenOf(admin));
    for (const wrong of ['Wrong-Guess-4711', 'Summer2026!x']) {
      secrets.push(wrong);
      await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'agent2@acme.test', password: wrong }) });
      await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@acme.test', password: wrong }) });
    }

    // A new user with a password, an extension with its SIP password and PIN, a new SIP password.
    const created = (await call('POST', '/api/admin/users', admin, { email: 'logged@acme.test', name: 'Log Ged', role: 'agent', password: 'Created-Password-8821' })).body as UserCreated;
    secrets.push('Created-Password-8821');
    const ext = (await call('POST', '/api/admin/extensions', admin, { number: '1071', ownerId: created.user.id, callerIdName: 'Log Ged', voicemailPin: '864209' })).body as ExtensionSecret;
    secrets.push(ext.sipPassword, '864209');
    const renewed = (await call('POST', `/api/admin/extensions/${ext.extension.id}/sip-password`, admin)).body as ExtensionSecret;
    secrets.push(renewed.sipPassword);

    // The new user signs in, opens a live socket, reads their SIP password, sets their PIN.
    const user = await server.signIn('logged@acme.test', 'Created-Password-8821');
    secrets.push(tokenOf(user));
    const socket = server.connect(user);
    const view = follow(socket);
    await waitFor(() => view.snapshots === 1, 5000, 'the first snapshot');
    const account = await call('GET', '/api/account', user);
    assert.is(account.body.extensions[0].sipPassword, renewed.sipPassword);
    assert.is((await call('PUT', '/api/voicemail/1071/pin', user, { pin: '975310' })).status, 204);
    secrets.push('975310');

    // Password changes: set directly by the admin (ending the live session), then by a one-time link.
    const ended = new Promise((resolve) => socket.on('session-ended', resolve));
    assert.is((await call('POST', `/api/admin/users/${created.user.id}/reset-password`, admin, { password: 'Reset-Password-3390' })).status, 200);
    secrets.push('Reset-Password-3390');
    await ended;
    socket.close();
    const link = (await call('POST', `/api/admin/users/${created.user.id}/reset-password`, admin, {})).body as { setPasswordLink: string };
    const linkToken = link.setPasswordLink.split('#token=')[1]!;
    secrets.push(linkToken);
    assert.is((await call('POST', '/api/auth/set-password', undefined, { token: linkToken, password: 'Linked-Password-5512' })).status, 204);
    secrets.push('Linked-Password-5512');
    const again = await server.signIn('logged@acme.test', 'Linked-Password-5512');
    secrets.push(tokenOf(again));
    assert.is((await call('POST', '/api/auth/sign-out', again)).status, 204);
    // A stale token presented again (to the socket and to REST).
    assert.is((await call('GET', '/api/me', user)).status, 401);
  } finally {
    await server.close();
    captured.stop();
  }
  const log = captured.text();
  assert.ok(log.includes('debug'), 'the capture saw the debug log');
  for (const secret of secrets) {
    assert.ok(secret.length >= 6, `a secret worth looking for: ${secret.length} characters`);
    assert.not.ok(log.includes(secret), `the log holds a secret starting ${secret.slice(0, 3)}…`);
  }
});

test.run();
