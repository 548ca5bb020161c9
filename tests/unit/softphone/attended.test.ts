// The phone with two calls: a caller on hold while the agent consults
// someone (attended transfer). The reducer's new events, and the rules that
// say which of Swap / Complete transfer / Cancel is offered.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPhoneAnnouncer } from '../../../client/src/softphone/announcements.ts';
import { attendedActions, consultationCall, consultError, originalCall } from '../../../client/src/softphone/attended.ts';
import { initialPhoneState, reducePhone, type PhoneEvent, type PhoneState } from '../../../client/src/softphone/machine.ts';

const run = (...events: PhoneEvent[]): PhoneState => events.reduce(reducePhone, initialPhoneState());
const talking: PhoneEvent[] = [
  { type: 'registered' },
  { type: 'call-started', id: 'caller', direction: 'inbound', number: '1001', name: 'Ann' },
  { type: 'answered', id: 'caller', at: 1 },
];
const consulting: PhoneEvent[] = [
  ...talking,
  { type: 'held', id: 'caller', held: true },
  { type: 'call-started', id: 'target', direction: 'outbound', number: '1003', name: null, consultation: true },
];

test('a consultation puts the caller on the second line, on hold; the new call is in front', () => {
  const s = run(...consulting);
  assert.is(s.call?.id, 'target');
  assert.is(s.call?.consultation, true);
  assert.is(s.call?.status, 'calling');
  assert.is(s.other?.id, 'caller');
  assert.is(s.other?.held, true);
  assert.is(consultationCall(s)?.id, 'target');
  assert.is(originalCall(s)?.id, 'caller');
});

test('a new call that is not a consultation still replaces the one in front (a REFER we follow)', () => {
  const s = run(...talking, { type: 'call-started', id: 'new', direction: 'outbound', number: '1003', name: null });
  assert.is(s.call?.id, 'new');
  assert.is(s.other, null);
});

test('events reach the call they name on either line', () => {
  const s = run(...consulting, { type: 'progress', id: 'target' }, { type: 'answered', id: 'target', at: 5 }, { type: 'held', id: 'caller', held: false });
  assert.is(s.call?.status, 'connected');
  assert.is(s.other?.held, false);
  assert.is(reducePhone(s, { type: 'muted', id: 'elsewhere', muted: true }), s, 'a session on neither line is ignored');
});

test('only Cancel while the consultation rings; Swap, Complete and Merge once both are answered', () => {
  const ringing = run(...consulting, { type: 'progress', id: 'target' });
  assert.equal(attendedActions(ringing), { swap: false, complete: false, cancel: true, merge: false });
  const both = reducePhone(ringing, { type: 'answered', id: 'target', at: 5 });
  assert.equal(attendedActions(both), { swap: true, complete: true, cancel: true, merge: true });
  assert.equal(attendedActions(run(...talking)), { swap: false, complete: false, cancel: false, merge: false }, 'one call: nothing');
});

test('swap exchanges the lines; the consultation keeps its mark', () => {
  const both = run(...consulting, { type: 'answered', id: 'target', at: 5 });
  const swapped = reducePhone(both, { type: 'swapped' });
  assert.is(swapped.call?.id, 'caller');
  assert.is(swapped.other?.id, 'target');
  assert.is(consultationCall(swapped)?.id, 'target');
  assert.is(originalCall(swapped)?.id, 'caller');
  assert.is(reducePhone(run(...talking), { type: 'swapped' }).call?.id, 'caller', 'nothing to swap with one call');
});

test('the consultation ends (cancel, or the target hangs up): the caller comes to the front, still on hold', () => {
  const both = run(...consulting, { type: 'answered', id: 'target', at: 5 });
  const s = reducePhone(both, { type: 'ended', id: 'target', text: 'Call ended.', error: false });
  assert.is(s.call?.id, 'caller');
  assert.is(s.call?.held, true);
  assert.is(s.other, null);
  // After a swap the consultation is on the second line: its end leaves the caller where it is.
  const t = reducePhone(reducePhone(both, { type: 'swapped' }), { type: 'ended', id: 'target', text: 'Call ended.', error: false });
  assert.is(t.call?.id, 'caller');
  assert.is(t.other, null);
});

test('the caller hangs up during the consultation: the consulted call stays, as an ordinary call', () => {
  const both = run(...consulting, { type: 'answered', id: 'target', at: 5 });
  const s = reducePhone(both, { type: 'ended', id: 'caller', text: 'Call ended.', error: false });
  assert.is(s.call?.id, 'target');
  assert.is(s.call?.consultation, false);
  assert.is(s.other, null);
});

test('complete: buttons off while FreeSWITCH works; a refusal says why and keeps both calls; success ends both', () => {
  const both = run(...consulting, { type: 'answered', id: 'target', at: 5 });
  const completing = reducePhone(both, { type: 'completing' });
  assert.is(completing.completing, true);
  assert.equal(attendedActions(completing), { swap: false, complete: false, cancel: false, merge: false });
  const refused = reducePhone(completing, { type: 'complete-failed', reason: 'The transfer did not go through.' });
  assert.is(refused.completing, false);
  assert.equal(refused.notice, { text: 'The transfer did not go through.', error: true });
  assert.ok(refused.call && refused.other, 'both calls are still here');
  const done = [
    { type: 'ended', id: 'caller', text: 'Call ended.', error: false },
    { type: 'ended', id: 'target', text: 'Call ended.', error: false },
    { type: 'notice', text: 'Transfer complete.', error: false },
  ] satisfies PhoneEvent[];
  const s = done.reduce(reducePhone, completing);
  assert.equal([s.call, s.other, s.completing], [null, null, false]);
  assert.is(reducePhone(run(...talking), { type: 'completing' }).completing, false, 'no completing with one call');
});

test('consult: needs a registered phone, an answered call and a free second line', () => {
  assert.match(consultError(run(...talking), '') ?? '', /Enter the extension/);
  assert.is(consultError(run(...talking), '1003'), null);
  assert.match(consultError(run({ type: 'registered' }), '1003') ?? '', /answered call/);
  assert.match(consultError(run(...consulting), '1004') ?? '', /already consulting/);
  assert.match(consultError(run(...talking, { type: 'failed', reason: 'x' }), '1003') ?? '', /not registered/);
});

test('said aloud: the consultation, a swap, and the caller back in front', () => {
  const announcer = createPhoneAnnouncer();
  const said: string[] = [];
  let s = initialPhoneState();
  for (const e of [...consulting, { type: 'answered', id: 'target', at: 5 }, { type: 'swapped' }, { type: 'swapped' }, { type: 'ended', id: 'target', text: 'Call ended.', error: false }] satisfies PhoneEvent[]) {
    const next = reducePhone(s, e);
    said.push(...announcer(s, next, '1002', null).map((x) => x.text));
    s = next;
  }
  assert.ok(said.includes('Ann, 1001 on hold. Calling 1003.'), said.join(' | '));
  assert.ok(said.includes('Now talking to Ann, 1001; 1003 on hold.'), said.join(' | '));
  assert.ok(said.includes('Now talking to 1003; Ann, 1001 on hold.'), said.join(' | '));
  assert.ok(said.includes('Ann, 1001 is on hold.'), said.join(' | '));
  assert.is(said.filter((t) => t.startsWith('Incoming call')).length, 1, 'a swap is not a new incoming call');
});

test.run();
