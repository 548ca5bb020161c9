// The facts queue reports are counted from, written by every node that hears
// them and landing once: one row per caller's visit to a queue, keyed by
// mod_callcenter's member UUID (CC-Member-UUID on ESL, cc_member_uuid on the
// member's CDR), and the agents' status log, keyed by agent and the moment
// the status began. Today's wallboard figures and the report pages are both
// aggregates of these tables (server/reports/).
import { Migration } from '@mikro-orm/migrations';

export class Migration0010QueueReports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "queue_calls" (
        "member_uuid" text not null,
        "tenant_id" uuid not null,
        "queue" text not null,
        "session_uuid" text null,
        "cid_name" text not null default '',
        "cid_number" text not null default '',
        "joined_at" timestamptz not null,
        "answered_at" timestamptz null,
        "ended_at" timestamptz null,
        "agent" text null,
        "outcome" text check ("outcome" in ('waiting', 'answered', 'abandoned')) not null,
        "cancel_reason" text null,
        "wrap_up_seconds" int not null default 0,
        constraint "queue_calls_pkey" primary key ("member_uuid")
      );`);
    // Today's figures of one queue, read after each fact about it: one queue's visits by when they joined.
    this.addSql(`create index "queue_calls_queue_joined_index" on "queue_calls" ("tenant_id", "queue", "joined_at");`);
    // The reports (every queue, every agent of a tenant over a range) and every queue's today at start-up
    // (bench/queue-report-query.ts: without it a month's report scanned the whole table).
    this.addSql(`create index "queue_calls_tenant_joined_index" on "queue_calls" ("tenant_id", "joined_at");`);

    // A status lasts until the agent's next row: no end column to keep in step across nodes.
    this.addSql(`
      create table "agent_status_log" (
        "tenant_id" uuid not null,
        "agent" text not null,
        "started_at" timestamptz not null,
        "status" text not null,
        "reason" text null,
        constraint "agent_status_log_pkey" primary key ("agent", "started_at")
      );`);
    this.addSql(`create index "agent_status_log_tenant_started_index" on "agent_status_log" ("tenant_id", "started_at");`);

    for (const table of ['queue_calls', 'agent_status_log']) {
      this.addSql(
        `alter table "${table}" add constraint "${table}_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
      );
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "agent_status_log" cascade;`);
    this.addSql(`drop table if exists "queue_calls" cascade;`);
  }
}
