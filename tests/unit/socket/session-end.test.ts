// What the client reads from `session-ended` and a refused handshake's
// err.data (common/socket.ts readSessionEnd): today's { code, message }, and
// what a server from before the codes sent during a rolling deploy.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readSessionEnd, SESSION_END_CODES, SESSION_END_MESSAGES, sessionEnd } from '../../../common/socket.ts';

test('every code reads back as itself, with the server message', () => {
  for (const code of SESSION_END_CODES) {
    assert.equal(readSessionEnd(sessionEnd(code)), { code, message: SESSION_END_MESSAGES[code] });
    assert.equal(readSessionEnd({ code, message: 'other words' }), { code, message: 'other words' });
  }
});

test("an older server's bare words are read as their code; a sentence or junk is not", () => {
  assert.equal(readSessionEnd('password-reset'), sessionEnd('password-reset'));
  assert.equal(readSessionEnd('signed-out'), sessionEnd('signed-out'));
  assert.equal(readSessionEnd('account-locked'), sessionEnd('locked'));
  for (const junk of ['Your session has expired. Please sign in again.', undefined, null, 3, { code: 'bored' }, {}]) {
    assert.is(readSessionEnd(junk), null, String(junk));
  }
  assert.equal(readSessionEnd({ code: 'expired' }), sessionEnd('expired'), 'a missing message gets the shared words');
});

test.run();
