// The announcer: each message is a new line in its region, the same words
// twice within a second are one message, and the regions keep only a few lines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { announce, assertiveAnnouncements, clearAnnouncements, politeAnnouncements } from '../../../client/src/access/announce.ts';

const realNow = Date.now;
let now = 1_000_000;
test.before.each(() => {
  clearAnnouncements();
  Date.now = () => now;
});
test.after.each(() => {
  Date.now = realNow;
  clearAnnouncements();
});
const polite = () => politeAnnouncements().map((a) => a.text);

test('one line per message, each region its own; the same words at once are one message, a second later news again', () => {
  announce('Call on hold.');
  announce('Call on hold.');
  announce('Incoming call from 1002.', 'assertive');
  assert.equal(polite(), ['Call on hold.']);
  assert.equal(assertiveAnnouncements().map((a) => a.text), ['Incoming call from 1002.']);
  now += 1_500;
  announce('Call on hold.');
  assert.equal(polite(), ['Call on hold.', 'Call on hold.']);
  announce('');
  assert.is(polite().length, 2, 'nothing to say, nothing said');
});

test('only the last three lines stay', () => {
  for (const text of ['one', 'two', 'three', 'four']) announce(text);
  assert.equal(polite(), ['two', 'three', 'four']);
});

test.run();
