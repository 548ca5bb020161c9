// Rating: the longest prefix wins, increments round the billed time up, and
// money is exact decimal strings.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { billedSeconds, charge, e164, fromTenThousandths, longestPrefix, type RateRow } from '../../../server/cdr/rating.ts';

const rates: RateRow[] = [
  { prefix: '+1', perMinute: '0.010000', firstIncrement: 60, increment: 60 },
  { prefix: '+44', perMinute: '0.020000', firstIncrement: 6, increment: 6 },
  { prefix: '+4420', perMinute: '0.015000', firstIncrement: 6, increment: 6 },
  { prefix: '+49', perMinute: '0.025000', firstIncrement: 30, increment: 6 },
];

test('numbers are rated in E.164; extensions and short codes are not numbers', () => {
  assert.is(e164('+442079460123'), '+442079460123');
  assert.is(e164('00442079460123'), '+442079460123');
  assert.is(e164('+1 (415) 555-0100'), '+14155550100');
  assert.is(e164('1002'), undefined);
  assert.is(e164('*78'), undefined);
  assert.is(e164('+0123456'), undefined);
});

test('the longest matching prefix wins', () => {
  assert.is(longestPrefix(rates, '+442079460123')!.prefix, '+4420');
  assert.is(longestPrefix(rates, '+441614960000')!.prefix, '+44');
  assert.is(longestPrefix(rates, '+14155550100')!.prefix, '+1');
  assert.is(longestPrefix(rates, '+33123456789'), undefined);
});

test('billing increments: first block, then whole steps', () => {
  assert.is(billedSeconds(0, 60, 60), 0);
  assert.is(billedSeconds(1, 60, 60), 60);
  assert.is(billedSeconds(60, 60, 60), 60);
  assert.is(billedSeconds(61, 60, 60), 120);
  assert.is(billedSeconds(1, 6, 6), 6);
  assert.is(billedSeconds(7, 6, 6), 12);
  assert.is(billedSeconds(31, 30, 6), 36);
  assert.is(billedSeconds(29, 30, 6), 30);
});

test('charges are exact and rounded up to the credit\'s precision', () => {
  const us = rates[0]!;
  assert.is(charge(1, us), '0.0100'); // one 60 s block at 0.01/min
  assert.is(charge(61, us), '0.0200');
  const london = rates[2]!;
  assert.is(charge(7, london), '0.0030'); // 12 s × 0.015/60
  assert.is(charge(100, london), '0.0255'); // 102 s × 0.015/60 = 0.0255
  const uk = rates[1]!;
  assert.is(charge(1, uk), '0.0020'); // 6 s × 0.02/60 = 0.002
  // 6 s at 0.0001/min is 0.00001: never given away, rounded up to 0.0001.
  assert.is(charge(6, { prefix: '+9', perMinute: '0.0001', firstIncrement: 6, increment: 6 }), '0.0001');
  // A float would say 0.1 + 0.2 = 0.30000000000000004; 3 h at 0.1/min is exactly 18.
  assert.is(charge(10_800, { prefix: '+9', perMinute: '0.1', firstIncrement: 1, increment: 1 }), '18.0000');
  assert.is(charge(0, us), '0.0000');
});

test('ten-thousandths format with sign and padding', () => {
  assert.is(fromTenThousandths(12345n), '1.2345');
  assert.is(fromTenThousandths(5n), '0.0005');
  assert.is(fromTenThousandths(-250n), '-0.0250');
});

test.run();
