// Colleagues' presence, derived from what FreeSWITCH says: the legs of calls
// that ring or come from the tenant's phones (CHANNEL_CREATE / _ANSWER /
// _HANGUP_COMPLETE, or `show channels` after a reconnect), each extension's
// registered devices, its Do Not Disturb and its agent's break. Pure: the
// live store asks, after each event, for the extensions the event touched.
import type { CallPeer, ExtensionLive, ExtensionPresence, PresenceState } from '../../common/live.ts';
import type { Channel, Micros } from '../pbx/events.ts';

/** One leg of a call on one of the tenant's phones. */
export interface CallLeg {
  extension: string;
  /**
   * FreeSWITCH's outbound leg towards the phone: it rings the phone until
   * answered. The phone's own (inbound) leg is a call it placed.
   */
  toPhone: boolean;
  createdAt: Micros;
  /** 0 while not answered. */
  answeredAt: Micros;
  /** The other party as the leg names it. */
  peer: CallPeer;
}

/** The leg a channel is, when it belongs to one of `extensions`. */
export function legOf(channel: Channel, extensions: ReadonlyMap<string, unknown>): CallLeg | null {
  const extension = channel.extension;
  if (!extension || !extensions.has(extension)) return null;
  const toPhone = channel.direction === 'outbound';
  return {
    extension,
    toPhone,
    createdAt: channel.createdAt,
    answeredAt: channel.answeredAt,
    // Ringing the phone, the leg carries the caller's ID; placed by the phone, the number it dialled.
    peer: toPhone ? { name: channel.callerIdName, number: channel.callerIdNumber } : { name: '', number: channel.destination },
  };
}

export const sameLeg = (a: CallLeg, b: CallLeg) =>
  a.extension === b.extension &&
  a.toPhone === b.toPhone &&
  a.createdAt === b.createdAt &&
  a.answeredAt === b.answeredAt &&
  a.peer.name === b.peer.name &&
  a.peer.number === b.peer.number;

type CallState = Extract<PresenceState, 'talking' | 'ringing' | 'dialling'>;

/** An extension's call, from its legs: an answered one first (the latest), else one ringing it, else one it placed. */
export function callOf(legs: Iterable<CallLeg>): { state: CallState; since: Micros; peer: CallPeer } | null {
  let best: { state: CallState; since: Micros; peer: CallPeer } | null = null;
  const rank = { talking: 0, ringing: 1, dialling: 2 } as const;
  for (const leg of legs) {
    const state: CallState = leg.answeredAt ? 'talking' : leg.toPhone ? 'ringing' : 'dialling';
    const since = leg.answeredAt || leg.createdAt;
    if (!best || rank[state] < rank[best.state] || (state === best.state && since > best.since)) best = { state, since, peer: leg.peer };
  }
  return best;
}

/**
 * The extension's presence now. `previous` keeps `since` while the state
 * holds (a second device registering is no news); `now` dates a new state
 * that no call dates.
 */
export function presenceOf(
  ext: ExtensionLive,
  call: ReturnType<typeof callOf>,
  previous: ExtensionPresence | undefined,
  nowSeconds: number,
): ExtensionPresence {
  const online = ext.devices.length > 0;
  const onBreak = ext.agent?.status === 'On Break';
  const breakReason = onBreak ? (ext.agent?.reason ?? '') : null;
  const state: PresenceState = call?.state ?? (ext.dnd ? 'dnd' : onBreak ? 'on-break' : online ? 'idle' : 'offline');
  const since = call ? Math.floor(call.since / 1_000_000) : previous?.state === state ? previous.since : nowSeconds;
  return { state, since, online, dnd: ext.dnd, breakReason };
}

export const samePresence = (a: ExtensionPresence | undefined, b: ExtensionPresence) =>
  !!a && a.state === b.state && a.since === b.since && a.online === b.online && a.dnd === b.dnd && a.breakReason === b.breakReason;

export const samePeer = (a: CallPeer | undefined, b: CallPeer | undefined) => a?.name === b?.name && a?.number === b?.number;
