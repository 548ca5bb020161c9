import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bucketOf, bucketUpperUs, merge, newHistogram, percentileUs, record, toData } from '../../../bench/stats/histogram.ts';

test('percentiles of a uniform 1..10 000 µs spread are within the 2 % bucket width, never below', () => {
  const h = newHistogram();
  for (let us = 1; us <= 10_000; us++) record(h, us);
  for (const [q, exact] of [[0.5, 5000], [0.99, 9900], [0.999, 9990]] as const) {
    const got = percentileUs(h, q);
    assert.ok(got >= exact && got <= exact * 1.02, `p${q * 100}: ${got} for ${exact}`);
  }
  assert.is(percentileUs(h, 1), 10_000, 'the maximum is exact');
});

test('a value lands in the bucket whose upper bound covers it', () => {
  for (const us of [11, 99.5, 1234, 5e6]) {
    const i = bucketOf(us);
    assert.ok(bucketUpperUs(i) >= us && bucketUpperUs(i - 1) < us, String(us));
  }
});

test('negative latencies (clock skew) count as 0 and are reported', () => {
  const h = newHistogram();
  record(h, -30);
  assert.is(h.negative, 1);
  assert.is(percentileUs(h, 0.5), 0);
});

test('merging the wire form of two histograms equals recording everything in one', () => {
  const a = newHistogram();
  const b = newHistogram();
  const all = newHistogram();
  for (let i = 1; i < 500; i++) {
    record(i % 2 ? a : b, i * 37);
    record(all, i * 37);
  }
  const merged = merge([toData(a), toData(b)]);
  assert.is(merged.count, all.count);
  assert.is(merged.maxUs, all.maxUs);
  for (const q of [0.5, 0.9, 0.99]) assert.is(percentileUs(merged, q), percentileUs(all, q));
});

test('an empty histogram reads 0', () => {
  assert.is(percentileUs(newHistogram(), 0.99), 0);
});

test.run();
