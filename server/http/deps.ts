// What the REST routes need from the composition root, and what they put
// in Hono's context for the handlers after them.
import type { Config } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import type { Log } from '../log.ts';
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

export interface AuthEnv {
  Variables: { session: SessionInfo };
}
