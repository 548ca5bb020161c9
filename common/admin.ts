// Administration: what a tenant's admin and the service provider's operator
// send and get back. The same schemas check the REST bodies, the client's
// forms and every entry of a provisioning file (`npm run admin -- apply`),
// so a value is refused in the same words wherever it comes from.
import { z } from 'zod';
import { TENANT_ROLES } from './api.ts';
import { DND_REASON, NO_PHONE_REASON } from './live.ts';

// ── Shared value rules ──────────────────────────────────────────────────

export const MIN_PASSWORD_LENGTH = 10;
/** How long a one-time set-password link works. */
export const PASSWORD_LINK_HOURS = 72;

export const email = z.string().trim().toLowerCase().email('Enter a valid e-mail address.').max(254);
export const personName = z.string().trim().min(1, 'Enter a name.').max(120, 'A name may have at most 120 characters.');
export const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(512, 'A password may have at most 512 characters.');
export const tenantRole = z.enum(TENANT_ROLES, { message: `The role must be one of ${TENANT_ROLES.join(', ')}.` });

/** An extension number as phones dial it: 2–8 digits, not starting with 0 (0… and 00… are outside numbers). */
export const extensionNumber = z
  .string()
  .trim()
  .regex(/^[1-9][0-9]{1,7}$/, 'An extension number has 2 to 8 digits and does not start with 0.');
export const e164 = z
  .string()
  .trim()
  .regex(/^\+[1-9][0-9]{1,14}$/, 'Write the number in international format: + and the country code, e.g. +14155550100.');
/**
 * FreeSWITCH passes a caller ID name into the callee's From header as is: a
 * double quote or a backslash would break it, a line break would add a header.
 */
export const callerIdName = z
  .string()
  .trim()
  .min(1, 'Enter a caller ID name.')
  .max(64, 'A caller ID name may have at most 64 characters.')
  .regex(/^[^"\\\r\n<>]*$/, 'A caller ID name may not contain " \\ < > or line breaks.');
export const voicemailPin = z.string().trim().regex(/^[0-9]{4,10}$/, 'A voicemail PIN has 4 to 10 digits.');
/** A decimal amount of money as text, never a float: up to 10 digits and 4 decimals. */
export const money = z
  .string()
  .trim()
  .regex(/^-?[0-9]{1,10}(\.[0-9]{1,4})?$/, 'Write an amount like 25 or 12.5 (at most 4 decimals).');
export const positiveMoney = money.refine((v) => !v.startsWith('-') && /[1-9]/.test(v), 'The amount must be more than 0.');
export const nonNegativeMoney = money.refine((v) => !v.startsWith('-'), 'The amount may not be negative.');
export const reason = z.string().trim().min(3, 'Say why, in a few words.').max(500, 'A reason may have at most 500 characters.');

// ── Tenants (operators) ─────────────────────────────────────────────────

/** A tenant's SIP domain: lowercase DNS name with at least one dot. */
export const sipDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'A SIP domain is a DNS name such as acme.pbx.example.com.');
export const currency = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'A currency is three letters, e.g. USD.');

export const limits = z.object({
  maxExtensions: z.number().int().min(0).max(100_000),
  maxDevices: z.number().int().min(0).max(100_000),
  maxRingGroups: z.number().int().min(0).max(10_000),
  /** Voice minutes included per month. */
  voiceMinutes: z.number().int().min(0).max(100_000_000),
  /** Fax pages included per month. */
  faxPages: z.number().int().min(0).max(10_000_000),
});
export type Limits = z.infer<typeof limits>;

/** The packages an operator sells; 'custom' is any other set of limits. */
export const PACKAGES: Record<'starter' | 'business' | 'enterprise', Limits> = {
  starter: { maxExtensions: 5, maxDevices: 10, maxRingGroups: 1, voiceMinutes: 1_000, faxPages: 50 },
  business: { maxExtensions: 25, maxDevices: 50, maxRingGroups: 5, voiceMinutes: 10_000, faxPages: 500 },
  enterprise: { maxExtensions: 250, maxDevices: 500, maxRingGroups: 50, voiceMinutes: 100_000, faxPages: 5_000 },
};
export type PackageName = keyof typeof PACKAGES | 'custom';
export const PACKAGE_NAMES = [...(Object.keys(PACKAGES) as (keyof typeof PACKAGES)[]), 'custom'] as const;
export const packageName = z.enum(PACKAGE_NAMES, { message: `The package must be one of ${PACKAGE_NAMES.join(', ')}.` });

export const tenantCreate = z.object({
  name: personName,
  domain: sipDomain,
  package: packageName.default('business'),
  /** Required with package 'custom'; otherwise the package's. */
  limits: limits.optional(),
  currency: currency.default('USD'),
  /** The tenant's first administrator: gets a one-time set-password link. */
  admin: z.object({ email, name: personName }).optional(),
});
export type TenantCreate = z.input<typeof tenantCreate>;

export const tenantUpdate = z.object({
  name: personName.optional(),
  package: packageName.optional(),
  limits: limits.optional(),
  lowCreditThreshold: nonNegativeMoney.optional(),
});
export type TenantUpdate = z.input<typeof tenantUpdate>;

export const suspendRequest = z.object({ reason });

export const CREDIT_KINDS = ['opening', 'top-up', 'correction', 'call'] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];

/** What an operator may book: a top-up adds, a correction adds or takes away. */
export const creditRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('top-up'), amount: positiveMoney, reason }),
  z.object({
    kind: z.literal('correction'),
    amount: money.refine((v) => /[1-9]/.test(v), 'A correction of 0 changes nothing.'),
    reason,
  }),
]);
export type CreditRequest = z.input<typeof creditRequest>;

export interface TenantRow {
  id: string;
  name: string;
  domain: string;
  package: PackageName;
  limits: Limits;
  suspended: boolean;
  /** Decimal string. */
  credit: string;
  currency: string;
  lowCreditThreshold: string;
  users: number;
  extensions: number;
  createdAt: string;
}

export interface CreditEntryRow {
  id: string;
  at: string;
  kind: CreditKind;
  amount: string;
  /** The balance right after this row. */
  balance: string;
  actor: string;
  reason: string;
  cdrUuid: string | null;
}

export interface Ledger {
  tenant: TenantRow;
  entries: CreditEntryRow[];
  /** Pass as ?before= for the next (older) page. */
  next: string | null;
  /** The sum of every row: equal to the balance (the page shows both). */
  sum: string;
}

// ── Users (tenant admins) ──────────────────────────────────────────────

export const userCreate = z.object({
  email,
  name: personName,
  role: tenantRole,
  /** Absent: a one-time set-password link is made and shown once. */
  password: password.optional(),
});
export type UserCreate = z.input<typeof userCreate>;

export const userUpdate = z.object({ name: personName.optional(), role: tenantRole.optional() });
export type UserUpdate = z.input<typeof userUpdate>;

/** A new password, or none: then a one-time link to choose one. */
export const passwordReset = z.object({ password: password.optional() });

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: (typeof TENANT_ROLES)[number];
  locked: boolean;
  disabled: boolean;
  failedSignIns: number;
  /** Two-step sign-in is on (an admin can reset it for a lost phone). */
  secondFactor: boolean;
  /** Numbers of the extensions the user owns. */
  extensions: string[];
  createdAt: string;
}

/** Answer to a create or a password reset. `setPasswordLink` is shown once and never stored. */
export interface UserCreated {
  user: AdminUser;
  setPasswordLink?: string;
}

export const setPasswordRequest = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is not valid.'), password });

// ── Extensions ──────────────────────────────────────────────────────────

const extensionFields = {
  /** A user of the tenant, by id; null: nobody's (a reception desk, a meeting room). */
  ownerId: z.string().uuid('Pick a user of your organisation.').nullable(),
  callerIdName,
  /** Shown on calls to outside numbers; null: the owner's first active DID. */
  callerIdNumber: e164.nullable(),
  voicemail: z.boolean(),
  voicemailPin: voicemailPin.nullable(),
};

export const extensionCreate = z.object({
  number: extensionNumber,
  ownerId: extensionFields.ownerId.default(null),
  callerIdName: extensionFields.callerIdName,
  callerIdNumber: extensionFields.callerIdNumber.default(null),
  voicemail: extensionFields.voicemail.default(true),
  voicemailPin: extensionFields.voicemailPin.default(null),
});
export type ExtensionCreate = z.input<typeof extensionCreate>;

export const extensionUpdate = z.object({
  ownerId: extensionFields.ownerId.optional(),
  callerIdName: extensionFields.callerIdName.optional(),
  callerIdNumber: extensionFields.callerIdNumber.optional(),
  voicemail: extensionFields.voicemail.optional(),
  voicemailPin: extensionFields.voicemailPin.optional(),
});
export type ExtensionUpdate = z.input<typeof extensionUpdate>;

export interface AdminExtension {
  id: string;
  number: string;
  owner: { id: string; name: string; email: string } | null;
  callerIdName: string;
  callerIdNumber: string | null;
  voicemail: boolean;
  hasVoicemailPin: boolean;
  dnd: boolean;
}

/** Answer to a create or a new SIP password: the password is shown once here (its owner also sees it on My Account). */
export interface ExtensionSecret {
  extension: AdminExtension;
  sipPassword: string;
}

export interface ExtensionList {
  extensions: AdminExtension[];
  /** The package's limit, so the page can say how many are left. */
  maxExtensions: number;
}

// ── Queues ──────────────────────────────────────────────────────────────

/** mod_callcenter's strategies (mod_callcenter.c). */
export const QUEUE_STRATEGIES = [
  'longest-idle-agent',
  'ring-all',
  'round-robin',
  'top-down',
  'agent-with-least-talk-time',
  'agent-with-fewest-calls',
  'sequentially-by-agent-order',
  'random',
  'ring-progressively',
] as const;
export type QueueStrategy = (typeof QUEUE_STRATEGIES)[number];

/** A queue's name is what a phone dials to join it, so it must not look like an extension or a number. */
export const queueName = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'A queue name starts with a lowercase letter and has only a-z, 0-9, - and _ (at most 32).');

export const tier = z.object({
  userId: z.string().uuid('Pick a user of your organisation.'),
  level: z.number().int().min(1, 'A tier level is 1 or more.').max(9, 'A tier level is at most 9.'),
  position: z.number().int().min(1, 'A tier position is 1 or more.').max(99, 'A tier position is at most 99.'),
});

/** A threshold a queue's alert fires at: a whole number in range, or null for no alert on that figure. */
const threshold = (what: string, min: number, max: number) =>
  z
    .number({ message: `${what} is a whole number, or empty for no alert.` })
    .int(`${what} is a whole number, or empty for no alert.`)
    .min(min, `${what} is at least ${min}, or empty for no alert.`)
    .max(max, `${what} is at most ${max}, or empty for no alert.`)
    .nullable();

/** The wallboard's alerts for a queue (common/queue-alerts.ts judges them); every one optional. */
export const queueAlertsSave = z.strictObject({
  longestWaitSeconds: threshold('The longest-wait alert (seconds)', 1, 86_400),
  waitingCallers: threshold('The callers-waiting alert', 1, 1_000),
  serviceLevelPercent: threshold('The service-level alert (%)', 1, 100),
});
export type QueueAlertsSave = z.infer<typeof queueAlertsSave>;
export const NO_QUEUE_ALERTS: QueueAlertsSave = { longestWaitSeconds: null, waitingCallers: null, serviceLevelPercent: null };

export const queueSave = z.object({
  name: queueName,
  strategy: z.enum(QUEUE_STRATEGIES, { message: 'Pick one of mod_callcenter\'s strategies.' }),
  maxWaitTime: z.number().int().min(0).max(86_400),
  wrapUpTime: z.number().int().min(0).max(3_600),
  tiers: z.array(tier).max(500),
  /** Absent: the alerts stay as they are (a client from before sends none). */
  alerts: queueAlertsSave.optional(),
});
export type QueueSave = z.input<typeof queueSave>;

export interface AdminQueue {
  id: string;
  name: string;
  strategy: QueueStrategy;
  maxWaitTime: number;
  wrapUpTime: number;
  tiers: { userId: string; name: string; email: string; extension: string | null; level: number; position: number }[];
  alerts: QueueAlertsSave;
}

// ── DIDs ────────────────────────────────────────────────────────────────

export const DID_ROUTE_KINDS = ['extension', 'queue', 'voicemail', 'fax'] as const;
export type DidRouteKind = (typeof DID_ROUTE_KINDS)[number];

export const didRoute = z.object({
  kind: z.enum(DID_ROUTE_KINDS, { message: 'A DID routes to an extension, a queue, a voicemail box or a fax line.' }),
  /** The extension number (extension, voicemail, fax) or the queue's name. */
  target: z.string().trim().min(1, 'Say where the DID routes.').max(32),
});

export const didSave = z.object({
  number: e164,
  route: didRoute.nullable(),
  /** Whose "My DIDs" lists it; null: nobody's. */
  userId: z.string().uuid('Pick a user of your organisation.').nullable().default(null),
  active: z.boolean().default(true),
});
export type DidSave = z.input<typeof didSave>;

export interface AdminDid {
  id: string;
  number: string;
  route: { kind: DidRouteKind; target: string } | null;
  /** The route in words, as My DIDs shows it. */
  destination: string;
  user: { id: string; name: string; email: string } | null;
  active: boolean;
}

// ── Rates and the tenant's settings ─────────────────────────────────────

export const ratePrefix = z.string().trim().regex(/^\+[0-9]{1,15}$/, 'A prefix is + and 1 to 15 digits, e.g. +44 or +4420.');
export const perMinute = z
  .string()
  .trim()
  .regex(/^[0-9]{1,6}(\.[0-9]{1,6})?$/, 'A per-minute rate is like 0.012 (at most 6 decimals).');
export const increment = z.number().int().min(1, 'An increment is at least 1 second.').max(3_600, 'An increment is at most 3,600 seconds.');

export const rateSave = z.object({ prefix: ratePrefix, perMinute, firstIncrement: increment, increment });
export type RateSave = z.input<typeof rateSave>;

export interface AdminRate {
  id: string;
  prefix: string;
  perMinute: string;
  firstIncrement: number;
  increment: number;
}

/** A CSV of rates: `prefix,per_minute,first_increment,increment` with a header line. */
export const rateImport = z.object({
  csv: z.string().min(1, 'The file is empty.').max(2_000_000, 'The file is larger than 2 MB.'),
  /** Remove the rates the file does not list. */
  replace: z.boolean().default(false),
});

export interface LineError {
  /** 1-based, as an editor numbers lines. */
  line: number;
  error: string;
}

export interface RateImportResult {
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
}

export const breakReasonName = z
  .string()
  .trim()
  .min(1, 'A break reason needs a name.')
  .max(60, 'A break reason has at most 60 characters.')
  .refine((v) => v !== NO_PHONE_REASON && v !== DND_REASON, `Switchboard gives "${NO_PHONE_REASON}" and "${DND_REASON}" itself.`);

export const tenantSettingsSave = z.object({
  lowCreditThreshold: nonNegativeMoney,
  package: packageName,
  limits,
  /** The reasons agents choose from when going On Break, in order. */
  breakReasons: z
    .array(breakReasonName)
    .max(30, 'At most 30 break reasons.')
    .refine((list) => new Set(list.map((r) => r.toLowerCase())).size === list.length, 'Each break reason only once.')
    .optional(),
  /** Put an available agent whose last phone went away On Break ("No phone"), and back when it returns. */
  noPhoneBreak: z.boolean().optional(),
  /** Seconds without a phone before that break. */
  noPhoneGraceSeconds: z.number().int().min(0, 'At least 0 seconds.').max(3_600, 'At most an hour.').optional(),
  /** Agents are not shown that a supervisor listens to their call (whisper and barge always show). */
  hideListening: z.boolean().optional(),
  /** Supervisors and admins must sign in with a code from an authenticator app too. */
  requireSecondFactor: z.boolean().optional(),
});
export type TenantSettingsSave = z.input<typeof tenantSettingsSave>;

export interface TenantSettings {
  name: string;
  domain: string;
  currency: string;
  credit: string;
  lowCreditThreshold: string;
  package: PackageName;
  limits: Limits;
  /** What the tenant uses now, beside its limit. */
  used: { extensions: number };
  breakReasons: string[];
  noPhoneBreak: boolean;
  noPhoneGraceSeconds: number;
  hideListening: boolean;
  requireSecondFactor: boolean;
}

// ── The audit log ───────────────────────────────────────────────────────

export interface AuditRow {
  id: string;
  at: string;
  tenant: { id: string; name: string } | null;
  actor: string;
  address: string | null;
  action: string;
  target: string;
  changes: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditRow[];
  /** Pass as ?before= for the next (older) page. */
  next: string | null;
}

// ── Live ────────────────────────────────────────────────────────────────

/** What an administrative change touched: the open admin pages of that area reload. */
export const ADMIN_AREAS = ['tenants', 'users', 'extensions', 'queues', 'dids', 'rates', 'settings', 'credit', 'audit'] as const;
export type AdminArea = (typeof ADMIN_AREAS)[number];
