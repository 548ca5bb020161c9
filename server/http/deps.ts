// What the REST routes need from the composition root, and what they put
// in Hono's context for the handlers after them.
import type { SessionEndCode } from '../../common/socket.ts';
import type { Config } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import type { Deliver } from '../live/reach.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import type { AnySession, OperatorSession, SessionInfo } from './session.ts';

export interface HttpDeps {
  orm: Orm;
  config: Pick<Config, 'sessionDays' | 'cookieSecure' | 'maxFailedSignIns' | 'signInThrottle' | 'trustProxy' | 'publicUrl'>;
  log?: Log;
  /**
   * Told when a session stops being valid (sign-out, password reset, account
   * locked) so the socket layer can close that session's live connections.
   */
  onSessionEnded?: (sessionId: string, reason: SessionEndCode) => void;
}

/** What the self-service routes and the mod_xml_curl endpoints need besides HttpDeps. */
export interface SettingsDeps {
  config: Pick<Config, 'freeswitch' | 'sipWssUrl' | 'ringSeconds' | 'resumeSeconds'>;
  pbx: Pick<Pbx, 'api'>;
  /** Live state on this node, or through the Socket.IO adapter on every node (see live/reach.ts). */
  deliver: Deliver;
}

/** A tenant user's routes. */
export interface AuthEnv {
  Variables: { session: SessionInfo };
}

/** The operator's routes. */
export interface OperatorEnv {
  Variables: { session: OperatorSession };
}

export interface AnyAuthEnv {
  Variables: { session: AnySession };
}
