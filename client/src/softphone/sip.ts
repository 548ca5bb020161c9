// The JsSIP boundary: one UA per saved settings, at most one call. Turns
// JsSIP's events into PhoneEvents (machine.ts) and the user's intentions into
// SIP. Nothing else imports JsSIP, so it loads with the softphone chunk only.
import { UA, WebSocketInterface } from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import { callEnded, registrationFailure } from './causes.ts';
import type { PhoneEvent } from './machine.ts';
import { caller, sipUri } from './numbers.ts';
import type { SipSettings } from './settings.ts';

export interface SipPhone {
  call(number: string): void;
  answer(): void;
  reject(): void;
  hangup(): void;
  mute(on: boolean): void;
  hold(on: boolean): void;
  tone(tone: string): void;
  transfer(number: string): void;
  /** Unregisters and closes the connection. */
  stop(): void;
}

// Audio only; no STUN/TURN: the PBX (or, in tests, the other browser) is reachable directly.
const CALL_OPTIONS = {
  mediaConstraints: { audio: true, video: false },
  pcConfig: { iceServers: [] },
  rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
};

export function startSipPhone(settings: SipSettings, emit: (event: PhoneEvent) => void, remoteAudio: HTMLAudioElement): SipPhone {
  const socket = new WebSocketInterface(settings.wsServer);
  const ua = new UA({
    sockets: [socket],
    uri: sipUri(settings.extension, settings.domain),
    password: settings.password,
    register: true,
    register_expires: 300,
    session_timers: false,
    user_agent: 'Switchboard softphone',
    // Keep retrying an unreachable server, but not more often than every 2 s.
    connection_recovery_min_interval: 2,
    connection_recovery_max_interval: 30,
  });
  let session: RTCSession | null = null;
  let stopped = false;

  ua.on('connecting', () => emit({ type: 'connecting' }));
  ua.on('disconnected', () => {
    if (!stopped) emit({ type: 'failed', reason: registrationFailure('Connection Error', settings.wsServer) });
  });
  ua.on('registered', () => emit({ type: 'registered' }));
  ua.on('unregistered', () => emit({ type: 'unregistered' }));
  ua.on('registrationFailed', (e: { cause?: string }) => {
    emit({ type: 'failed', reason: registrationFailure(e.cause, settings.wsServer) });
    // Wrong credentials stay wrong: retrying would only lock the account at the
    // PBX. A proxy re-challenges them (401: 'Authentication Error'), FreeSWITCH
    // forbids them (403: 'Rejected').
    if (e.cause === 'Authentication Error' || e.cause === 'Rejected') stop();
  });
  ua.on('newRTCSession', (e: RTCSessionEvent) => adopt(e.session, e.originator === 'remote' ? 'inbound' : 'outbound'));

  function adopt(s: RTCSession, direction: 'inbound' | 'outbound') {
    if (direction === 'inbound' && session) {
      // One line: a second caller hears busy (the PBX sends them to voicemail).
      s.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    session = s;
    const id = s.id;
    const who = caller(s.remote_identity.display_name, s.remote_identity.uri.user);
    emit({ type: 'call-started', id, direction, number: who.number, name: who.name });
    let answered = false;
    const playRemote = (pc: RTCPeerConnection) =>
      pc.addEventListener('track', (t) => {
        remoteAudio.srcObject = t.streams[0] ?? new MediaStream([t.track]);
        void remoteAudio.play().catch(() => undefined);
      });
    if (s.connection) playRemote(s.connection);
    else s.on('peerconnection', (p: { peerconnection: RTCPeerConnection }) => playRemote(p.peerconnection));
    s.on('progress', () => emit({ type: 'progress', id }));
    s.on('accepted', () => {
      answered = true;
      emit({ type: 'answered', id, at: Date.now() });
    });
    const end = (e: { cause?: string; originator: string }) => {
      if (session === s) session = null;
      emit({ type: 'ended', id, ...callEnded(e.cause, e.originator, direction, answered) });
    };
    s.on('ended', end);
    s.on('failed', end);
    s.on('muted', () => emit({ type: 'muted', id, muted: true }));
    s.on('unmuted', () => emit({ type: 'muted', id, muted: false }));
    s.on('hold', (e: { originator: string }) => e.originator === 'local' && emit({ type: 'held', id, held: true }));
    s.on('unhold', (e: { originator: string }) => e.originator === 'local' && emit({ type: 'held', id, held: false }));
    // The other side transfers us (a proxy passes its REFER through; FreeSWITCH
    // takes the REFER itself and re-routes our leg, so none reaches us there):
    // call the new destination; our old leg gets a BYE.
    s.on('refer', (e) => e.accept(() => undefined, CALL_OPTIONS));
  }

  function stop() {
    if (stopped) return;
    stopped = true;
    session?.terminate();
    ua.stop();
    emit({ type: 'unregistered' });
  }

  ua.start();

  const current = () => session;
  return {
    call(number) {
      ua.call(sipUri(number, settings.domain), CALL_OPTIONS);
    },
    answer: () => current()?.answer(CALL_OPTIONS),
    reject: () => current()?.terminate({ status_code: 486, reason_phrase: 'Busy Here' }),
    hangup: () => current()?.terminate(),
    mute: (on) => (on ? current()?.mute({ audio: true }) : current()?.unmute({ audio: true })),
    hold: (on) => (on ? current()?.hold() : current()?.unhold()),
    tone(tone) {
      const s = current();
      if (!s) return;
      // SIP INFO (JsSIP's default): it passes any proxy, and FreeSWITCH takes it
      // because internal.xml sets liberal-dtmf (without it FreeSWITCH ignores
      // INFO tones on a call that negotiated RFC 2833, as every WebRTC call does).
      s.sendDTMF(tone, { duration: 160, interToneGap: 80 });
      emit({ type: 'tone-sent', id: s.id, tone });
    },
    transfer(number) {
      const s = current();
      if (!s) return;
      const id = s.id;
      emit({ type: 'transfer-asked', id, target: number });
      s.refer(sipUri(number, settings.domain), {
        eventHandlers: {
          // Blind transfer: once the other side took the REFER (202), our leg is
          // done; how the new call goes is between them and the destination.
          requestSucceeded: () => {
            s.terminate();
            emit({ type: 'notice', text: `Transferred to ${number}.`, error: false });
          },
          requestFailed: () => emit({ type: 'transfer-failed', id, reason: `The transfer to ${number} was refused.` }),
        },
      });
    },
    stop,
  };
}
