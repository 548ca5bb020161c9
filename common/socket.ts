// The Socket.IO event catalog. Both the server (`new Server<...>`) and the
// client (`io() as Socket<...>`) are typed by these two interfaces.
import type { CdrRow } from './cdr.ts';
import type { FaxChange } from './fax.ts';
import type { AgentStatus, Patch, Snapshot } from './live.ts';

export interface ServerToClientEvents {
  /** Everything this user may see, sent on every (re)connect and on request. */
  snapshot: (snapshot: Snapshot) => void;
  patch: (patch: Patch) => void;
  /** One of the user's own faxes was added or changed status (the lists themselves come over REST). */
  fax: (change: FaxChange) => void;
  /** One of the user's own calls was recorded (the CDR pages put it on top). */
  cdr: (row: CdrRow) => void;
  /** The tenant's usage changed (a call was recorded): the billing quota page reloads its figures. */
  usage: () => void;
  /** The session ended (signed out elsewhere, expired, account locked). */
  'session-ended': (reason: string) => void;
}

export interface ClientToServerEvents {
  /** Sent by a client that saw a sequence gap; answered by `snapshot`. */
  resync: () => void;
  /**
   * Set the signed-in user's own mod_callcenter agent status. The ack says
   * whether FreeSWITCH accepted it; the status itself arrives as a patch
   * once FreeSWITCH reports the change.
   */
  'agent-status': (status: AgentStatus, ack: (result: AgentStatusResult) => void) => void;
}

export const SESSION_COOKIE = 'sb_session';

export type AgentStatusResult = { ok: true } | { ok: false; error: string };
