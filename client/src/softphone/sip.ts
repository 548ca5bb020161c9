// The JsSIP boundary: one UA per saved settings, at most two calls (a held
// one and a consultation, for an attended transfer). Turns
// JsSIP's events into PhoneEvents (machine.ts) and the user's intentions into
// SIP. Nothing else imports JsSIP, so it loads with the softphone chunk only.
import { UA } from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import { callEnded, registrationFailure } from './causes.ts';
import { holdControl, type HoldControl } from './hold.ts';
import type { LinkEvent } from './link.ts';
import type { PhoneEvent } from './machine.ts';
import { caller, sipUri } from './numbers.ts';
import { createRecovery, DroppableSocket } from './recovery.ts';
import type { SipSettings } from './settings.ts';

/** Calls are named by their id (PhoneEvent's `id`); the machine knows which one is in front. */
export interface SipPhone {
  call(number: string): void;
  answer(): void;
  reject(): void;
  hangup(id: string): void;
  mute(id: string, on: boolean): void;
  hold(id: string, on: boolean): void;
  tone(id: string, tone: string): void;
  transfer(id: string, number: string): void;
  /** Holds call `heldId` and calls `number` to consult them. */
  consult(heldId: string, number: string): void;
  /** Holds `frontId`, resumes `otherId`. */
  swap(frontId: string, otherId: string): void;
  /** Attended transfer: connects the far ends of both calls (REFER with Replaces on `heldId`); both our legs end. */
  complete(heldId: string, consultationId: string): void;
  /** Three-way: both far ends into a new conference room, then this phone joins it as a call named `label`. */
  merge(heldId: string, consultationId: string, label: string): void;
  /** The media connection of the call in front (JsSIP's session.connection), for its quality figures. */
  connection(): RTCPeerConnection | null;
  /** Unregisters and closes the connection; resolves once the PBX took the unregistration (or gave up waiting). */
  stop(): Promise<void>;
}

// Audio only; no STUN/TURN: the PBX (or, in tests, the other browser) is reachable directly.
const CALL_OPTIONS = {
  mediaConstraints: { audio: true, video: false },
  pcConfig: { iceServers: [] },
  rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
};

/** How long stop() waits for the PBX to confirm the unregistration. */
const UNREGISTER_WAIT_MS = 3_000;

export function startSipPhone(
  settings: SipSettings,
  emit: (event: PhoneEvent) => void,
  remoteAudio: HTMLAudioElement,
  link: (event: LinkEvent) => void = () => undefined,
): SipPhone {
  const socket = new DroppableSocket(settings.wsServer);
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
  /** The live calls by id, each with its hold control. */
  const lines = new Map<string, { session: RTCSession; hold: HoldControl }>();
  let stopped = false;
  /** The next outgoing call is a consultation. */
  let consulting = false;
  /** The three-way room this phone is about to dial, and the name its call shows. */
  let joining: { room: string; label: string } | null = null;
  /** The call in front: the one not on hold, else the newest. */
  const front = () => {
    const all = [...lines.values()].map((l) => l.session);
    return all.find((s) => !s.isOnHold().local) ?? all.at(-1) ?? null;
  };
  let everRegistered = false;
  const recovery = createRecovery({ ua, socket, probeTarget: `sip:${settings.domain}`, current: front, link });

  ua.on('connecting', () => emit({ type: 'connecting' }));
  ua.on('disconnected', () => {
    if (stopped) return;
    // A connection that worked and dropped is being recovered (recovery.ts), not a failure to show in red.
    if (everRegistered) recovery.lost();
    else emit({ type: 'failed', reason: registrationFailure('Connection Error', settings.wsServer) });
  });
  ua.on('registered', () => {
    everRegistered = true;
    emit({ type: 'registered' });
    recovery.registered();
  });
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
    if (direction === 'inbound' && lines.size > 0) {
      // One line for callers: a second caller hears busy (the PBX sends them to voicemail).
      s.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    const id = s.id;
    const consultation = direction === 'outbound' && consulting;
    consulting = false;
    const hold = holdControl(s);
    lines.set(id, { session: s, hold });
    const room = joining && direction === 'outbound' && s.remote_identity.uri.user === joining.room ? joining : null;
    if (room) joining = null;
    const who = room ? { number: 'Conference', name: room.label } : caller(s.remote_identity.display_name, s.remote_identity.uri.user);
    emit({ type: 'call-started', id, direction, number: who.number, name: who.name, consultation });
    let answered = false;
    // Each line plays into its own element: the held one is silent anyway, and a swap needs no rewiring.
    const audio = lines.size > 1 ? new Audio() : remoteAudio;
    const playRemote = (pc: RTCPeerConnection) => {
      recovery.watch(s, pc);
      pc.addEventListener('track', (t) => {
        audio.srcObject = t.streams[0] ?? new MediaStream([t.track]);
        void audio.play().catch(() => undefined);
      });
    };
    if (s.connection) playRemote(s.connection);
    else s.on('peerconnection', (p: { peerconnection: RTCPeerConnection }) => playRemote(p.peerconnection));
    s.on('progress', () => emit({ type: 'progress', id }));
    s.on('accepted', () => {
      answered = true;
      emit({ type: 'answered', id, at: Date.now() });
    });
    const end = (e: { cause?: string; originator: string }) => {
      hold.dispose();
      lines.delete(id);
      if (audio !== remoteAudio) audio.srcObject = null;
      if (lines.size === 0) link({ type: 'call-over' });
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

  let stopping: Promise<void> | null = null;
  function stop(): Promise<void> {
    if (stopping) return stopping;
    stopped = true;
    recovery.stop();
    const wasRegistered = ua.isRegistered();
    stopping = new Promise<void>((resolve) => {
      if (!wasRegistered) return resolve();
      const timer = setTimeout(resolve, UNREGISTER_WAIT_MS);
      const done = () => (clearTimeout(timer), resolve());
      ua.once('unregistered', done);
      ua.once('disconnected', done);
    });
    for (const line of [...lines.values()]) line.session.terminate();
    ua.stop();
    emit({ type: 'unregistered' });
    return stopping;
  }

  ua.start();

  const session = (id: string) => lines.get(id)?.session;
  /** The one call ringing here (a second caller is refused, so there is at most one). */
  const incoming = () => [...lines.values()].find((l) => l.session.direction === 'incoming' && !l.session.isEstablished())?.session;
  return {
    call(number) {
      ua.call(sipUri(number, settings.domain), CALL_OPTIONS);
    },
    answer: () => incoming()?.answer(CALL_OPTIONS),
    reject: () => incoming()?.terminate({ status_code: 486, reason_phrase: 'Busy Here' }),
    // A second press (Cancel, Cancel) finds the session ending: JsSIP would throw.
    hangup: (id) => {
      const s = session(id);
      if (s && !s.isEnded()) s.terminate();
    },
    mute: (id, on) => (on ? session(id)?.mute({ audio: true }) : session(id)?.unmute({ audio: true })),
    hold: (id, on) => lines.get(id)?.hold.set(on),
    tone(id, tone) {
      const s = session(id);
      if (!s) return;
      // SIP INFO (JsSIP's default): it passes any proxy, and FreeSWITCH takes it
      // because internal.xml sets liberal-dtmf (without it FreeSWITCH ignores
      // INFO tones on a call that negotiated RFC 2833, as every WebRTC call does).
      s.sendDTMF(tone, { duration: 160, interToneGap: 80 });
      emit({ type: 'tone-sent', id, tone });
    },
    transfer(id, number) {
      const s = session(id);
      if (!s) return;
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
    consult(heldId, number) {
      lines.get(heldId)?.hold.set(true);
      consulting = true;
      ua.call(sipUri(number, settings.domain), CALL_OPTIONS);
    },
    swap(frontId, otherId) {
      if (!lines.has(frontId) || !lines.has(otherId)) return;
      emit({ type: 'swapped' });
      lines.get(frontId)?.hold.set(true);
      lines.get(otherId)?.hold.set(false);
    },
    complete(heldId, consultationId) {
      const held = session(heldId);
      const consultation = session(consultationId);
      if (!held || !consultation) return;
      emit({ type: 'completing' });
      let taken = false;
      let done = false;
      const fail = (why: string) => !done && emit({ type: 'complete-failed', reason: `The transfer did not go through: ${why}. Both calls are still here.` });
      const succeed = () => {
        if (done) return;
        done = true;
        const who = consultation.remote_identity.display_name || consultation.remote_identity.uri.user;
        if (!held.isEnded()) held.terminate();
        if (!consultation.isEnded()) consultation.terminate();
        emit({ type: 'notice', text: `Transfer complete: your caller is now talking to ${who}.`, error: false });
      };
      // REFER with Replaces on the held call: FreeSWITCH (sofia.c,
      // sofia_handle_sip_i_refer) finds the consultation's dialog by the
      // Replaces header, bridges the two far ends with uuid_bridge and says
      // so with a NOTIFY "200 OK" (JsSIP's 'accepted'). Its bridge moves the
      // caller away from our held leg, which FreeSWITCH then hangs up: that
      // BYE may come before the NOTIFY (which then finds no dialog), so a BYE
      // after the REFER was taken (202) means done too. A refusal (NOTIFY
      // 403, or the REFER itself refused) leaves both calls as they were.
      held.once('ended', () => taken && succeed());
      // JsSIP's types say void; the code returns false when the session cannot send a REFER now.
      const sent = held.refer(consultation.remote_identity.uri, {
        replaces: consultation,
        eventHandlers: {
          requestSucceeded: () => void (taken = true),
          accepted: succeed,
          failed: () => fail('the PBX refused it'),
          requestFailed: () => fail('the PBX refused it'),
        },
      });
      if ((sent as unknown) === false) fail('the call on hold is not ready');
    },
    merge(heldId, consultationId, label) {
      const held = session(heldId);
      const consultation = session(consultationId);
      if (!held || !consultation) return;
      emit({ type: 'completing' });
      const room = `3way-${[...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
      const target = sipUri(room, settings.domain);
      const fail = (why: string) => emit({ type: 'complete-failed', reason: `The three-way call did not start: ${why}.` });
      // A blind REFER moves the far end of that call into the room's number
      // (sofia.c: switch_ivr_session_transfer of our leg's partner, in its own
      // dialplan context, which the served dialplan answers with the
      // conference); FreeSWITCH then hangs up our leg. The consultation goes
      // first: if the PBX refuses, the caller is still here, on hold.
      const refer = (s: RTCSession, then: () => void, why: string) => {
        const sent = s.refer(target, { eventHandlers: { requestSucceeded: then, requestFailed: () => fail(why) } });
        if ((sent as unknown) === false) fail(why);
      };
      refer(
        consultation,
        () =>
          refer(
            held,
            () => {
              for (const s of [held, consultation]) if (!s.isEnded()) s.terminate();
              joining = { room, label };
              ua.call(target, CALL_OPTIONS);
            },
            'the PBX refused to move your caller; the other party waits in the conference',
          ),
        'the PBX refused it; both calls are still here',
      );
    },
    connection: () => front()?.connection ?? null,
    stop,
  };
}
