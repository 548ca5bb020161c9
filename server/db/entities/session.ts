// A signed-in browser. The id is the SHA-256 of the cookie token, so a copy
// of this table cannot be replayed as cookies.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { Tenant } from './tenant.ts';
import { User } from './user.ts';

export class Session {
  [OptionalProps]?: 'createdAt' | 'lastSeenAt' | 'userAgent';
  /** Hex SHA-256 of the raw token; the raw token lives only in the cookie. */
  id!: string;
  user!: User;
  /** The user's tenant; null for an operator's session. */
  tenant!: Tenant | null;
  createdAt: Date = new Date();
  expiresAt!: Date;
  /** "Remember me": the cookie outlives the browser session. */
  persistent!: boolean;
  lastSeenAt: Date = new Date();
  userAgent: string | null = null;
}

export const SessionSchema = new EntitySchema<Session>({
  class: Session,
  tableName: 'sessions',
  properties: {
    id: { type: 'string', columnType: 'char(64)', primary: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'sessions_user_id_index' },
    tenant: { kind: 'm:1', entity: () => Tenant, nullable: true, deleteRule: 'cascade', index: 'sessions_tenant_id_index' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
    expiresAt: { type: 'datetime', columnType: 'timestamptz', index: 'sessions_expires_at_index' },
    persistent: { type: 'boolean' },
    lastSeenAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
    userAgent: { type: 'string', columnType: 'text', nullable: true },
  },
});
