// What became of a call, in the words a CDR page uses, from FreeSWITCH's
// hangup cause. Pure. The same cause reads differently from each side: a
// caller who gives up (ORIGINATOR_CANCEL) "cancelled" their own call but
// "missed" is what the phone that rang sees.
import type { CdrDirection, CdrStatus } from '../../common/cdr.ts';

/** Nobody picked up before the ring timer ran out. */
const NO_ANSWER = new Set(['NO_ANSWER', 'NO_USER_RESPONSE', 'ALLOTTED_TIMEOUT', 'PROGRESS_TIMEOUT', 'RECOVERY_ON_TIMER_EXPIRE']);
/** The caller hung up first, or the call simply ended before an answer. */
const CALLER_GAVE_UP = new Set(['ORIGINATOR_CANCEL', 'NORMAL_CLEARING']);
/** Another phone of a ring group or queue took the call. */
const TAKEN_ELSEWHERE = new Set(['LOSE_RACE', 'PICKED_OFF']);

export function callStatus(hangupCause: string, answered: boolean, direction: CdrDirection): CdrStatus {
  if (answered) return 'answered';
  const rang = direction === 'inbound';
  if (hangupCause === 'USER_BUSY') return 'busy';
  if (hangupCause === 'CALL_REJECTED') return 'rejected';
  if (NO_ANSWER.has(hangupCause)) return rang ? 'missed' : 'no-answer';
  if (CALLER_GAVE_UP.has(hangupCause)) return rang ? 'missed' : 'cancelled';
  if (TAKEN_ELSEWHERE.has(hangupCause)) return 'cancelled';
  // Unallocated number, no route, unregistered user, network and media failures…
  return 'failed';
}
