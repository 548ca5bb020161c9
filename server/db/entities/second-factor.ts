// Two-step sign-in's rows besides the user's own columns: the recovery codes
// (argon2 hashes, each spent once) and the sign-ins waiting for their second
// step (a password was right; no session exists until the code is too).
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { User } from './user.ts';

export class RecoveryCode {
  [OptionalProps]?: 'id' | 'usedAt';
  id: string = randomUUID();
  user!: User;
  /** argon2id PHC string of the normalised code. */
  codeHash!: string;
  usedAt: Date | null = null;
}

export const RecoveryCodeSchema = new EntitySchema<RecoveryCode>({
  class: RecoveryCode,
  tableName: 'recovery_codes',
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'recovery_codes_user_id_index' },
    codeHash: { type: 'string', columnType: 'text' },
    usedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
});

export class PendingSignIn {
  [OptionalProps]?: 'attempts';
  /** Hex SHA-256 of the token in the pending cookie. */
  id!: string;
  user!: User;
  /** "Remember me" as ticked with the password, for the session made at the end. */
  remember!: boolean;
  /** The user has no second factor yet and must enrol before anything else. */
  mustEnrol!: boolean;
  /** Codes tried so far; at the limit the pending sign-in is void. */
  attempts: number = 0;
  expiresAt!: Date;
}

export const PendingSignInSchema = new EntitySchema<PendingSignIn>({
  class: PendingSignIn,
  tableName: 'pending_sign_ins',
  properties: {
    id: { type: 'string', columnType: 'char(64)', primary: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'pending_sign_ins_user_id_index' },
    remember: { type: 'boolean' },
    mustEnrol: { type: 'boolean' },
    attempts: { type: 'integer', defaultRaw: '0' },
    expiresAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
