// What a fax attempt's end means for the fax: pure decisions, no I/O.
import type { FaxResult } from '../pbx/events.ts';

export type Outcome =
  | { kind: 'sent'; pages: number }
  | { kind: 'failed'; reason: string }
  /** Worth another attempt (the line was busy, nobody answered). */
  | { kind: 'retry'; reason: string };

/** Hangup causes after which the same fax may well get through later. */
const RETRYABLE: Record<string, string> = {
  USER_BUSY: 'The line was busy',
  NO_ANSWER: 'Nobody answered',
  NO_USER_RESPONSE: 'Nobody answered',
  CALL_REJECTED: 'The call was rejected',
  NORMAL_TEMPORARY_FAILURE: 'The network had a temporary failure',
  RECOVERY_ON_TIMER_EXPIRE: 'The call timed out',
  SWITCH_CONGESTION: 'The network was congested',
  NORMAL_CIRCUIT_CONGESTION: 'The network was congested',
};

const WORDS: Record<string, string> = {
  UNALLOCATED_NUMBER: 'The number does not exist',
  INVALID_NUMBER_FORMAT: 'The number is not valid',
  NO_ROUTE_DESTINATION: 'The number cannot be reached',
  GATEWAY_DOWN: 'The fax gateway is down',
};

/** spandsp::txfaxresult: success, or T.30's own reason. */
export function txfaxOutcome(fax: FaxResult): Outcome {
  if (fax.success) return { kind: 'sent', pages: fax.transferredPages };
  const text = fax.resultText || `fax error ${fax.resultCode}`;
  return { kind: 'failed', reason: `The fax machine did not take the fax: ${text}` };
}

/** The channel hung up before spandsp reported anything: the call itself failed. */
export function hangupOutcome(cause: string): Outcome {
  const retry = RETRYABLE[cause];
  if (retry) return { kind: 'retry', reason: retry };
  return { kind: 'failed', reason: WORDS[cause] ?? `The call failed (${cause.toLowerCase().replace(/_/g, ' ')})` };
}

/** A retry becomes a failure once the attempts are used up. */
export function settle(outcome: Outcome, attempts: number, maxAttempts: number): Outcome {
  if (outcome.kind !== 'retry' || attempts < maxAttempts) return outcome;
  return { kind: 'failed', reason: `${outcome.reason} (${attempts} attempt${attempts === 1 ? '' : 's'})` };
}
