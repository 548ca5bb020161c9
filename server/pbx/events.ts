// The typed PBX events the rest of the server consumes. server/pbx/ is the
// only place that knows ESL headers; everything after it sees these.
import type { AgentState, AgentStatus, Device, MemberState, VoicemailCount } from '../../common/live.ts';
import type { RtpAudioQuality } from '../../common/cdr.ts';
import type { FsDirection, PhoneDirection } from './direction.ts';

export type { FsDirection, PhoneDirection } from './direction.ts';

/** FreeSWITCH's Event-Date-Timestamp: microseconds since the Unix epoch. */
export type Micros = number;

/** One row of `show registrations` / one sofia::register event: a device and whose it is. */
export interface Registration extends Device {
  user: string;
  /** SIP realm: the tenant's SIP domain. */
  domain: string;
}

/** One live channel (a row of `show channels`, or what CHANNEL_CREATE says). */
export interface Channel {
  uuid: string;
  /** FreeSWITCH's point of view: a phone's own leg is inbound. */
  direction: FsDirection;
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

/**
 * A caller as mod_callcenter names it. Queues and agents are `name@domain`
 * (`sales@acme.pbx.test`, agent `1001@acme.pbx.test`: by our convention an
 * agent is named after the extension that answers for it); the domain part
 * says which tenant an event belongs to.
 */
export interface CcMember {
  uuid: string;
  cidName: string;
  cidNumber: string;
  /** Unix seconds. */
  joinedAt: number;
}

/** A row of `callcenter_config queue list members <queue>` we keep (abandoned rows are not callers any more). */
export interface CcMemberRow extends CcMember {
  state: MemberState;
  servingAgent: string | null;
  /** Unix seconds the caller was bridged to the agent (bridge_epoch); 0 while not. */
  bridgedAt?: number;
}

export interface CcAgentRow {
  name: string;
  status: AgentStatus;
  state: AgentState;
  /** Unix seconds (mod_callcenter's last_status_change). */
  lastStatusChange: number;
  /** Unix seconds the agent's last queue call ended (last_bridge_end). */
  lastBridgeEnd: number;
  /** Seconds the agent rests after a queue call (wrap_up_time). */
  wrapUpTime: number;
}

export interface CcTierRow {
  agent: string;
  level: number;
  position: number;
}

/** One queue as `callcenter_config queue list …` describes it. */
export interface CcQueue {
  /** `name@domain`. */
  name: string;
  callsAnswered: number;
  callsAbandoned: number;
  members: CcMemberRow[];
  agents: CcAgentRow[];
  tiers: CcTierRow[];
}

/** CUSTOM callcenter::info, one kind per CC-Action, named as FreeSWITCH names them. */
export type CallCenterEvent =
  | { kind: 'agent-status-change'; at: Micros; agent: string; status: AgentStatus }
  | { kind: 'agent-state-change'; at: Micros; agent: string; state: AgentState }
  | { kind: 'agent-offering'; at: Micros; queue: string; agent: string; member: CcMember }
  | { kind: 'bridge-agent-start'; at: Micros; queue: string; agent: string; member: CcMember; answeredAt: number }
  | {
      kind: 'bridge-agent-end';
      at: Micros;
      queue: string;
      agent: string;
      member: CcMember;
      /** Unix seconds (CC-Bridge-Terminated-Time): the agent's wrap-up starts then. */
      endedAt: number;
    }
  | { kind: 'bridge-agent-fail'; at: Micros; queue: string; agent: string; member: CcMember; hangupCause: string }
  | {
      kind: 'member-queue-start';
      at: Micros;
      queue: string;
      member: CcMember;
      /**
       * FreeSWITCH's member-queue-resume: a caller who abandoned came back
       * (abandoned-resume-allowed) and got their member row back, with its
       * first joined time, which the event does not carry.
       */
      resumed?: true;
    }
  | {
      kind: 'member-queue-end';
      at: Micros;
      queue: string;
      member: CcMember;
      /** Terminated: the caller was answered and the call ended; Cancel: the caller left unanswered. */
      cause: 'Terminated' | 'Cancel';
      cancelReason: string | undefined;
      agent: string | undefined;
      /** Unix seconds. */
      leftAt: number;
      /** Unix seconds the agent answered (CC-Agent-Answered-Time), on a Terminated end. */
      answeredAt?: number;
    }
  | { kind: 'members-count'; at: Micros; queue: string; count: number };

/** What mod_spandsp's phase E handler reports when txfax or rxfax ends (spandsp::txfaxresult / rxfaxresult). */
export interface FaxResult {
  /** The fax leg's Unique-ID: what makes the result's side effects idempotent. */
  uuid: string;
  /** fax-success: spandsp finished the T.30 session without error. */
  success: boolean;
  /** fax-result-code: T.30 completion code, 0 = OK. */
  resultCode: number;
  /** fax-result-text, e.g. "OK" or "Timed out waiting for the first message". */
  resultText: string;
  transferredPages: number;
  totalPages: number;
  remoteStationId: string;
  domain: string | undefined;
  /** The local extension the fax was for (rxfax: the dialled number). */
  extension: string | undefined;
  callerIdNumber: string;
  destination: string;
  /** variable_fax_filename: the TIFF sent or written. */
  filename: string | undefined;
}

/**
 * One leg's call detail record, as CHANNEL_HANGUP_COMPLETE (or mod_json_cdr,
 * posting the same channel) reports it. Direction is the local phone's point
 * of view: `outbound` when the phone placed the call, `inbound` when it rang.
 */
export interface CallDetail {
  /** The leg's Unique-ID: what makes recording it idempotent. */
  uuid: string;
  /** The phone's point of view: outbound when it placed the call (the opposite of its Channel.direction). */
  direction: PhoneDirection;
  domain: string | undefined;
  /** The local extension this leg belongs to; undefined for a trunk's leg. */
  extension: string | undefined;
  callerIdName: string;
  callerIdNumber: string;
  destination: string;
  startedAt: Micros;
  /** 0 when never answered. */
  answeredAt: Micros;
  endedAt: Micros;
  /** Seconds from creation to hangup. */
  duration: number;
  /** Seconds from answer to hangup: what is billed. */
  billsec: number;
  hangupCause: string;
  readCodec: string;
  writeCodec: string;
  sipCallId: string;
  /** variable_record_file_name: the recording, relative to the recordings root, when the call was recorded. */
  recordingPath: string | undefined;
  /** FreeSWITCH's rtp_audio_* figures; absent when the leg had no RTP session. */
  quality?: RtpAudioQuality;
  /**
   * This leg took back a call held when the softphone's earlier leg (this
   * UUID) vanished mid-call: it continues that leg's CDR row, not a new one.
   */
  resumeOf?: string | undefined;
  /** The caller's visit to a queue, when this is a mod_callcenter member's leg (its cc_* variables). */
  queueVisit?: CcVisit;
}

/**
 * What mod_callcenter writes on a member's channel "for xml_cdr needs"
 * (mod_callcenter.c, cc_member_thread / callcenter_function): so a member's
 * CDR tells the visit even when no callcenter::info event was heard.
 */
export interface CcVisit {
  /** cc_member_uuid: the same key as CC-Member-UUID. */
  memberUuid: string;
  /** cc_queue: `name@domain`. */
  queue: string;
  /** Unix seconds: cc_queue_joined_epoch. */
  joinedAt: number;
  /** cc_queue_answered_epoch: set when bridged to cc_agent. */
  answeredAt?: number;
  /** cc_queue_terminated_epoch: the bridge ended. */
  terminatedAt?: number;
  /** cc_queue_canceled_epoch: left unanswered. */
  canceledAt?: number;
  /** cc_cause: `answered` or `cancel`, set as the caller leaves the queue. */
  cause?: 'answered' | 'cancel';
  /** cc_cancel_reason: NONE, TIMEOUT, NO_AGENT_TIMEOUT, BREAK_OUT, EXIT_WITH_KEY. */
  cancelReason?: string;
  /** cc_agent: the agent who answered. */
  agent?: string;
}

/** One mod_voicemail box's count (MESSAGE_WAITING, or `vm_boxcount` read back after a reconnect). */
export interface MailboxCount {
  /** The box: an extension number. */
  user: string;
  /** Its SIP domain: the tenant's. */
  domain: string;
  count: VoicemailCount;
}

/** BACKGROUND_JOB: a bgapi command's output (an originate that failed before any channel existed says why only here). */
export interface BackgroundJob {
  jobUuid: string;
  command: string;
  arg: string;
  /** What the command printed, e.g. `+OK <uuid>` or `-ERR INVALID_GATEWAY`. */
  output: string;
}

/**
 * Which FreeSWITCH an event came from (its ESL endpoint, `host:port`), when
 * Switchboard is connected to several (server/pbx/cluster.ts): each server's
 * resync replaces only what that server holds. Absent with a single server.
 */
export interface FromServer {
  server?: string;
}

export type PbxEvent = FromServer & PbxEventOfAnyServer;

type PbxEventOfAnyServer =
  | CallCenterEvent
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
      cdr: CallDetail;
      /** variable_current_application_response: why the last application stopped, when it said. */
      applicationResponse?: string | undefined;
      /** The leg of one of our fax originates (its FAX_CALL_VARIABLE): only such a hangup can settle a fax, so no other costs a query. */
      faxCall?: true;
    }
  | { kind: 'heartbeat'; at: Micros; uptimeMs: number; sessions: number }
  | { kind: 'txfax-result'; at: Micros; fax: FaxResult }
  | { kind: 'rxfax-result'; at: Micros; fax: FaxResult }
  | { kind: 'background-job'; at: Micros; job: BackgroundJob }
  /** The whole truth, read back after every (re)connect. Replaces what we had (from that server, when there are several). */
  | {
      kind: 'resync';
      at: Micros;
      registrations: Registration[];
      channels: Channel[];
      /** Undefined when the PBX has no mod_callcenter loaded: queue state is then left alone. */
      callcenter?: CcQueue[];
      /** The boxes whose count was read (vm_boxcount); undefined without mod_voicemail: counts are then left alone. */
      voicemail?: MailboxCount[];
    }
  /** The ESL link went up (after auth and subscribe) or down. */
  | { kind: 'link'; at: Micros; up: boolean }
  /** A phone dialled a DND feature code (*78/*79): the served dialplan fired CUSTOM switchboard::dnd. */
  | { kind: 'dnd-dialled'; at: Micros; user: string; domain: string; dnd: boolean }
  /** mod_voicemail's MESSAGE_WAITING: a box's count changed (a message left, read, saved, deleted) or a phone asked for it. */
  | ({ kind: 'message-waiting'; at: Micros } & MailboxCount);
