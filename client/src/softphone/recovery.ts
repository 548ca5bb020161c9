// Keeps the softphone's connection alive through network changes, without
// the user: JsSIP reconnects a WebSocket that closed (and registers again),
// but a network change often leaves the old one open and dead, and the
// call's media path stale. So when ICE loses its path (or the browser says
// it is online again) we ask the PBX a question (OPTIONS); no answer in
// time means the WebSocket is dead and we drop it for JsSIP to reconnect.
// Once signalling works, a call whose media broke (or that lived through a
// reconnect) gets an ICE restart: a re-INVITE with new ICE credentials,
// which FreeSWITCH takes by re-activating ICE on the leg (switch_core_media.c,
// check_ice: a new a=ice-ufrag sets new_ice, "RE-Activating audio ICE").
import { WebSocketInterface, type UA } from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { LinkEvent } from './link.ts';

/** A WebSocket JsSIP can be told is dead: drop() closes it and reports an abrupt close, so JsSIP's own recovery reconnects. */
export class DroppableSocket extends WebSocketInterface {
  drop(): void {
    this.disconnect();
    this.ondisconnect(true, 1006, 'network change');
  }
}

/** How long the PBX has to answer an OPTIONS before the WebSocket counts as dead. */
const PROBE_MS = 3_000;
/** JsSIP refuses a re-offer while another is out (a hold, say): try again this often, this many times. */
const RETRY_MS = 300;
const RETRIES = 20;

/** UA.sendOptions exists in JsSIP 3.13 (lib/UA.js) but not in its typings. */
interface OptionsSender {
  sendOptions(
    target: string,
    body: string | undefined,
    options: { eventHandlers: { succeeded: () => void; failed: (e: { originator: string }) => void } },
  ): unknown;
}

export interface Recovery {
  /** The UA registered (first time or again). */
  registered(): void;
  /** The WebSocket dropped after a registration. */
  lost(): void;
  /** A call's peer connection to watch. */
  watch(session: RTCSession, pc: RTCPeerConnection): void;
  stop(): void;
}

export function createRecovery(opts: {
  ua: UA;
  socket: DroppableSocket;
  /** Where an OPTIONS probe goes (the registrar's domain). */
  probeTarget: string;
  /** The call in progress, if any. */
  current: () => RTCSession | null;
  link: (event: LinkEvent) => void;
}): Recovery {
  const { ua, socket, current, link } = opts;
  /** Signalling dropped since the last ICE restart: the call needs one once we are back. */
  let needRestart = false;
  let probing = false;
  let stopped = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => (timers.delete(t), fn()), ms);
    timers.add(t);
  };

  const broken = (pc: RTCPeerConnection) => pc.iceConnectionState === 'disconnected' || pc.iceConnectionState === 'failed';

  function restartIce(attempt = 0): void {
    const s = current();
    if (stopped || !s || !s.isEstablished() || !ua.isRegistered()) return;
    const ok = s.renegotiate({ rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false, iceRestart: true } }, () => {
      // The answer is in: say how the media path is now (a restart over a path that never broke stays "connected").
      if (s.connection && current() === s) link({ type: 'ice', state: s.connection.iceConnectionState });
    });
    if (ok) {
      needRestart = false;
      link({ type: 'ice-restart' });
    } else if (attempt < RETRIES) later(() => restartIce(attempt + 1), RETRY_MS);
  }

  /** Is the WebSocket alive? An answer of any kind says yes; silence says drop it. */
  function probe(): void {
    if (stopped || probing || !ua.isConnected()) return;
    probing = true;
    let answered = false;
    const done = (alive: boolean) => {
      if (!probing) return;
      probing = false;
      if (alive) {
        const pc = current()?.connection;
        if (pc && (needRestart || broken(pc))) restartIce();
      } else {
        needRestart = !!current();
        socket.drop();
      }
    };
    (ua as UA & OptionsSender).sendOptions(opts.probeTarget, undefined, {
      eventHandlers: {
        succeeded: () => ((answered = true), done(true)),
        // A SIP error reply still came over the WebSocket; a transport error or timeout did not.
        failed: (e: { originator: string }) => ((answered = e.originator === 'remote'), done(answered)),
      },
    });
    later(() => !answered && done(false), PROBE_MS);
  }

  const online = () => current() && probe();
  window.addEventListener('online', online);

  return {
    registered() {
      link({ type: 'registered' });
      if (needRestart || (current()?.connection && broken(current()!.connection))) restartIce();
    },
    lost() {
      probing = false;
      if (current()) needRestart = true;
      link({ type: 'signalling-lost' });
    },
    watch(session, pc) {
      pc.addEventListener('iceconnectionstatechange', () => {
        if (current() !== session) return;
        const state = pc.iceConnectionState;
        link({ type: 'ice', state });
        if (state === 'disconnected' || state === 'failed') probe();
      });
    },
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      window.removeEventListener('online', online);
    },
  };
}
