// Every migration in order, listed explicitly so the migrator needs no file
// globbing (which would not find .ts files under tsx or in a bundle).
// Append new migrations; never edit or reorder one that has shipped.
import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Initial } from './0001-initial.ts';
import { Migration0002FollowMe } from './0002-follow-me.ts';
import { Migration0004Fax } from './0004-fax.ts';
import { Migration0005Cdr } from './0005-cdr.ts';
import { Migration0006DidRoutes } from './0006-did-routes.ts';
import { Migration0007Administration } from './0007-administration.ts';
import { Migration0008AgentDesk } from './0008-agent-desk.ts';
import { Migration0009CdrQuality } from './0009-cdr-quality.ts';
import { Migration0010QueueReports } from './0010-queue-reports.ts';
import { Migration0011Supervision } from './0011-supervision.ts';
import { Migration0012QueueAlerts } from './0012-queue-alerts.ts';
import { Migration0013SecondFactor } from './0013-second-factor.ts';

export const migrationsList: MigrationObject[] = [
  { name: '0001-initial', class: Migration0001Initial },
  { name: '0002-follow-me', class: Migration0002FollowMe },
  { name: '0004-fax', class: Migration0004Fax },
  { name: '0005-cdr', class: Migration0005Cdr },
  { name: '0006-did-routes', class: Migration0006DidRoutes },
  { name: '0007-administration', class: Migration0007Administration },
  { name: '0008-agent-desk', class: Migration0008AgentDesk },
  { name: '0009-cdr-quality', class: Migration0009CdrQuality },
  { name: '0010-queue-reports', class: Migration0010QueueReports },
  { name: '0011-supervision', class: Migration0011Supervision },
  { name: '0012-queue-alerts', class: Migration0012QueueAlerts },
  { name: '0013-second-factor', class: Migration0013SecondFactor },
];
