// Follow Me: one row per extension, its destinations in ring order. The
// ranges are checked here too, so no path around the API can store a leg
// FreeSWITCH would be told to ring for 0 s or to wait an hour for.
import { Migration } from '@mikro-orm/migrations';

export class Migration0002FollowMe extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "follow_me" (
        "id" uuid not null,
        "tenant_id" uuid not null,
        "extension_id" uuid not null,
        "enabled" boolean not null,
        "updated_at" timestamptz not null default now(),
        constraint "follow_me_pkey" primary key ("id")
      );`);
    this.addSql(`create index "follow_me_tenant_id_index" on "follow_me" ("tenant_id");`);
    this.addSql(`alter table "follow_me" add constraint "follow_me_extension_id_unique" unique ("extension_id");`);

    this.addSql(`
      create table "follow_me_destinations" (
        "id" uuid not null,
        "follow_me_id" uuid not null,
        "position" int not null,
        "destination" varchar(16) not null,
        "delay" int not null,
        "timeout" int not null,
        constraint "follow_me_destinations_pkey" primary key ("id")
      );`);
    this.addSql(
      `alter table "follow_me_destinations" add constraint "follow_me_destinations_follow_me_id_position_unique" unique ("follow_me_id", "position");`,
    );
    this.addSql(`alter table "follow_me_destinations" add constraint "follow_me_destinations_delay_range" check ((delay >= 0) AND (delay <= 300));`);
    this.addSql(`alter table "follow_me_destinations" add constraint "follow_me_destinations_timeout_range" check ((timeout >= 5) AND (timeout <= 300));`);

    this.addSql(
      `alter table "follow_me" add constraint "follow_me_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "follow_me" add constraint "follow_me_extension_id_foreign" foreign key ("extension_id") references "extensions" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "follow_me_destinations" add constraint "follow_me_destinations_follow_me_id_foreign" foreign key ("follow_me_id") references "follow_me" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "follow_me_destinations" cascade;`);
    this.addSql(`drop table if exists "follow_me" cascade;`);
  }
}
