// The first schema: tenants and what they own, users and their sessions.
// Written by hand (not generated) so a reviewer sees exactly what runs;
// constraint names follow MikroORM's naming so a schema diff stays empty.
import { Migration } from '@mikro-orm/migrations';

export class Migration0001Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "tenants" (
        "id" uuid not null,
        "name" text not null,
        "domain" text not null,
        "credit" numeric(14,4) not null default 0,
        "currency" varchar(3) not null default 'USD',
        "max_extensions" int not null,
        "max_devices" int not null,
        "max_ring_groups" int not null,
        "voice_minutes" int not null,
        "fax_pages" int not null,
        "created_at" timestamptz not null default now(),
        constraint "tenants_pkey" primary key ("id")
      );`);
    this.addSql(`alter table "tenants" add constraint "tenants_domain_unique" unique ("domain");`);

    this.addSql(`
      create table "users" (
        "id" uuid not null,
        "tenant_id" uuid not null,
        "email" text not null,
        "name" text not null,
        "password_hash" text not null,
        "role" text check ("role" in ('agent', 'supervisor', 'admin')) not null,
        "failed_sign_ins" int not null default 0,
        "locked" boolean not null default false,
        "locked_at" timestamptz null,
        "created_at" timestamptz not null default now(),
        constraint "users_pkey" primary key ("id")
      );`);
    this.addSql(`create index "users_tenant_id_index" on "users" ("tenant_id");`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    // Sign-in matches e-mails exactly; storing anything but lowercase would split one person in two.
    this.addSql(`alter table "users" add constraint "users_email_lowercase" check (email = lower(email));`);

    this.addSql(`
      create table "extensions" (
        "id" uuid not null,
        "tenant_id" uuid not null,
        "number" varchar(32) not null,
        "sip_password" text not null,
        "owner_id" uuid null,
        "dnd" boolean not null default false,
        "fax_email" text null,
        "caller_id_name" text not null,
        constraint "extensions_pkey" primary key ("id")
      );`);
    this.addSql(`create index "extensions_owner_id_index" on "extensions" ("owner_id");`);
    this.addSql(`alter table "extensions" add constraint "extensions_tenant_id_number_unique" unique ("tenant_id", "number");`);

    this.addSql(`
      create table "queues" (
        "id" uuid not null,
        "tenant_id" uuid not null,
        "name" text not null,
        "strategy" text not null default 'longest-idle-agent',
        constraint "queues_pkey" primary key ("id")
      );`);
    this.addSql(`alter table "queues" add constraint "queues_tenant_id_name_unique" unique ("tenant_id", "name");`);

    this.addSql(`
      create table "queue_tiers" (
        "id" uuid not null,
        "queue_id" uuid not null,
        "user_id" uuid not null,
        "level" int not null default 1,
        "position" int not null default 1,
        constraint "queue_tiers_pkey" primary key ("id")
      );`);
    this.addSql(`create index "queue_tiers_user_id_index" on "queue_tiers" ("user_id");`);
    this.addSql(`alter table "queue_tiers" add constraint "queue_tiers_queue_id_user_id_unique" unique ("queue_id", "user_id");`);

    this.addSql(`
      create table "dids" (
        "id" uuid not null,
        "tenant_id" uuid not null,
        "number" varchar(16) not null,
        "user_id" uuid null,
        "destination" text not null,
        "active" boolean not null default true,
        constraint "dids_pkey" primary key ("id")
      );`);
    this.addSql(`create index "dids_tenant_id_index" on "dids" ("tenant_id");`);
    this.addSql(`alter table "dids" add constraint "dids_number_unique" unique ("number");`);
    this.addSql(`create index "dids_user_id_index" on "dids" ("user_id");`);
    this.addSql(`alter table "dids" add constraint "dids_number_e164" check (number ~ '^\\+[1-9][0-9]{1,14}$');`);

    this.addSql(`
      create table "sessions" (
        "id" char(64) not null,
        "user_id" uuid not null,
        "tenant_id" uuid not null,
        "created_at" timestamptz not null default now(),
        "expires_at" timestamptz not null,
        "persistent" boolean not null,
        "last_seen_at" timestamptz not null default now(),
        "user_agent" text null,
        constraint "sessions_pkey" primary key ("id")
      );`);
    this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);
    this.addSql(`create index "sessions_tenant_id_index" on "sessions" ("tenant_id");`);
    this.addSql(`create index "sessions_expires_at_index" on "sessions" ("expires_at");`);

    // Deleting a tenant removes everything it owns; deleting a user keeps
    // their extensions and DIDs, unassigned.
    const fk = (table: string, column: string, target: string, rule: 'cascade' | 'set null') =>
      this.addSql(
        `alter table "${table}" add constraint "${table}_${column}_foreign" foreign key ("${column}") ` +
          `references "${target}" ("id") on update cascade on delete ${rule};`,
      );
    fk('users', 'tenant_id', 'tenants', 'cascade');
    fk('extensions', 'tenant_id', 'tenants', 'cascade');
    fk('extensions', 'owner_id', 'users', 'set null');
    fk('queues', 'tenant_id', 'tenants', 'cascade');
    fk('queue_tiers', 'queue_id', 'queues', 'cascade');
    fk('queue_tiers', 'user_id', 'users', 'cascade');
    fk('dids', 'tenant_id', 'tenants', 'cascade');
    fk('dids', 'user_id', 'users', 'set null');
    fk('sessions', 'user_id', 'users', 'cascade');
    fk('sessions', 'tenant_id', 'tenants', 'cascade');
  }

  override async down(): Promise<void> {
    for (const table of ['sessions', 'dids', 'queue_tiers', 'queues', 'extensions', 'users', 'tenants']) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
  }
}
