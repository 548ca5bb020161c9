// Fax: outbound faxes (each row is also its send job) and inbound faxes
// (each row also carries its e-mail delivery). Result events are keyed by
// the FreeSWITCH call UUID, unique, so two nodes never record one twice.
import { Migration } from '@mikro-orm/migrations';

export class Migration0004Fax extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "fax_outbound" (
        "id" uuid not null,
        "tenant_id" uuid not null,
        "user_id" uuid not null,
        "to_number" varchar(20) not null,
        "cover_template" text not null,
        "subject" text not null,
        "note" text not null,
        "document_hash" char(64) not null,
        "pages" int not null,
        "sent_pages" int null,
        "status" text check ("status" in ('queued', 'sending', 'sent', 'failed')) not null default 'queued',
        "reason" text null,
        "attempts" int not null default 0,
        "max_attempts" int not null,
        "next_attempt_at" timestamptz not null default now(),
        "lease_until" timestamptz null,
        "call_uuid" uuid null,
        "created_at" timestamptz not null default now(),
        "completed_at" timestamptz null,
        constraint "fax_outbound_pkey" primary key ("id")
      );`);
    this.addSql(`alter table "fax_outbound" add constraint "fax_outbound_call_uuid_unique" unique ("call_uuid");`);
    this.addSql(`create index "fax_outbound_tenant_id_user_id_index" on "fax_outbound" ("tenant_id", "user_id", "created_at");`);
    // What the send queue scans: only rows that still owe work.
    this.addSql(
      `create index "fax_outbound_pending_index" on "fax_outbound" ("next_attempt_at") where "status" in ('queued', 'sending');`,
    );

    this.addSql(`
      create table "fax_inbound" (
        "id" uuid not null,
        "tenant_id" uuid not null,
        "user_id" uuid null,
        "extension" varchar(32) not null,
        "call_uuid" uuid not null,
        "from_number" text not null,
        "remote_station_id" text not null,
        "pages" int not null,
        "status" text check ("status" in ('received', 'failed')) not null,
        "reason" text null,
        "pdf_hash" char(64) null,
        "email_to" text null,
        "email_status" text check ("email_status" in ('none', 'pending', 'sent', 'failed')) not null default 'none',
        "email_attempts" int not null default 0,
        "email_next_at" timestamptz not null default now(),
        "email_lease_until" timestamptz null,
        "email_error" text null,
        "received_at" timestamptz not null default now(),
        constraint "fax_inbound_pkey" primary key ("id")
      );`);
    this.addSql(`alter table "fax_inbound" add constraint "fax_inbound_call_uuid_unique" unique ("call_uuid");`);
    this.addSql(`create index "fax_inbound_tenant_id_user_id_index" on "fax_inbound" ("tenant_id", "user_id", "received_at");`);
    this.addSql(`create index "fax_inbound_email_pending_index" on "fax_inbound" ("email_next_at") where "email_status" = 'pending';`);

    const fk = (table: string, column: string, target: string, rule: 'cascade' | 'set null') =>
      this.addSql(
        `alter table "${table}" add constraint "${table}_${column}_foreign" foreign key ("${column}") ` +
          `references "${target}" ("id") on update cascade on delete ${rule};`,
      );
    fk('fax_outbound', 'tenant_id', 'tenants', 'cascade');
    fk('fax_outbound', 'user_id', 'users', 'cascade');
    fk('fax_inbound', 'tenant_id', 'tenants', 'cascade');
    fk('fax_inbound', 'user_id', 'users', 'set null');
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "fax_inbound" cascade;`);
    this.addSql(`drop table if exists "fax_outbound" cascade;`);
  }
}
