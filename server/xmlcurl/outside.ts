// A call from one of the tenant's phones to an outside number: out through
// the carrier gateway. Pure. The number is dialled as E.164 (+…, or the
// international 00… form) and sent to the carrier with its plus; the caller
// ID the carrier sees is the caller's own DID when they have one, so the
// called party can call back. The leg is rated and debited from its CDR.
import { e164 } from '../cdr/rating.ts';
import { GATEWAY_VARIABLE, type Action } from './dialplan.ts';

/** How long an outside number may ring before we give up on it. */
export const OUTSIDE_RING_SECONDS = 60;

/** The outside number a phone dialled, in E.164, or undefined when it is not one. */
export const outsideNumber = (dialled: string) => e164(dialled);

export function outsideActions(number: string, callerDid?: string): Action[] {
  return [
    ...(callerDid ? ([['set', `effective_caller_id_number=${callerDid}`]] as Action[]) : []),
    ['set', 'hangup_after_bridge=true'],
    ['set', `call_timeout=${OUTSIDE_RING_SECONDS}`],
    ['bridge', `sofia/gateway/\${${GATEWAY_VARIABLE}}/${number}`],
  ];
}

/** Prepaid: an outside call needs a balance above zero (the credit is a decimal string, never a float). */
export const creditLeft = (credit: string) => !credit.trim().startsWith('-') && /[1-9]/.test(credit);

/** What a phone hears when the tenant's credit is used up: SIP 402, which phones show as such. */
export const NO_CREDIT: Action[] = [['respond', '402 Payment Required']];
