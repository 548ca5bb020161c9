// Room names. The server picks a socket's rooms from its session alone; a
// client never names a room.
import { extensionNumber, type Scope } from '../../common/live.ts';

export const tenantRoom = (tenantId: string) => `tenant:${tenantId}`;
export const extensionRoom = (tenantId: string, extension: string) => `ext:${tenantId}:${extension}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** The room whose members may see a scope's patches. */
export const scopeRoom = (tenantId: string, scope: Scope) =>
  scope === 'tenant' ? tenantRoom(tenantId) : extensionRoom(tenantId, extensionNumber(scope));
