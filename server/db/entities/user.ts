// A person who signs in. E-mail is unique across tenants because sign-in
// asks only for e-mail + password; the tenant follows from the user. The
// service provider's operators belong to no tenant.
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { ROLES, type Role } from '../../../common/api.ts';
import { Tenant } from './tenant.ts';

export class User {
  [OptionalProps]?:
    | 'id'
    | 'failedSignIns'
    | 'locked'
    | 'lockedAt'
    | 'disabled'
    | 'totpSecret'
    | 'totpPendingSecret'
    | 'totpEnabledAt'
    | 'totpLastStep'
    | 'createdAt';
  id: string = randomUUID();
  /** Null exactly for operators. */
  tenant!: Tenant | null;
  /** Always stored lowercased so look-ups are exact matches. */
  email!: string;
  name!: string;
  /** argon2id PHC string, never the password. */
  passwordHash!: string;
  role!: Role;
  /** Wrong passwords since the last successful sign-in or unlock. */
  failedSignIns: number = 0;
  locked: boolean = false;
  lockedAt: Date | null = null;
  /** Disabled by an administrator: cannot sign in, every session ended. */
  disabled: boolean = false;
  /**
   * Two-step sign-in: the TOTP key (base32), null when off. Kept as it is,
   * not hashed: checking a code needs the key itself.
   */
  totpSecret: string | null = null;
  /** A key shown for enrolment and not yet confirmed with a code from it. */
  totpPendingSecret: string | null = null;
  totpEnabledAt: Date | null = null;
  /** The last time step whose code was accepted: that code and older ones are refused (no replay). */
  totpLastStep: number | null = null;
  createdAt: Date = new Date();
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  checks: [
    { name: 'users_email_lowercase', expression: 'email = lower(email)' },
    { name: 'users_operator_no_tenant', expression: "(role = 'operator') = (tenant_id is null)" },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, nullable: true, deleteRule: 'cascade', index: 'users_tenant_id_index' },
    email: { type: 'string', columnType: 'text', unique: 'users_email_unique' },
    name: { type: 'string', columnType: 'text' },
    passwordHash: { type: 'string', columnType: 'text' },
    role: { enum: true, items: () => [...ROLES], type: 'string', columnType: 'text' },
    failedSignIns: { type: 'integer' },
    locked: { type: 'boolean' },
    lockedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    disabled: { type: 'boolean' },
    totpSecret: { type: 'string', columnType: 'text', nullable: true },
    totpPendingSecret: { type: 'string', columnType: 'text', nullable: true },
    totpEnabledAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    totpLastStep: { type: 'integer', columnType: 'bigint', nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});
