import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backoffDelay } from '../../../server/pbx/backoff.ts';

test('doubles from 250 ms, never above 10 s, jittered within the upper half', () => {
  const low = () => 0;
  const high = () => 1;
  assert.is(backoffDelay(0, undefined, high), 250);
  assert.is(backoffDelay(0, undefined, low), 125);
  assert.is(backoffDelay(3, undefined, high), 2000);
  assert.is(backoffDelay(10, undefined, high), 10_000);
  assert.is(backoffDelay(1000, undefined, low), 5000);
});

test.run();
