// Status derivation: every class of hangup cause, from each side of the call.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { callStatus } from '../../../server/cdr/status.ts';

test('an answered call is answered, whatever the cause it ended with', () => {
  for (const cause of ['NORMAL_CLEARING', 'MEDIA_TIMEOUT', 'ORIGINATOR_CANCEL', 'USER_BUSY']) {
    assert.is(callStatus(cause, true, 'inbound'), 'answered', cause);
    assert.is(callStatus(cause, true, 'outbound'), 'answered', cause);
  }
});

test('busy and rejected read the same from both sides', () => {
  assert.is(callStatus('USER_BUSY', false, 'outbound'), 'busy');
  assert.is(callStatus('USER_BUSY', false, 'inbound'), 'busy');
  assert.is(callStatus('CALL_REJECTED', false, 'outbound'), 'rejected');
  assert.is(callStatus('CALL_REJECTED', false, 'inbound'), 'rejected');
});

test('nobody answered: the phone that rang missed it, the caller got no answer', () => {
  for (const cause of ['NO_ANSWER', 'NO_USER_RESPONSE', 'ALLOTTED_TIMEOUT', 'PROGRESS_TIMEOUT', 'RECOVERY_ON_TIMER_EXPIRE']) {
    assert.is(callStatus(cause, false, 'inbound'), 'missed', cause);
    assert.is(callStatus(cause, false, 'outbound'), 'no-answer', cause);
  }
});

test('the caller gave up: cancelled for them, missed for the phone that rang', () => {
  for (const cause of ['ORIGINATOR_CANCEL', 'NORMAL_CLEARING']) {
    assert.is(callStatus(cause, false, 'outbound'), 'cancelled', cause);
    assert.is(callStatus(cause, false, 'inbound'), 'missed', cause);
  }
});

test('taken by another phone of the group: cancelled, not missed', () => {
  assert.is(callStatus('LOSE_RACE', false, 'inbound'), 'cancelled');
  assert.is(callStatus('PICKED_OFF', false, 'inbound'), 'cancelled');
});

test('routing, network and media failures are failed', () => {
  for (const cause of ['UNALLOCATED_NUMBER', 'NO_ROUTE_DESTINATION', 'USER_NOT_REGISTERED', 'NORMAL_TEMPORARY_FAILURE', 'DESTINATION_OUT_OF_ORDER', 'INCOMPATIBLE_DESTINATION', 'MEDIA_TIMEOUT', 'SOMETHING_NEW']) {
    assert.is(callStatus(cause, false, 'outbound'), 'failed', cause);
    assert.is(callStatus(cause, false, 'inbound'), 'failed', cause);
  }
});

test.run();
