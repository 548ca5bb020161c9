// Issue 15's supervisor's console, items 2 and 3. Alerts: each queue's
// thresholds (longest wait in seconds, callers waiting, service level in %),
// null for no alert. Acting on agents: a break a supervisor started is said
// to be theirs, and who set an agent's status (a supervisor of the tenant)
// is kept until the agent or FreeSWITCH changes it, so every node (one that
// starts later too) tells the agent who it was.
import { Migration } from '@mikro-orm/migrations';

const ALERT_COLUMNS = ['alert_longest_wait_seconds', 'alert_waiting_callers', 'alert_service_level_percent'] as const;

export class Migration0012QueueAlerts extends Migration {
  override async up(): Promise<void> {
    for (const column of ALERT_COLUMNS) this.addSql(`alter table "queues" add column "${column}" int null;`);

    this.addSql(`alter table "agent_breaks" drop constraint if exists "agent_breaks_source_check";`);
    this.addSql(`alter table "agent_breaks" add constraint "agent_breaks_source_check" check ("source" in ('agent', 'no-phone', 'dnd', 'supervisor'));`);

    // Keyed as mod_callcenter keys agents; one row while the status a supervisor set holds.
    this.addSql(`
      create table "agent_status_setters" (
        "agent" text not null,
        "tenant_id" uuid not null,
        "status" text not null,
        "by_user_id" uuid null,
        "by_name" text not null,
        "at" timestamptz not null default now(),
        constraint "agent_status_setters_pkey" primary key ("agent")
      );`);
    this.addSql(`create index "agent_status_setters_tenant_id_index" on "agent_status_setters" ("tenant_id");`);
    this.addSql(
      `alter table "agent_status_setters" add constraint "agent_status_setters_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "agent_status_setters" cascade;`);
    this.addSql(`delete from "agent_breaks" where "source" = 'supervisor';`);
    this.addSql(`alter table "agent_breaks" drop constraint if exists "agent_breaks_source_check";`);
    this.addSql(`alter table "agent_breaks" add constraint "agent_breaks_source_check" check ("source" in ('agent', 'no-phone', 'dnd'));`);
    for (const column of ALERT_COLUMNS) this.addSql(`alter table "queues" drop column "${column}";`);
  }
}
