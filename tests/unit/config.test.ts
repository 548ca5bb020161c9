import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, loadConfig } from '../../server/config.ts';

test('nothing set means the embedded demo', () => {
  const c = loadConfig({});
  assert.is(c.port, 8080);
  assert.is(c.databaseUrl, undefined);
  assert.is(c.esl.kind, 'simulator');
  assert.is(c.seedDemo, true);
  assert.is(c.cookieSecure, false);
  assert.is(c.ringSeconds, 30);
});

test('real services when their variables are set', () => {
  const c = loadConfig({
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
    ESL_HOST: 'fs.example',
    ESL_PASSWORD: 's3cret',
    NODE_ENV: 'production',
  });
  assert.equal(c.esl, { kind: 'freeswitch', host: 'fs.example', port: 8021, password: 's3cret' });
  assert.is(c.seedDemo, false);
  assert.is(c.cookieSecure, true);
});

test('a bad value names the variable', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message));
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x/y' }), /DATABASE_URL/);
  assert.throws(() => loadConfig({ SIMULATOR_DEMO: 'maybe' }), /SIMULATOR_DEMO/);
  assert.throws(() => loadConfig({ RING_SECONDS: '2' }), /RING_SECONDS/);
  assert.is(loadConfig({ RING_SECONDS: '12' }).ringSeconds, 12);
});

test.run();
