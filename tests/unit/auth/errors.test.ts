// What a client sees when a handler fails: our own 4xx messages as they are,
// anything unexpected as a plain 500 with the details only in the server log.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiNotFound, errorHandler, INTERNAL_ERROR } from '../../../server/http/errors.ts';

function appWithLog() {
  const logged: string[] = [];
  const app = new Hono();
  app.onError(errorHandler({ error: (m) => logged.push(m) }));
  app.get('/api/boom', () => {
    throw new Error('relation "secret_table" does not exist');
  });
  app.get('/api/teapot', () => {
    throw new HTTPException(409, { message: 'That name is taken.' });
  });
  app.all('/api/*', apiNotFound);
  return { app, logged };
}

test('an unexpected error is a 500 with a generic message; the stack goes to the log only', async () => {
  const { app, logged } = appWithLog();
  const res = await app.request('/api/boom');
  assert.is(res.status, 500);
  const text = await res.text();
  assert.equal(JSON.parse(text), { error: INTERNAL_ERROR });
  assert.not.match(text, /secret_table|at /);
  assert.is(logged.length, 1);
  assert.match(logged[0]!, /GET \/api\/boom failed: Error: relation "secret_table"/);
  assert.match(logged[0]!, /errors\.test\.ts/, 'the stack is logged');
});

test('a 4xx HTTPException keeps its status and message', async () => {
  const { app, logged } = appWithLog();
  const res = await app.request('/api/teapot');
  assert.is(res.status, 409);
  assert.equal(await res.json(), { error: 'That name is taken.' });
  assert.is(logged.length, 0);
});

test('an unknown API route is a JSON 404', async () => {
  const { app } = appWithLog();
  const res = await app.request('/api/nothing/here', { method: 'DELETE' });
  assert.is(res.status, 404);
  assert.equal(await res.json(), { error: 'There is no API route DELETE /api/nothing/here.' });
});

test.run();
