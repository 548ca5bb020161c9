// One Switchboard for a whole test file, linked to its PBX simulator before
// the first test runs and closed after the last.
import type { Test } from 'uvu';
import { startTestServer, type TestServer } from './server.ts';
import { waitFor } from './wait.ts';

export interface ServerSuite {
  server: TestServer;
}

/**
 * Registers the file's before/after hooks on `test` (uvu runs hooks in the
 * order they were registered). The object's field is set by the before hook,
 * so read it inside tests only.
 */
export function serverSuite(test: Test, env: Record<string, string> = {}): ServerSuite {
  // Set as soon as the server is up, so the after hook closes it even if the link never came.
  const suite: Partial<ServerSuite> = {};
  test.before(async () => {
    const server = (suite.server = await startTestServer(env));
    await waitFor(() => server.switchboard.pbx.connected, 5000, 'the ESL link');
  });
  test.after(async () => {
    await suite.server?.close();
  });
  return suite as ServerSuite;
}
