// A rates CSV as an admin uploads it: read whole, every bad line named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readRatesCsv } from '../../../server/admin/rates.ts';

test('a good file: header in any spelling, blank lines and a BOM are fine', () => {
  const { rates, errors } = readRatesCsv('\uFEFFPrefix, Per Minute ,first_increment,Increment\n+1,0.01,60,60\n\n+4420,0.015,6,6\n');
  assert.equal(errors, []);
  assert.equal(rates, [
    { prefix: '+1', perMinute: '0.01', firstIncrement: 60, increment: 60 },
    { prefix: '+4420', perMinute: '0.015', firstIncrement: 6, increment: 6 },
  ]);
});

test('every bad line is reported with its number, the good ones too are not imported', () => {
  const csv = ['prefix,per_minute,first_increment,increment', '+1,0.01,60,60', '44,0.02,6,6', '+49,-1,30,6', '+33,0.03,0,6', '+1,0.02,60,60', '+34,0.04,6'].join('\n');
  const { errors } = readRatesCsv(csv);
  assert.equal(errors.map((e) => e.line), [3, 4, 5, 6, 7]);
  assert.match(errors[0]!.error, /A prefix is \+ and 1 to 15 digits/);
  assert.match(errors[1]!.error, /per-minute rate is like 0\.012/);
  assert.match(errors[2]!.error, /at least 1 second/);
  assert.match(errors[3]!.error, /\+1 is already on line 2/);
  assert.match(errors[4]!.error, /increment is missing/);
});

test('a file without the header, or empty, says what the first line must be', () => {
  assert.match(readRatesCsv('+1,0.01,60,60\n').errors[0]!.error, /The first line must name the columns/);
  assert.equal(readRatesCsv('prefix,per_minute,first_increment,increment\n').errors, [{ line: 2, error: 'The file has a header but no rates.' }]);
  assert.equal(readRatesCsv('prefix,per_minute,"unclosed\n').errors[0]!.line, 1);
});

test.run();
