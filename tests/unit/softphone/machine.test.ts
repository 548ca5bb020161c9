// The softphone's pure parts: the state machine, the words for failures,
// what can be dialled, the call timer, settings checks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { callEnded, MICROPHONE_REFUSED, registrationFailure } from '../../../client/src/softphone/causes.ts';
import { initialPhoneState, reducePhone, type PhoneEvent, type PhoneState } from '../../../client/src/softphone/machine.ts';
import { caller, dialable, formatCallTime, queueOfCall } from '../../../client/src/softphone/numbers.ts';
import { validateSettings } from '../../../client/src/softphone/settings.ts';

const run = (...events: PhoneEvent[]): PhoneState => events.reduce(reducePhone, initialPhoneState());
const outbound: PhoneEvent = { type: 'call-started', id: 'a', direction: 'outbound', number: '1002', name: null };

test('registration: connecting, registered; a failure keeps its reason past the unregister that follows', () => {
  assert.is(run({ type: 'connecting' }).registration.status, 'connecting');
  assert.is(run({ type: 'connecting' }, { type: 'registered' }).registration.status, 'registered');
  const failed = run({ type: 'connecting' }, { type: 'failed', reason: 'Wrong SIP password' }, { type: 'unregistered' });
  assert.equal(failed.registration, { status: 'failed', reason: 'Wrong SIP password' });
  assert.is(run({ type: 'failed', reason: 'x' }, { type: 'connecting' }).registration.reason, null);
});

test('an outgoing call: calling, ringing, connected with the answer time, ended with a notice', () => {
  let s = run({ type: 'dialed', number: '1002' }, outbound);
  assert.is(s.call?.status, 'calling');
  assert.is(s.lastDialed, '1002');
  s = reducePhone(s, { type: 'progress', id: 'a' });
  assert.is(s.call?.status, 'ringing');
  s = reducePhone(s, { type: 'answered', id: 'a', at: 1000 });
  assert.is(s.call?.status, 'connected');
  assert.is(s.call?.answeredAt, 1000);
  s = reducePhone(s, { type: 'ended', id: 'a', text: 'Call ended.', error: false });
  assert.is(s.call, null);
  assert.equal(s.notice, { text: 'Call ended.', error: false });
});

test('events of another session are ignored (a transfer leaves the old one ending late)', () => {
  const s = run(outbound, { type: 'answered', id: 'a', at: 1 }, { type: 'call-started', id: 'b', direction: 'outbound', number: '1003', name: null });
  assert.is(reducePhone(s, { type: 'ended', id: 'a', text: 'x', error: false }), s);
  assert.is(reducePhone(s, { type: 'muted', id: 'a', muted: true }), s);
});

test('mute, hold, tones and a failed transfer are recorded on the call', () => {
  const s = run(
    outbound,
    { type: 'answered', id: 'a', at: 1 },
    { type: 'muted', id: 'a', muted: true },
    { type: 'held', id: 'a', held: true },
    { type: 'tone-sent', id: 'a', tone: '5' },
    { type: 'tone-sent', id: 'a', tone: '#' },
    { type: 'transfer-asked', id: 'a', target: '1003' },
    { type: 'transfer-failed', id: 'a', reason: 'refused' },
  );
  assert.equal([s.call?.muted, s.call?.held, s.call?.tones, s.call?.transferTo, s.call?.transferError], [true, true, '5#', null, 'refused']);
});

test('an incoming call starts ringing here', () => {
  assert.is(run({ type: 'call-started', id: 'c', direction: 'inbound', number: '1001', name: 'Ann' }).call?.status, 'incoming');
});

test('failures in words', () => {
  assert.match(registrationFailure('Authentication Error', 'ws://x'), /wrong SIP password/i);
  assert.match(registrationFailure('Rejected', 'ws://x'), /wrong SIP password/i, "FreeSWITCH's 403");
  assert.match(registrationFailure('Connection Error', 'ws://x:5066'), /unreachable.*ws:\/\/x:5066/i);
  assert.equal(callEnded('Busy', 'remote', 'outbound', false), { text: 'Busy: the call was declined.', error: true });
  assert.is(callEnded('User Denied Media Access', 'local', 'inbound', false).text, MICROPHONE_REFUSED);
  assert.is(callEnded('Terminated', 'remote', 'outbound', true).text, 'The other side hung up.');
  assert.is(callEnded('Canceled', 'remote', 'inbound', false).text, 'Missed call: the caller hung up.');
});

test('what can be dialled, who is calling, the queue, the timer', () => {
  assert.is(dialable(' +1 (555) 010-2000 '), '+15550102000');
  assert.is(dialable('*98#'), '*98#');
  assert.is(dialable('abc'), null);
  assert.is(dialable(''), null);
  assert.equal(caller('1001', '1001'), { number: '1001', name: null });
  assert.equal(caller(' Ann ', '1001'), { number: '1001', name: 'Ann' });
  const offered = { queue: 'sales', memberUuid: 'u', cidName: 'Bob', cidNumber: '5550100' };
  assert.is(queueOfCall(offered, '5550100'), 'sales');
  assert.is(queueOfCall(offered, '1002'), null);
  assert.is(queueOfCall(null, '1002'), null);
  assert.equal([formatCallTime(7_900), formatCallTime(754_000), formatCallTime(3_723_000)], ['0:07', '12:34', '1:02:03']);
});

test('settings are checked field by field', () => {
  assert.equal(validateSettings({ extension: '1001', password: 'p', domain: 'acme.pbx.test', wsServer: 'wss://acme.pbx.test:7443' }), {});
  const errors = validateSettings({ extension: '', password: '', domain: 'a b', wsServer: 'http://x' });
  assert.equal(Object.keys(errors).sort(), ['domain', 'extension', 'password', 'wsServer']);
});

test.run();
