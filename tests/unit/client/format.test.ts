// Display helpers: money from decimal strings, and the after-sign-in target.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatMoney, isNegativeAmount } from '../../../client/src/format.ts';
import { safeNext } from '../../../client/src/next.ts';

test('money is formatted from the decimal string in its currency', () => {
  const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' });
  assert.is(formatMoney('1234.5', 'USD'), usd.format(1234.5));
  assert.match(formatMoney('0', 'EUR'), /0/);
  // More digits than a double holds are not mangled into ...0.01 errors.
  assert.match(formatMoney('12345678901234567.89', 'USD'), /12.?345.?678.?901.?234.?567/);
});

test('an unknown currency or a malformed amount is shown as is', () => {
  assert.is(formatMoney('10.00', 'NOT-A-CODE'), '10.00 NOT-A-CODE');
  assert.is(formatMoney('abc', 'USD'), 'abc USD');
});

test('negative amounts are recognised on the string', () => {
  assert.ok(isNegativeAmount('-0.01'));
  assert.ok(isNegativeAmount('-12'));
  assert.not.ok(isNegativeAmount('-0.00'));
  assert.not.ok(isNegativeAmount('0.50'));
});

test('after sign-in only same-site paths are followed', () => {
  assert.is(safeNext('/fax/inbound'), '/fax/inbound');
  assert.is(safeNext('/reports/cdr?from=2024-01-01'), '/reports/cdr?from=2024-01-01');
  assert.is(safeNext(null), '/');
  assert.is(safeNext(''), '/');
  assert.is(safeNext('https://evil.example/'), '/');
  assert.is(safeNext('//evil.example/'), '/');
  assert.is(safeNext('/\\evil.example/'), '/');
  assert.is(safeNext('/\t/evil.example/'), '/');
  assert.is(safeNext('/sign-in'), '/');
  assert.is(safeNext('/sign-in?next=/x'), '/');
  assert.is(safeNext('/sign-ins-report'), '/sign-ins-report');
});

test.run();
