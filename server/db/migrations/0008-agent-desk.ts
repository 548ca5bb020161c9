// The agent's desk: the break reasons a tenant offers its agents, the reason
// each agent on break is on it for (mod_callcenter knows only "On Break"),
// and the tenant's choice to put an available agent whose phone is gone on
// break by itself, and back when it returns.
import { Migration } from '@mikro-orm/migrations';

export class Migration0008AgentDesk extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "break_reasons" (
        "id" uuid not null,
        "tenant_id" uuid not null,
        "name" text not null,
        "position" int not null,
        constraint "break_reasons_pkey" primary key ("id")
      );`);
    this.addSql(`alter table "break_reasons" add constraint "break_reasons_tenant_id_name_unique" unique ("tenant_id", "name");`);

    // Keyed as mod_callcenter keys agents (`1001@acme.pbx.test`): one row while the agent is on a break with a reason.
    this.addSql(`
      create table "agent_breaks" (
        "agent" text not null,
        "tenant_id" uuid not null,
        "reason" text not null,
        "source" text check ("source" in ('agent', 'no-phone', 'dnd')) not null,
        "since" timestamptz not null default now(),
        constraint "agent_breaks_pkey" primary key ("agent")
      );`);
    this.addSql(`create index "agent_breaks_tenant_id_index" on "agent_breaks" ("tenant_id");`);

    this.addSql(`alter table "tenants" add column "no_phone_break" boolean not null default false;`);
    this.addSql(`alter table "tenants" add column "no_phone_grace_seconds" int not null default 30;`);

    for (const table of ['break_reasons', 'agent_breaks']) {
      this.addSql(
        `alter table "${table}" add constraint "${table}_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
      );
    }
    // Every tenant starts with the reasons call centres use most; its admin edits them.
    this.addSql(`insert into "break_reasons" ("id", "tenant_id", "name", "position")
      select gen_random_uuid(), t."id", r."name", r."position" from "tenants" t
      cross join (values ('Lunch', 1), ('Coffee', 2), ('Training', 3), ('Meeting', 4), ('After-call work', 5)) as r("name", "position");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "agent_breaks" cascade;`);
    this.addSql(`drop table if exists "break_reasons" cascade;`);
    this.addSql(`alter table "tenants" drop column "no_phone_grace_seconds";`);
    this.addSql(`alter table "tenants" drop column "no_phone_break";`);
  }
}
