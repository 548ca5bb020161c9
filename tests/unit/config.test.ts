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
  assert.equal(c.esl, { kind: 'freeswitch', servers: [{ host: 'fs.example', port: 8021, password: 's3cret' }] });
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

test("voicemail: FreeSWITCH's storage where `npm run pbx` keeps it, or the folder named; a path FreeSWITCH can be handed", () => {
  const c = loadConfig({ DATA_DIR: '/srv/sb' });
  assert.equal(c.voicemail, { dir: '/srv/sb/freeswitch/storage/voicemail', maxGreetingBytes: 10 * 1024 * 1024 });
  assert.is(loadConfig({ VOICEMAIL_DIR: '/var/lib/freeswitch/storage/voicemail' }).voicemail.dir, '/var/lib/freeswitch/storage/voicemail');
  assert.throws(() => loadConfig({ VOICEMAIL_DIR: '/var/lib/my voicemail' }), /VOICEMAIL_DIR/);
  assert.throws(() => loadConfig({ VOICEMAIL_GREETING_MAX_MB: '0' }), /VOICEMAIL_GREETING_MAX_MB/);
  assert.is(loadConfig({ VOICEMAIL_GREETING_MAX_MB: '3' }).voicemail.maxGreetingBytes, 3 * 1024 * 1024);
});


test('several FreeSWITCH servers: ESL_SERVERS, each with its own password or ESL_PASSWORD; never both forms', () => {
  const c = loadConfig({ ESL_SERVERS: 'fs1.example:8021, [::1]:8022:p:w,10.0.0.3:8023', ESL_PASSWORD: 'shared' });
  assert.equal(c.esl, {
    kind: 'freeswitch',
    servers: [
      { host: 'fs1.example', port: 8021, password: 'shared' },
      { host: '::1', port: 8022, password: 'p:w' },
      { host: '10.0.0.3', port: 8023, password: 'shared' },
    ],
  });
  assert.throws(() => loadConfig({ ESL_SERVERS: 'fs1.example' }), /ESL_SERVERS/);
  assert.throws(() => loadConfig({ ESL_SERVERS: 'fs1.example:99999' }), /ESL_SERVERS/);
  assert.throws(() => loadConfig({ ESL_SERVERS: 'fs1.example:8021,fs1.example:8021:x' }), /ESL_SERVERS: must not name a server twice/);
  assert.throws(() => loadConfig({ ESL_SERVERS: 'fs1.example:8021', ESL_HOST: 'fs2.example' }), /ESL_SERVERS: set ESL_HOST or ESL_SERVERS, not both/);
});

test.run();
