// Room names. The server picks a socket's rooms from its session alone; a
// client never names a room.
import { extensionNumber, isQueueScope, queueName, type Scope } from '../../common/live.ts';

export const tenantRoom = (tenantId: string) => `tenant:${tenantId}`;
export const extensionRoom = (tenantId: string, extension: string) => `ext:${tenantId}:${extension}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** One user's tabs, whatever their sessions: where their own faxes' changes go. */
export const userRoom = (tenantId: string, userId: string) => `user:${tenantId}:${userId}`;
/** A tenant's administrators: told when its admin pages are stale. */
export const adminsRoom = (tenantId: string) => `admins:${tenantId}`;
/** The service provider's operators. */
export const OPERATORS_ROOM = 'operators';
/** The queue's tier agents and the tenant's supervisors and admins: its members' caller IDs go nowhere else. */
export const queueRoom = (tenantId: string, queue: string) => `queue:${tenantId}:${queue}`;

/** The tenant's sockets watching its colleagues' presence (the Colleagues page and panel). */
export const presenceRoom = (tenantId: string) => `presence:${tenantId}`;
/** Of those, the supervisors and admins: who talks to whom goes nowhere else. */
export const peersRoom = (tenantId: string) => `peers:${tenantId}`;

/** The tenant's sockets whose open page shows its counters (the Dashboard-type pages). */
export const figuresRoom = (tenantId: string) => `figures:${tenantId}`;

/** The room whose members may see a scope's patches. */
export function scopeRoom(tenantId: string, scope: Scope): string {
  if (scope === 'tenant') return tenantRoom(tenantId);
  if (scope === 'figures') return figuresRoom(tenantId);
  if (scope === 'presence') return presenceRoom(tenantId);
  if (scope === 'peers') return peersRoom(tenantId);
  return isQueueScope(scope) ? queueRoom(tenantId, queueName(scope)) : extensionRoom(tenantId, extensionNumber(scope));
}
