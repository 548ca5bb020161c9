// What the softphone says to screen-reader users, from its state before and
// after each event: an incoming call at once, the rest politely, and a lost
// registration once however often JsSIP retries.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPhoneAnnouncer, type Spoken } from '../../../client/src/softphone/announcements.ts';
import { initialPhoneState, reducePhone, type PhoneEvent, type PhoneState } from '../../../client/src/softphone/machine.ts';

/** Runs the events through the machine, collecting what is said for each. */
function say(events: PhoneEvent[], hint: string | null = null, start: PhoneState = initialPhoneState()) {
  const announcer = createPhoneAnnouncer();
  let state = start;
  const spoken: Spoken[] = [];
  for (const event of events) {
    const next = reducePhone(state, event);
    spoken.push(...announcer(state, next, '1001', hint));
    state = next;
  }
  return spoken;
}
const texts = (spoken: Spoken[]) => spoken.map((s) => s.text);

const inbound: PhoneEvent = { type: 'call-started', id: 'c', direction: 'inbound', number: '1002', name: 'Bob' };

test('an incoming call is said at once, with the caller and the keys; the rest of the call politely', () => {
  const spoken = say(
    [
      inbound,
      { type: 'answered', id: 'c', at: 1 },
      { type: 'muted', id: 'c', muted: true },
      { type: 'muted', id: 'c', muted: false },
      { type: 'held', id: 'c', held: true },
      { type: 'held', id: 'c', held: false },
      { type: 'ended', id: 'c', text: 'The other side hung up.', error: false },
    ],
    'Press A to answer, R to reject.',
  );
  assert.equal(spoken[0], { text: 'Incoming call from Bob, 1002. Press A to answer, R to reject.', politeness: 'assertive' });
  assert.equal(texts(spoken.slice(1)), [
    'Call connected with Bob, 1002.',
    'Microphone muted.',
    'Microphone on.',
    'Call on hold.',
    'Call resumed.',
    'The other side hung up.',
  ]);
  assert.ok(spoken.slice(1).every((s) => s.politeness === 'polite'));
});

test('an outgoing call: calling, then connected; events of another call say nothing', () => {
  const spoken = say([
    { type: 'call-started', id: 'o', direction: 'outbound', number: '1003', name: null },
    { type: 'progress', id: 'o' },
    { type: 'muted', id: 'stale', muted: true },
    { type: 'answered', id: 'o', at: 1 },
  ]);
  assert.equal(texts(spoken), ['Calling 1003.', 'Call connected with 1003.']);
});

test('registration: said when it works; a loss once, however often the phone retries, then "registered again"', () => {
  const unreachable: PhoneEvent = { type: 'failed', reason: 'Server unreachable: cannot connect to wss://pbx.' };
  const spoken = say([
    { type: 'connecting' },
    { type: 'registered' },
    unreachable,
    { type: 'connecting' },
    unreachable,
    { type: 'connecting' },
    unreachable,
    { type: 'connecting' },
    { type: 'registered' },
  ]);
  assert.equal(texts(spoken), [
    'Softphone registered as 1001.',
    'Softphone not registered: Server unreachable: cannot connect to wss://pbx.',
    'Softphone registered again as 1001.',
  ]);
});

test('a notice (a transfer done, a call that could not start) is said once', () => {
  const spoken = say([
    { type: 'notice', text: 'Transferred to 1003.', error: false },
    { type: 'connecting' },
    { type: 'notice', text: 'Transferred to 1003.', error: false },
  ]);
  assert.equal(texts(spoken), ['Transferred to 1003.']);
});

test.run();
