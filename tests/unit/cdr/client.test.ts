// The client's pure CDR helpers: date ranges, durations, the low-credit comparison.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration } from '../../../client/src/cdr/format.ts';
import { inRange, rangeOf, rangeQuery } from '../../../client/src/cdr/range.ts';
import { isBelow } from '../../../client/src/format.ts';

const now = new Date(2024, 10, 20, 15, 30); // 20 Nov 2024, 15:30 local

test('presets are local days; open-ended ranges include calls still to come', () => {
  assert.equal(rangeOf('today', now), { from: new Date(2024, 10, 20), to: undefined });
  assert.equal(rangeOf('7days', now), { from: new Date(2024, 10, 14), to: undefined });
  assert.equal(rangeOf('month', now), { from: new Date(2024, 10, 1), to: undefined });
  assert.equal(rangeOf('custom', now, '2024-11-01', '2024-11-03'), { from: new Date(2024, 10, 1), to: new Date(2024, 10, 4) });
  assert.equal(rangeOf('custom', now, '2024-11-18', '2024-11-20'), { from: new Date(2024, 10, 18), to: undefined });
  assert.is(rangeOf('custom', now, '2024-11-05', '2024-11-01'), undefined);
  assert.is(rangeOf('custom', now, '', '2024-11-01'), undefined);
  const r = rangeOf('custom', now, '2024-11-01', '2024-11-03')!;
  assert.ok(inRange(r, new Date(2024, 10, 3, 23, 59).toISOString()));
  assert.not.ok(inRange(r, new Date(2024, 10, 4).toISOString()));
  assert.match(rangeQuery(r), /^from=2024-1[01]-\d\dT.*&to=/);
});

test('durations read like a clock', () => {
  assert.is(formatDuration(7), '0:07');
  assert.is(formatDuration(245), '4:05');
  assert.is(formatDuration(3723), '1:02:03');
});

test('low credit compares decimal strings without floats', () => {
  assert.ok(isBelow('18.7500', '25.0000'));
  assert.not.ok(isBelow('125.5000', '20.0000'));
  assert.ok(isBelow('9.5', '10'));
  assert.ok(isBelow('-1.0000', '0'));
  assert.ok(isBelow('-5', '-4'));
  assert.not.ok(isBelow('20.0000', '20'));
  assert.ok(isBelow('0.0001', '0.001'));
  assert.not.ok(isBelow('1', undefined));
});

test.run();
