// What the simulated FreeSWITCH believes right now: its sip_registrations
// and channels tables. `api show …` answers from here.

export interface SimRegistration {
  user: string;
  domain: string;
  callId: string;
  profile: string;
  contact: string;
  networkIp: string;
  networkPort: number;
  networkProto: 'udp' | 'tcp' | 'tls' | 'wss';
  userAgent: string;
  /** The interval the device asked for, in seconds. */
  expires: number;
  /** Unix seconds; FreeSWITCH stores registration time + expires + sip-expires-late-margin (60). */
  expiresEpoch: number;
}

export interface SimChannel {
  uuid: string;
  direction: 'inbound' | 'outbound';
  domain: string;
  /** Caller: an extension or an outside number. */
  from: string;
  /** Destination number dialled. */
  to: string;
  /** The local extension this leg belongs to. */
  extension: string;
  callerIdName: string;
  callerIdNumber: string;
  name: string;
  sipCallId: string;
  networkIp: string;
  createdAt: number;
  answeredAt: number;
  /** The codec negotiated for the call (read and write alike); PCMU when unset. */
  codec?: string;
  /** Set when the dialplan records the call: the file, relative to the recordings directory. */
  recordFile?: string;
  /** A phone's call bridged to a local user: that user (FreeSWITCH's dialed_user on the caller's leg). */
  dialedUser?: string;
  /** Channel variables set by the originate's {…} or with uuid_setvar; the hangup event repeats them. */
  variables?: Record<string, string>;
}
