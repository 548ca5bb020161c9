// What other pages ask of the softphone (the Colleagues page and panel: call
// this extension, transfer the call there), without loading it: JsSIP comes
// with the softphone's own chunk, which takes the asks once it is loaded.
// The phone says here whether a call is up, so pages know when "Transfer
// here" means something.
import { createSignal } from 'solid-js';
import { openForIncomingCall } from './open.ts';

export interface SoftphoneAsk {
  /** transfer: blind; consult: attended (hold the call, ring them first). */
  kind: 'call' | 'transfer' | 'consult';
  number: string;
}

let handler: ((ask: SoftphoneAsk) => void) | null = null;
/** An ask made before the softphone's chunk arrived; the latest one wins. */
let pending: SoftphoneAsk | null = null;
const [connected, setConnected] = createSignal(false);

/** The softphone has an answered call: it can be transferred. */
export const softphoneConnected = connected;
/** The phone says so after each change of its call. */
export const reportConnected = (up: boolean) => setConnected(up);

/** Brings the panel up (without taking the keyboard from the page) and asks the phone. */
export function askSoftphone(ask: SoftphoneAsk): void {
  openForIncomingCall();
  if (handler) handler(ask);
  else pending = ask;
}

/** The phone (phone.ts) takes the asks from now on, the one waiting first. */
export function takeSoftphoneAsks(take: (ask: SoftphoneAsk) => void): void {
  handler = take;
  const waiting = pending;
  pending = null;
  if (waiting) take(waiting);
}
