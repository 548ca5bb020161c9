// Running tenants for real: the service provider's operators (users of no
// tenant), disabled users and suspended tenants, the settings an admin gives
// extensions and queues, one-time set-password links, the audit log, and the
// credit ledger the balance is the sum of.
import { Migration } from '@mikro-orm/migrations';

export class Migration0007Administration extends Migration {
  override async up(): Promise<void> {
    // Operators manage tenants and belong to none; everyone else belongs to exactly one.
    this.addSql(`alter table "users" drop constraint "users_role_check";`);
    this.addSql(`alter table "users" add constraint "users_role_check" check ("role" in ('agent', 'supervisor', 'admin', 'operator'));`);
    this.addSql(`alter table "users" alter column "tenant_id" drop not null;`);
    this.addSql(`alter table "users" add constraint "users_operator_no_tenant" check ((role = 'operator') = (tenant_id is null));`);
    this.addSql(`alter table "users" add column "disabled" boolean not null default false;`);
    this.addSql(`alter table "sessions" alter column "tenant_id" drop not null;`);

    this.addSql(`alter table "tenants" add column "package" text not null default 'custom';`);
    this.addSql(`alter table "tenants" add column "suspended" boolean not null default false;`);

    this.addSql(`alter table "extensions" add column "caller_id_number" varchar(16) null;`);
    this.addSql(`alter table "extensions" add column "voicemail" boolean not null default true;`);
    this.addSql(`alter table "extensions" add column "voicemail_pin" varchar(10) null;`);
    this.addSql(`alter table "extensions" add constraint "extensions_caller_id_number_e164" check (caller_id_number ~ '^\\+[1-9][0-9]{1,14}$');`);
    this.addSql(`alter table "extensions" add constraint "extensions_voicemail_pin_digits" check (voicemail_pin ~ '^[0-9]{4,10}$');`);

    // mod_callcenter's max-wait-time (0: no limit) and the agents' wrap-up time after a call of this queue.
    this.addSql(`alter table "queues" add column "max_wait_time" int not null default 0;`);
    this.addSql(`alter table "queues" add column "wrap_up_time" int not null default 10;`);

    this.addSql(`
      create table "password_links" (
        "id" char(64) not null,
        "user_id" uuid not null,
        "expires_at" timestamptz not null,
        constraint "password_links_pkey" primary key ("id")
      );`);
    this.addSql(`create index "password_links_user_id_index" on "password_links" ("user_id");`);

    this.addSql(`
      create table "audit_log" (
        "id" bigserial,
        "at" timestamptz not null default now(),
        "tenant_id" uuid null,
        "actor_id" uuid null,
        "actor" text not null,
        "address" text null,
        "action" text not null,
        "target" text not null,
        "changes" jsonb not null default '{}',
        constraint "audit_log_pkey" primary key ("id")
      );`);
    this.addSql(`create index "audit_log_tenant_id_id_index" on "audit_log" ("tenant_id", "id");`);

    this.addSql(`
      create table "credit_ledger" (
        "id" bigserial,
        "tenant_id" uuid not null,
        "at" timestamptz not null default now(),
        "kind" text check ("kind" in ('opening', 'top-up', 'correction', 'call')) not null,
        "amount" numeric(14,4) not null,
        "cdr_uuid" uuid null,
        "actor_id" uuid null,
        "actor" text not null,
        "reason" text not null,
        constraint "credit_ledger_pkey" primary key ("id")
      );`);
    this.addSql(`create index "credit_ledger_tenant_id_id_index" on "credit_ledger" ("tenant_id", "id");`);
    // A call is debited once, whichever node or path records it first.
    this.addSql(`alter table "credit_ledger" add constraint "credit_ledger_cdr_uuid_unique" unique ("cdr_uuid");`);

    const fk = (table: string, column: string, target: string, rule: 'cascade' | 'set null') =>
      this.addSql(
        `alter table "${table}" add constraint "${table}_${column}_foreign" foreign key ("${column}") ` +
          `references "${target}" ("id") on update cascade on delete ${rule};`,
      );
    fk('password_links', 'user_id', 'users', 'cascade');
    // The log outlives what it describes: a removed tenant or user leaves its rows, unlinked.
    fk('audit_log', 'tenant_id', 'tenants', 'set null');
    fk('audit_log', 'actor_id', 'users', 'set null');
    fk('credit_ledger', 'tenant_id', 'tenants', 'cascade');
    fk('credit_ledger', 'actor_id', 'users', 'set null');

    // Every balance so far becomes the ledger's first row, before the trigger
    // exists, so the sum starts equal to the balance.
    this.addSql(`insert into "credit_ledger" ("tenant_id", "kind", "amount", "actor", "reason")
      select "id", 'opening', "credit", 'switchboard', 'Balance before the credit ledger' from "tenants";`);

    // The balance is the ledger's sum by construction: the only thing that
    // moves tenants.credit is a ledger row. One UPDATE per tenant per
    // statement (a batch of calls moves the balance once; credit_version
    // still counts every row, as live updates are ordered by it).
    this.addSql(`
      create function "credit_ledger_apply"() returns trigger language plpgsql as $$
      begin
        update "tenants" t set "credit" = t."credit" + s."total", "credit_version" = t."credit_version" + s."rows"
          from (select "tenant_id", sum("amount") as "total", count(*)::int as "rows" from "new_rows" group by "tenant_id") s
          where t."id" = s."tenant_id";
        return null;
      end $$;`);
    this.addSql(`create trigger "credit_ledger_apply" after insert on "credit_ledger"
      referencing new table as "new_rows" for each statement execute function "credit_ledger_apply"();`);
    // Append-only: a mistake is corrected by another row, never by editing one.
    this.addSql(`
      create function "credit_ledger_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'the credit ledger is append-only: add a correction instead';
      end $$;`);
    this.addSql(`create trigger "credit_ledger_append_only" before update on "credit_ledger"
      for each row execute function "credit_ledger_append_only"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit_ledger" cascade;`);
    this.addSql(`drop function if exists "credit_ledger_apply"();`);
    this.addSql(`drop function if exists "credit_ledger_append_only"();`);
    this.addSql(`drop table if exists "audit_log" cascade;`);
    this.addSql(`drop table if exists "password_links" cascade;`);
    for (const column of ['max_wait_time', 'wrap_up_time']) this.addSql(`alter table "queues" drop column "${column}";`);
    for (const column of ['caller_id_number', 'voicemail', 'voicemail_pin']) this.addSql(`alter table "extensions" drop column "${column}";`);
    for (const column of ['package', 'suspended']) this.addSql(`alter table "tenants" drop column "${column}";`);
    this.addSql(`alter table "users" drop column "disabled";`);
    this.addSql(`alter table "users" drop constraint "users_operator_no_tenant";`);
    this.addSql(`delete from "users" where "tenant_id" is null;`);
    this.addSql(`alter table "users" alter column "tenant_id" set not null;`);
    this.addSql(`delete from "sessions" where "tenant_id" is null;`);
    this.addSql(`alter table "sessions" alter column "tenant_id" set not null;`);
    this.addSql(`alter table "users" drop constraint "users_role_check";`);
    this.addSql(`alter table "users" add constraint "users_role_check" check ("role" in ('agent', 'supervisor', 'admin'));`);
  }
}
