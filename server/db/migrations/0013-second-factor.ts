// Issue 17 part 5: two-step sign-in. The user's TOTP key, the key shown for
// enrolment and not yet confirmed, when it was turned on and the last step
// accepted (no replay); the tenant's "require it of supervisors and admins";
// recovery codes as argon2 hashes; sign-ins waiting for their code.
import { Migration } from '@mikro-orm/migrations';

export class Migration0013SecondFactor extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "totp_secret" text null;`);
    this.addSql(`alter table "users" add column "totp_pending_secret" text null;`);
    this.addSql(`alter table "users" add column "totp_enabled_at" timestamptz null;`);
    this.addSql(`alter table "users" add column "totp_last_step" bigint null;`);
    this.addSql(`alter table "tenants" add column "require_second_factor" boolean not null default false;`);

    this.addSql(`
      create table "recovery_codes" (
        "id" uuid not null,
        "user_id" uuid not null,
        "code_hash" text not null,
        "used_at" timestamptz null,
        constraint "recovery_codes_pkey" primary key ("id")
      );`);
    this.addSql(`create index "recovery_codes_user_id_index" on "recovery_codes" ("user_id");`);

    this.addSql(`
      create table "pending_sign_ins" (
        "id" char(64) not null,
        "user_id" uuid not null,
        "remember" boolean not null,
        "must_enrol" boolean not null,
        "attempts" int not null default 0,
        "expires_at" timestamptz not null,
        constraint "pending_sign_ins_pkey" primary key ("id")
      );`);
    this.addSql(`create index "pending_sign_ins_user_id_index" on "pending_sign_ins" ("user_id");`);

    for (const table of ['recovery_codes', 'pending_sign_ins']) {
      this.addSql(
        `alter table "${table}" add constraint "${table}_user_id_foreign" foreign key ("user_id") ` +
          `references "users" ("id") on update cascade on delete cascade;`,
      );
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pending_sign_ins" cascade;`);
    this.addSql(`drop table if exists "recovery_codes" cascade;`);
    this.addSql(`alter table "tenants" drop column "require_second_factor";`);
    for (const column of ['totp_secret', 'totp_pending_secret', 'totp_enabled_at', 'totp_last_step']) {
      this.addSql(`alter table "users" drop column "${column}";`);
    }
  }
}
