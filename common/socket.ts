// The Socket.IO event catalog. Both the server (`new Server<...>`) and the
// client (`io() as Socket<...>`) are typed by these two interfaces.
import type { Patch, Snapshot } from './live.ts';

export interface ServerToClientEvents {
  /** Everything this user may see, sent on every (re)connect and on request. */
  snapshot: (snapshot: Snapshot) => void;
  patch: (patch: Patch) => void;
  /** The session ended (signed out elsewhere, expired, account locked). */
  'session-ended': (reason: string) => void;
}

export interface ClientToServerEvents {
  /** Sent by a client that saw a sequence gap; answered by `snapshot`. */
  resync: () => void;
}

export const SESSION_COOKIE = 'sb_session';
