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

/** What txfax sets as its application response when the TIFF is not there (mod_spandsp_fax.c). */
const NO_SUCH_FILE = 'Cannot send non-existant fax file';

export interface FaxHangup {
  cause: string;
  /** The call was answered: txfax ran, so an answer without a txfaxresult means txfax never started. */
  answered: boolean;
  /** variable_current_application_response. */
  applicationResponse?: string | undefined;
  /** The TIFF the originate named. */
  file?: string;
}

/**
 * The fax call ended before spandsp reported anything. Unanswered: the call
 * itself failed. Answered: txfax gave up before T.30 began (spandsp reports
 * every session it starts, even a dropped one), almost always because
 * FreeSWITCH could not find the file, i.e. it does not share our fax spool.
 */
export function hangupOutcome(hangup: FaxHangup | string): Outcome {
  const h: FaxHangup = typeof hangup === 'string' ? { cause: hangup, answered: false } : hangup;
  if (h.answered && h.applicationResponse?.startsWith(NO_SUCH_FILE)) {
    const where = h.file ? ` (${h.file})` : '';
    return {
      kind: 'failed',
      reason: `The file could not be read: FreeSWITCH cannot find the fax document${where}; it must share the fax folder (FAX_SPOOL_DIR) with Switchboard`,
    };
  }
  if (h.answered && h.cause === 'NORMAL_CLEARING') {
    const why = h.applicationResponse ? `: ${h.applicationResponse}` : '';
    return { kind: 'failed', reason: `The phone system answered the fax call but could not send the document${why}` };
  }
  return causeOutcome(h.cause);
}

/**
 * `originate` printed -ERR <CAUSE> (BACKGROUND_JOB). INVALID_GATEWAY comes
 * before any channel exists: nothing else will ever be said about this fax.
 */
export function refusedOutcome(cause: string, gateway: string | undefined): Outcome {
  const name = gateway ? ` '${gateway}'` : '';
  if (cause === 'INVALID_GATEWAY') return { kind: 'failed', reason: `The fax gateway${name} does not exist in FreeSWITCH (FAX_GATEWAY)` };
  if (cause === 'GATEWAY_DOWN') return { kind: 'retry', reason: `The fax gateway${name} is down` };
  return causeOutcome(cause);
}

function causeOutcome(cause: string): Outcome {
  const retry = RETRYABLE[cause];
  if (retry) return { kind: 'retry', reason: retry };
  return { kind: 'failed', reason: WORDS[cause] ?? `The call failed (${cause.toLowerCase().replace(/_/g, ' ')})` };
}

/** A retry becomes a failure once the attempts are used up. */
export function settle(outcome: Outcome, attempts: number, maxAttempts: number): Outcome {
  if (outcome.kind !== 'retry' || attempts < maxAttempts) return outcome;
  return { kind: 'failed', reason: `${outcome.reason} (${attempts} attempt${attempts === 1 ? '' : 's'})` };
}
