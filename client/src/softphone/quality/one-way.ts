// One-way audio: nothing (or only digital silence) arriving from the far end,
// or nothing leaving towards it, for long enough that a person would notice.
// A pure fold over the figures of each second; the call's own state says
// when silence is expected and is no fault: a direction the SDP turned off
// (either side's hold makes the stream sendonly, recvonly or inactive), or
// the user's own mute.
import type { QualityFigures } from './stats.ts';

/** Seconds of silence one way before the warning shows. */
export const ONE_WAY_AFTER_S = 4;
/**
 * Below this RMS level (about −80 dBFS) the audio is digital silence: a
 * disabled or silenced track. A real microphone's room noise stays above it,
 * so a far end that merely listens does not raise the warning.
 */
export const SILENCE_LEVEL = 1e-4;

export const NO_SOUND_IN = 'No sound from the other side.';
export const NO_SOUND_OUT = 'The other side cannot hear you: microphone muted by the system?';

export interface CallContext {
  /** The negotiated direction (the transceiver's currentDirection) lets audio come in / go out. */
  receiving: boolean;
  sending: boolean;
  /** The user muted the microphone: nothing is expected to leave. */
  muted: boolean;
  /** The microphone track as the browser has it: muted by the system, ended, or missing. */
  track: 'live' | 'muted' | 'ended' | 'none';
}

export interface OneWayState {
  /** ms since the epoch when each direction went quiet; null while audio flows. */
  quietInSince: number | null;
  quietOutSince: number | null;
  noSoundIn: boolean;
  noSoundOut: boolean;
}

export const initialOneWay = (): OneWayState => ({ quietInSince: null, quietOutSince: null, noSoundIn: false, noSoundOut: false });

const silent = (packets: number | null, level: number | null) => packets === 0 || (level !== null && level < SILENCE_LEVEL);

export function reduceOneWay(state: OneWayState, figures: QualityFigures, call: CallContext, at: number): OneWayState {
  const quietIn = call.receiving && silent(figures.receivedDelta, figures.inboundLevel);
  const quietOut = call.sending && !call.muted && silent(figures.sentDelta, figures.outboundLevel);
  const quietInSince = quietIn ? (state.quietInSince ?? at) : null;
  const quietOutSince = quietOut ? (state.quietOutSince ?? at) : null;
  const long = (since: number | null) => since !== null && at - since >= ONE_WAY_AFTER_S * 1000;
  // A microphone the system muted or took away is known at once.
  const micGone = call.sending && !call.muted && call.track !== 'live';
  return {
    quietInSince,
    quietOutSince,
    noSoundIn: long(quietInSince),
    noSoundOut: micGone || long(quietOutSince),
  };
}
