// Recording paths never leave the recordings directory; Range headers;
// CSV cells that would be formulas are defused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { csvLine } from '../../../server/cdr/csv.ts';
import { byteRange, recordingFile } from '../../../server/cdr/recording-file.ts';

const ROOT = '/srv/recordings';

test('a recording path resolves under the root, or not at all', () => {
  assert.is(recordingFile(ROOT, 'acme/2024/call.wav'), '/srv/recordings/acme/2024/call.wav');
  assert.is(recordingFile(ROOT, '/srv/recordings/acme/call.wav'), '/srv/recordings/acme/call.wav');
  for (const bad of ['../etc/passwd', 'acme/../../etc/passwd', '/etc/passwd', '/srv/recordings-other/x.wav', '', '.', 'a\0b.wav', '/srv/recordings']) {
    assert.is(recordingFile(ROOT, bad), undefined, bad);
  }
});

test('byte ranges: open, closed, suffix, clamped, unsatisfiable, ignored', () => {
  assert.equal(byteRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.equal(byteRange('bytes=500-', 1000), { start: 500, end: 999 });
  assert.equal(byteRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.equal(byteRange('bytes=900-5000', 1000), { start: 900, end: 999 });
  assert.is(byteRange('bytes=1000-', 1000), 'unsatisfiable');
  assert.is(byteRange('bytes=5-2', 1000), 'unsatisfiable');
  assert.is(byteRange(undefined, 1000), undefined);
  assert.is(byteRange('bytes=0-1,5-6', 1000), undefined);
  assert.is(byteRange('items=0-1', 1000), undefined);
});

test('CSV quotes what needs quoting and defuses formulas, but keeps phone numbers', () => {
  assert.is(csvLine(['a,b', 'say "hi"', 'plain', null, 42]), '"a,b","say ""hi""",plain,,42\r\n');
  assert.is(csvLine(['=HYPERLINK("x")', '+14155550100', '-3', '@SUM(A1)']), `"'=HYPERLINK(""x"")",+14155550100,-3,'@SUM(A1)\r\n`);
});

test.run();
