// The typed PBX events the rest of the server consumes. server/pbx/ is the
// only place that knows ESL headers; everything after it sees these.

/** FreeSWITCH's Event-Date-Timestamp: microseconds since the Unix epoch. */
export type Micros = number;

/** One row of `show registrations` / one sofia::register event. */
export interface Registration {
  user: string;
  /** SIP realm: the tenant's SIP domain. */
  domain: string;
  callId: string;
  contact: string;
  networkIp: string;
  networkPort: number;
  userAgent: string;
  /** Unix seconds. */
  expiresAt: number;
}

export type CallDirection = 'inbound' | 'outbound';

/** One live channel (a row of `show channels`, or what CHANNEL_CREATE says). */
export interface Channel {
  uuid: string;
  direction: CallDirection;
  /** SIP domain the channel belongs to, when FreeSWITCH knows it. */
  domain: string | undefined;
  /** The local extension on this leg, when there is one. */
  extension: string | undefined;
  callerIdName: string;
  callerIdNumber: string;
  destination: string;
  /** Microseconds; 0 while not answered. */
  answeredAt: Micros;
  createdAt: Micros;
}

export type PbxEvent =
  | { kind: 'registered'; at: Micros; registration: Registration }
  | {
      kind: 'unregistered';
      at: Micros;
      /** `sofia::unregister` from the device, or `sofia::expire` when it never refreshed. */
      reason: 'unregister' | 'expire';
      user: string;
      domain: string;
      callId: string;
    }
  | { kind: 'channel-created'; at: Micros; channel: Channel }
  | { kind: 'channel-answered'; at: Micros; uuid: string; answeredAt: Micros }
  | {
      kind: 'channel-hangup-complete';
      at: Micros;
      channel: Channel;
      hangupCause: string;
      endedAt: Micros;
      billsec: number;
    }
  | { kind: 'heartbeat'; at: Micros; uptimeMs: number; sessions: number }
  /** The whole truth, read back after every (re)connect. Replaces what we had. */
  | { kind: 'resync'; at: Micros; registrations: Registration[]; channels: Channel[] }
  /** The ESL link went up (after auth and subscribe) or down. */
  | { kind: 'link'; at: Micros; up: boolean };
