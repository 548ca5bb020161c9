// Opening the softphone panel from the phone itself, when a call comes in
// while the panel is closed. The shell's panel watches this and opens.
import { createSignal } from 'solid-js';

const [requests, setRequests] = createSignal(0);

/** Bumped for each incoming call (or transfer shortcut) that should bring the panel up without moving the keyboard focus. */
export const ringRequests = requests;
export const openForIncomingCall = () => setRequests((n) => n + 1);
