// The softphone's side of a held call (client/src/softphone/resume.ts):
// which offers show, how the party is named, and a resumed call shown as
// its party rather than the address dialled.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ResumableCall } from '../../../common/live.ts';
import { asResumedCall, openOffers, partyOf, resumeAddress, secondsLeft } from '../../../client/src/softphone/resume.ts';

const call = (uuid: string, until: number, name = 'Ben Okafor', number = '1002'): ResumableCall => ({ uuid, name, number, until });

test('open offers: not past their time, not dismissed here; the newest first', () => {
  const calls = [call('a', 5_000), call('b', 20_000), call('c', 30_000)];
  assert.equal(openOffers(calls, 10_000, new Set(['c'])).map((c) => c.uuid), ['b']);
  assert.equal(openOffers(calls, 0, new Set()).map((c) => c.uuid), ['c', 'b', 'a']);
  assert.equal(openOffers(undefined, 0, new Set()), []);
});

test('the party and the countdown in words', () => {
  assert.is(partyOf(call('a', 0)), 'Ben Okafor (1002)');
  assert.is(partyOf(call('a', 0, '1002')), '1002');
  assert.is(secondsLeft(call('a', 10_500), 1_000), 10);
  assert.is(secondsLeft(call('a', 0), 1_000), 0);
});

test('the resumed call is shown as its party; any other call is left alone', () => {
  const resuming = { address: resumeAddress('u-1'), call: call('u-1', 0) };
  assert.equal(asResumedCall({ type: 'call-started', id: 's', direction: 'outbound', number: 'resume-u-1', name: null }, resuming), {
    type: 'call-started',
    id: 's',
    direction: 'outbound',
    number: '1002',
    name: 'Ben Okafor',
  });
  const other = { type: 'call-started', id: 's', direction: 'outbound', number: '1003', name: null } as const;
  assert.is(asResumedCall(other, resuming), other);
  assert.is(asResumedCall(other, null), other);
});

test.run();
