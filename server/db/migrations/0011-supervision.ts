// Supervisors on agents' calls (listen, whisper, barge): the tenant's choice
// to hide listening from its agents. The interventions themselves are
// audit_log rows (server/supervise/audit.ts); the few still open (a mode
// going on, or one whose end no node saw) are read back after every ESL
// (re)connect, so they have an index of their own.
import { Migration } from '@mikro-orm/migrations';

export class Migration0011Supervision extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "tenants" add column "hide_listening" boolean not null default false;`);
    this.addSql(
      `create index "audit_log_open_supervision_index" on "audit_log" ("id") where "action" like 'supervise.%' and "changes"->>'until' is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "audit_log_open_supervision_index";`);
    this.addSql(`alter table "tenants" drop column "hide_listening";`);
  }
}
