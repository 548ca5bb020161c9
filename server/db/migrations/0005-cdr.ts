// Calls and money: one CDR row per FreeSWITCH leg, keyed by its Unique-ID
// (so every node and the mod_json_cdr post may try; one row lands), the
// tenant's per-prefix rates, and on the tenant its low-credit threshold and
// a counter of balance changes (credit_version) that orders live updates.
import { Migration } from '@mikro-orm/migrations';

export class Migration0005Cdr extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "tenants" add column "low_credit_threshold" numeric(14,4) not null default 10;`);
    this.addSql(`alter table "tenants" add column "credit_version" int not null default 0;`);

    this.addSql(`
      create table "rates" (
        "id" uuid not null,
        "tenant_id" uuid not null,
        "prefix" varchar(16) not null,
        "per_minute" numeric(12,6) not null,
        "first_increment" int not null,
        "increment" int not null,
        constraint "rates_pkey" primary key ("id"),
        constraint "rates_prefix_e164" check ("prefix" ~ '^\\+[0-9]{1,15}$'),
        constraint "rates_per_minute_positive" check ("per_minute" >= 0),
        constraint "rates_increments_positive" check ("first_increment" > 0 and "increment" > 0)
      );`);
    this.addSql(`alter table "rates" add constraint "rates_tenant_id_prefix_unique" unique ("tenant_id", "prefix");`);

    this.addSql(`
      create table "cdr" (
        "uuid" uuid not null,
        "tenant_id" uuid not null,
        "user_id" uuid null,
        "extension" varchar(32) null,
        "direction" text check ("direction" in ('inbound', 'outbound')) not null,
        "status" text check ("status" in ('answered', 'missed', 'busy', 'no-answer', 'rejected', 'cancelled', 'failed')) not null,
        "caller_id_name" text not null,
        "caller_id_number" text not null,
        "destination" text not null,
        "started_at" timestamptz not null,
        "answered_at" timestamptz null,
        "ended_at" timestamptz not null,
        "duration" int not null,
        "billsec" int not null,
        "hangup_cause" text not null,
        "read_codec" text not null,
        "write_codec" text not null,
        "sip_call_id" text not null,
        "recording_path" text null,
        "cost" numeric(14,4) null,
        "rate_prefix" varchar(16) null,
        constraint "cdr_pkey" primary key ("uuid")
      );`);
    // The CDR pages: one user's calls in a date range, newest first, paged by (started_at, uuid).
    this.addSql(`create index "cdr_owner_started_index" on "cdr" ("tenant_id", "user_id", "started_at" desc, "uuid" desc);`);
    // The billing quota: the tenant's billed seconds this month.
    this.addSql(`create index "cdr_tenant_started_index" on "cdr" ("tenant_id", "started_at") include ("billsec");`);

    const fk = (table: string, column: string, target: string, rule: 'cascade' | 'set null') =>
      this.addSql(
        `alter table "${table}" add constraint "${table}_${column}_foreign" foreign key ("${column}") ` +
          `references "${target}" ("id") on update cascade on delete ${rule};`,
      );
    fk('rates', 'tenant_id', 'tenants', 'cascade');
    fk('cdr', 'tenant_id', 'tenants', 'cascade');
    fk('cdr', 'user_id', 'users', 'set null');
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "cdr" cascade;`);
    this.addSql(`drop table if exists "rates" cascade;`);
    this.addSql(`alter table "tenants" drop column "credit_version";`);
    this.addSql(`alter table "tenants" drop column "low_credit_threshold";`);
  }
}
