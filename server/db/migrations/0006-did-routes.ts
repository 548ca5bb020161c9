// DID routes: where a call from outside to a DID goes, as data the served
// `did` dialplan context can follow (an extension, a queue, a voicemail box
// or a fax line), beside the words My DIDs shows. Existing DIDs get the
// route their words already named; anything else stays without one, which
// FreeSWITCH refuses, until someone sets it.
import { Migration } from '@mikro-orm/migrations';

export class Migration0006DidRoutes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "dids" add column "route_kind" text null check ("route_kind" in ('extension', 'queue', 'voicemail', 'fax'));`,
    );
    this.addSql(`alter table "dids" add column "route_target" text null;`);
    this.addSql(`update "dids" set "route_kind" = 'extension', "route_target" = substring("destination" from '^Extension ([0-9]+)$')
      where "destination" ~ '^Extension [0-9]+$';`);
    this.addSql(`update "dids" set "route_kind" = 'queue', "route_target" = substring("destination" from '^Queue (\\S+)$')
      where "destination" ~ '^Queue \\S+$';`);
    this.addSql(
      `alter table "dids" add constraint "dids_route_whole" check ((route_kind is null) = (route_target is null));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "dids" drop constraint if exists "dids_route_whole";`);
    this.addSql(`alter table "dids" drop column if exists "route_target";`);
    this.addSql(`alter table "dids" drop column if exists "route_kind";`);
  }
}
