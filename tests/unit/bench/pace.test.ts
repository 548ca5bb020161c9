import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dueEvents, pace } from '../../../bench/traffic/pace.ts';

test('events due follow the elapsed time at the rate, minus those fired', () => {
  assert.is(dueEvents(0, 2000, 0), 0);
  assert.is(dueEvents(10, 2000, 0), 20);
  assert.is(dueEvents(10, 2000, 15), 5);
  assert.is(dueEvents(10, 2000, 25), 0, 'never negative');
});

test('pace fires the rate for the time asked, and stops by itself', async () => {
  let fired = 0;
  const r = await pace(1000, 0.5, () => fired++);
  assert.is(r.fired, fired);
  assert.ok(fired >= 490 && fired <= 500, `fired ${fired}`);
  assert.ok(r.seconds >= 0.5 && r.seconds < 0.7, `took ${r.seconds} s`);
  assert.ok(Math.abs(r.achievedRate - 1000) < 60, `achieved ${r.achievedRate}`);
});

test.run();
