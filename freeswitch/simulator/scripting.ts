// What a script drives the simulator with: the demo's background traffic
// (demo.ts, started by its callers: main.ts, cli.ts) and tests. Its own file
// so demo.ts depends on this narrow face, not on the whole simulator.
import type { CallCenter } from './callcenter.ts';
import type { SimRegistration } from './truth.ts';
import type { LeaveMessageOptions } from './voicemail.ts';

export interface RegisterOptions {
  user: string;
  domain: string;
  /** Pass a previous call-id to refresh that device's registration. */
  callId?: string;
  userAgent?: string;
  /** Seconds. */
  expires?: number;
  networkIp?: string;
  networkPort?: number;
  networkProto?: SimRegistration['networkProto'];
}

export interface StartCallOptions {
  from: string;
  to: string;
  domain: string;
  /** `inbound`: a local phone (`from`) calls; `outbound`: FreeSWITCH rings the local phone `to`. */
  direction?: 'inbound' | 'outbound';
  callerIdName?: string;
  /** The negotiated codec; PCMU unless given. */
  codec?: string;
  /** Record the call (record_session) to this file, relative to the recordings directory. */
  recordFile?: string;
  /** origination_uuid: the channel's uuid, chosen by whoever originates. */
  uuid?: string;
}

/** The part of PbxSimulator a script uses: phones register, calls ring and end. */
export interface ScriptedPbx {
  readonly callcenter: CallCenter;
  /** mod_voicemail: a caller leaves a message (its uuid). */
  readonly voicemail: { leave(o: LeaveMessageOptions): string };
  registrations(): SimRegistration[];
  register(o: RegisterOptions): string;
  unregister(user: string, domain: string, callId?: string): void;
  expire(user: string, domain: string, callId?: string): void;
  startCall(o: StartCallOptions): string;
  answer(uuid: string): void;
  hangup(uuid: string, cause?: string): void;
}
