import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { trend } from '../../../soak/trend.ts';

const at = (values: number[]) => values.map((v, i) => [i * 30, v] as [number, number]);

test('a steady climb is growing, with its slope per minute', () => {
  const t = trend(at([100, 102, 104, 106, 108, 110, 112, 114, 116, 118]), 5);
  assert.ok(t.growing);
  assert.is(Math.round(t.slopePerMinute), 4);
});

test("the garbage collector's sawtooth around a flat line is not", () => {
  assert.not.ok(trend(at([100, 120, 95, 118, 101, 121, 97, 119, 99, 120]), 25).growing);
  assert.ok(trend(at([100, 120, 95, 118, 101, 121, 97, 119, 99, 120]), 0).growing, 'without the noise it would be');
});

test('a rise smaller than the noise, or than 5 % of the mean, is not', () => {
  assert.not.ok(trend(at([1000, 1001, 1002, 1003, 1004, 1005, 1006]), 50).growing);
  assert.not.ok(trend(at([1000, 1004, 1008, 1012, 1016, 1020]), 0).growing);
});

test('one late spike does not make a trend when the last third is not above the first', () => {
  assert.not.ok(trend(at([200, 100, 100, 100, 100, 100, 100, 100, 300]), 5).growing);
});

test('too few samples say nothing', () => {
  assert.equal(trend(at([1, 100])), { slopePerMinute: 0, rise: 0, growing: false });
});

test.run();
