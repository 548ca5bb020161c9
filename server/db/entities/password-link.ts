// A one-time link that lets a user choose their own password: made when an
// admin creates a user without a password or resets one that way. The id is
// the SHA-256 of the token in the link; the token itself is shown once.
import { EntitySchema } from '@mikro-orm/core';
import { User } from './user.ts';

export class PasswordLink {
  /** Hex SHA-256 of the token. */
  id!: string;
  user!: User;
  expiresAt!: Date;
}

export const PasswordLinkSchema = new EntitySchema<PasswordLink>({
  class: PasswordLink,
  tableName: 'password_links',
  properties: {
    id: { type: 'string', columnType: 'char(64)', primary: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'password_links_user_id_index' },
    expiresAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
