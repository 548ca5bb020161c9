// What the REST routes need from the composition root, and what they put
// in Hono's context for the handlers after them.
import type { Config } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import type { AppEvent } from '../live/reduce.ts';
import type { Log } from '../log.ts';
import type { Pbx } from '../pbx/connection.ts';
import type { SessionInfo } from './session.ts';

export interface HttpDeps {
  orm: Orm;
  config: Pick<Config, 'sessionDays' | 'cookieSecure' | 'maxFailedSignIns'>;
  log?: Log;
  /**
   * Told when a session stops being valid (sign-out, password reset, account
   * locked) so the socket layer can close that session's live connections.
   */
  onSessionEnded?: (sessionId: string, reason: string) => void;
}

/** What the self-service routes and the mod_xml_curl endpoints need besides HttpDeps. */
export interface SettingsDeps {
  config: Pick<Config, 'freeswitch' | 'sipWssUrl' | 'ringSeconds'>;
  pbx: Pick<Pbx, 'api'>;
  /** Live state on this node and, through the Socket.IO adapter, on every other node. */
  publish(event: AppEvent): void;
  /** Live state on this node only. */
  ingest(event: AppEvent): void;
}

export interface AuthEnv {
  Variables: { session: SessionInfo };
}
