// The disposal stack and the late-bound part of server/lifecycle.ts: reverse
// order, each step awaited, a failing step logged and the rest still closed,
// a failed start-up closing what it had started.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { disposer, Late, startAll, type Service } from '../../server/lifecycle.ts';
import { sleep } from '../helpers/wait.ts';

function recorder() {
  const closed: string[] = [];
  const errors: string[] = [];
  const log = { error: (m: string) => errors.push(m), warn: (m: string) => errors.push(m), debug() {} };
  /** A part that takes `ms` to close, so a stack that does not await would close the next one too early. */
  const part = (name: string, ms = 5, fail = false): Service => ({
    async close() {
      await sleep(ms);
      if (fail) throw new Error(`${name} broke`);
      closed.push(name);
    },
  });
  return { closed, errors, log, part };
}

test('closes in reverse order of setup, each step awaited, once', async () => {
  const r = recorder();
  const stack = disposer(r.log);
  stack.add('db', r.part('db', 1));
  stack.add('pbx', r.part('pbx', 20));
  stack.add('http', r.part('http', 10));
  await Promise.all([stack.close(), stack.close()]);
  assert.equal(r.closed, ['http', 'pbx', 'db']);
  await stack.close();
  assert.equal(r.closed, ['http', 'pbx', 'db'], 'closing again closes nothing twice');
  assert.throws(() => stack.add('late', r.part('late')), /while shutting down/);
});

test('a step that fails is logged and the rest still close', async () => {
  const r = recorder();
  const stack = disposer(r.log);
  stack.add('db', r.part('db'));
  stack.add('fax', r.part('fax', 1, true));
  stack.add('cdr', r.part('cdr'));
  await stack.close();
  assert.equal(r.closed, ['cdr', 'db']);
  assert.equal(r.errors, ['closing fax failed: fax broke']);
});

test('a start-up that throws half-way closes what it had started, then rejects', async () => {
  const r = recorder();
  const err = await startAll(r.log, async (stack) => {
    stack.add('db', r.part('db'));
    stack.add('pbx', r.part('pbx'));
    throw new Error('listen EADDRINUSE');
  }).catch((e: Error) => e);
  assert.instance(err, Error);
  assert.is((err as Error).message, 'listen EADDRINUSE');
  assert.equal(r.closed, ['pbx', 'db']);
});

test('a late-bound part: calls before set() wait in order, after close() are dropped; it closes its part', async () => {
  const r = recorder();
  const heard: string[] = [];
  const late = new Late<Service & { tell(m: string): void }>('sockets', r.log);
  late.use((s) => s.tell('one'));
  late.use((s) => s.tell('two'));
  assert.equal(heard, [], 'nothing is lost and nothing runs before set()');
  late.set({ ...r.part('sockets'), tell: (m) => heard.push(m) });
  assert.equal(heard, ['one', 'two']);
  late.use((s) => s.tell('three'));
  assert.equal(heard, ['one', 'two', 'three'], 'runs at once once set');
  await late.close();
  assert.equal(r.closed, ['sockets']);
  late.use((s) => s.tell('four'));
  assert.equal(heard, ['one', 'two', 'three'], 'dropped after close');
  assert.throws(() => late.set({ ...r.part('again'), tell() {} }), /set twice or after close/);
});

test('a late-bound part that was never set closes nothing and keeps nothing', async () => {
  const r = recorder();
  const late = new Late<Service>('sockets', r.log, 2);
  late.use(() => {});
  late.use(() => {});
  late.use(() => {});
  assert.equal(r.errors, ['sockets is not up yet and 2 calls wait for it: one was dropped']);
  await late.close();
  assert.equal(r.closed, []);
});

test.run();
