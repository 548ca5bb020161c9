// Every entity schema, in one list for MikroORM's `entities` option.
import { AuditEntrySchema } from './audit.ts';
import { AgentBreakSchema, AgentStatusSetterSchema, BreakReasonSchema } from './break.ts';
import { CdrSchema } from './cdr.ts';
import { CreditEntrySchema } from './credit-ledger.ts';
import { DidSchema } from './did.ts';
import { ExtensionSchema } from './extension.ts';
import { InboundFaxSchema, OutboundFaxSchema } from './fax.ts';
import { FollowMeDestinationSchema, FollowMeSchema } from './follow-me.ts';
import { PasswordLinkSchema } from './password-link.ts';
import { QueueSchema, QueueTierSchema } from './queue.ts';
import { AgentStatusLogSchema, QueueCallSchema } from './queue-report.ts';
import { RateSchema } from './rate.ts';
import { PendingSignInSchema, RecoveryCodeSchema } from './second-factor.ts';
import { SessionSchema } from './session.ts';
import { TenantSchema } from './tenant.ts';
import { UserSchema } from './user.ts';

export { AuditEntry } from './audit.ts';
export { AgentBreak, AgentStatusSetter, BreakReason } from './break.ts';
export { Cdr } from './cdr.ts';
export { CreditEntry } from './credit-ledger.ts';
export { Did } from './did.ts';
export { Extension } from './extension.ts';
export { InboundFax, OutboundFax } from './fax.ts';
export { FollowMe, FollowMeDestination } from './follow-me.ts';
export { PasswordLink } from './password-link.ts';
export { Queue, QueueTier } from './queue.ts';
export { AgentStatusLogEntry, QueueCall } from './queue-report.ts';
export { Rate } from './rate.ts';
export { PendingSignIn, RecoveryCode } from './second-factor.ts';
export { Session } from './session.ts';
export { Tenant } from './tenant.ts';
export { User } from './user.ts';

export const entities = [
  TenantSchema,
  UserSchema,
  ExtensionSchema,
  QueueSchema,
  QueueTierSchema,
  DidSchema,
  SessionSchema,
  FollowMeSchema,
  FollowMeDestinationSchema,
  OutboundFaxSchema,
  InboundFaxSchema,
  RateSchema,
  CdrSchema,
  PasswordLinkSchema,
  AuditEntrySchema,
  CreditEntrySchema,
  BreakReasonSchema,
  AgentBreakSchema,
  AgentStatusSetterSchema,
  QueueCallSchema,
  AgentStatusLogSchema,
  RecoveryCodeSchema,
  PendingSignInSchema,
];
