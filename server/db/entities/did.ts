// A public phone number (DID) a tenant owns, optionally assigned to a user
// ("My DIDs"), with where calls to it route: the structured route the served
// `did` dialplan context follows, and the same in words for My DIDs.
import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { DID_ROUTE_KINDS, type DidRouteKind } from '../../../common/admin.ts';
import { assertNever } from '../../../common/exhaustive.ts';
import { Tenant } from './tenant.ts';
import { User } from './user.ts';

export class Did {
  [OptionalProps]?: 'id' | 'user' | 'active' | 'routeKind' | 'routeTarget';
  id: string = randomUUID();
  tenant!: Tenant;
  /** E.164 with the plus, e.g. +14155550100. A number belongs to one tenant only. */
  number!: string;
  user: User | null = null;
  /** Where it routes, in words: "Extension 1001", "Queue sales" (didRouteWords of the route). */
  destination!: string;
  /** Null: no route, calls to it are refused. */
  routeKind: DidRouteKind | null = null;
  /** The extension number (extension, voicemail, fax) or the queue name (queue). */
  routeTarget: string | null = null;
  active: boolean = true;
}

export const DidSchema = new EntitySchema<Did>({
  class: Did,
  tableName: 'dids',
  checks: [
    { name: 'dids_number_e164', expression: "number ~ '^\\+[1-9][0-9]{1,14}$'" },
    { name: 'dids_route_whole', expression: '(route_kind is null) = (route_target is null)' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    tenant: { kind: 'm:1', entity: () => Tenant, deleteRule: 'cascade', index: 'dids_tenant_id_index' },
    number: { type: 'string', columnType: 'varchar(16)', unique: 'dids_number_unique' },
    user: { kind: 'm:1', entity: () => User, nullable: true, deleteRule: 'set null', index: 'dids_user_id_index' },
    destination: { type: 'string', columnType: 'text' },
    active: { type: 'boolean' },
    routeKind: { enum: true, items: () => [...DID_ROUTE_KINDS], type: 'string', columnType: 'text', nullable: true },
    routeTarget: { type: 'string', columnType: 'text', nullable: true },
  },
});

/** A route in the words My DIDs shows. */
export function didRouteWords(kind: DidRouteKind, target: string): string {
  switch (kind) {
    case 'extension':
      return `Extension ${target}`;
    case 'queue':
      return `Queue ${target}`;
    case 'voicemail':
      return `Voicemail ${target}`;
    case 'fax':
      return `Fax to extension ${target}`;
    default:
      return assertNever(kind, 'DID route kind');
  }
}
