// A provisioning file (`npm run admin -- apply <file>`), read and checked
// before anything is looked up or written. YAML or JSON (YAML reads both);
// every scalar is read as text (YAML's failsafe schema) and converted here,
// field by field, so `+14155550100` keeps its plus and `1001` stays an
// extension number, never a float. Every problem comes back with its line.
//
//   tenants:
//     - domain: acme.example.com      # the key: a tenant is created or updated
//       name: Acme Support
//       package: business             # or limits: { maxExtensions: …, … }
//       users:      [ { email, name, role, disabled? } ]
//       extensions: [ { number, owner?, callerIdName, callerIdNumber?, voicemail?, voicemailPin? } ]
//       queues:     [ { name, strategy?, maxWaitTime?, wrapUpTime?, tiers: [ { agent: <email>, level?, position? } ] } ]
//       dids:       [ { number, route: "queue sales" | null, user?, active? } ]
//       rates:      [ { prefix, perMinute, firstIncrement, increment } ]
//
// A section that is present is the whole truth (what it does not list is
// removed); a section left out is left alone.
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import {
  callerIdName,
  currency,
  DID_ROUTE_KINDS,
  e164,
  email,
  extensionNumber,
  increment,
  limits,
  nonNegativeMoney,
  packageName,
  perMinute,
  personName,
  QUEUE_STRATEGIES,
  queueName,
  ratePrefix,
  sipDomain,
  tenantRole,
  voicemailPin,
  type LineError,
} from '../../../common/admin.ts';
import { describeIssue } from '../parse.ts';

// Scalars arrive as text: these read them.
const bool = z.enum(['true', 'false', 'yes', 'no'], { message: 'Write true or false.' }).transform((v) => v === 'true' || v === 'yes');
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, 'Write a whole number.')
    .transform(Number)
    .pipe(z.number().min(min, `The least is ${min}.`).max(max, `The most is ${max}.`));
const NULLS = ['null', '~', ''];
/** `null`, `~` or nothing stand for "none". */
const orNull = <S extends z.ZodType>(schema: S) => z.union([z.string().refine((v) => NULLS.includes(v)).transform(() => null), schema]);

const route = orNull(
  z
    .string()
    .trim()
    .regex(new RegExp(`^(${DID_ROUTE_KINDS.join('|')}) \\S+$`), `A route is "<${DID_ROUTE_KINDS.join('|')}> <target>", e.g. "queue sales", or null.`)
    .transform((v) => {
      const [kind, target] = v.split(' ') as [(typeof DID_ROUTE_KINDS)[number], string];
      return { kind, target };
    }),
);

const userSpec = z.strictObject({ email, name: personName, role: tenantRole, disabled: bool.default(false) });
const extensionSpec = z.strictObject({
  number: extensionNumber,
  owner: orNull(email).default(null),
  callerIdName,
  callerIdNumber: orNull(e164).default(null),
  voicemail: bool.default(true),
  voicemailPin: orNull(voicemailPin).default(null),
});
const tierSpec = z.strictObject({ agent: email, level: int(1, 9).default(1), position: int(1, 99).default(1) });
const queueSpec = z.strictObject({
  name: queueName,
  strategy: z.enum(QUEUE_STRATEGIES, { message: `The strategy is one of ${QUEUE_STRATEGIES.join(', ')}.` }).default('longest-idle-agent'),
  maxWaitTime: int(0, 86_400).default(0),
  wrapUpTime: int(0, 3_600).default(10),
  tiers: z.array(tierSpec).default([]),
});
const didSpec = z.strictObject({ number: e164, route, user: orNull(email).default(null), active: bool.default(true) });
const rateSpec = z.strictObject({ prefix: ratePrefix, perMinute, firstIncrement: int(1, 3_600), increment: int(1, 3_600) });
const limitsSpec = z.strictObject({
  maxExtensions: int(0, 100_000),
  maxDevices: int(0, 100_000),
  maxRingGroups: int(0, 10_000),
  voiceMinutes: int(0, 100_000_000),
  faxPages: int(0, 10_000_000),
}).pipe(limits);

const tenantSpec = z.strictObject({
  domain: sipDomain,
  name: personName,
  package: packageName.optional(),
  limits: limitsSpec.optional(),
  currency: currency.optional(),
  lowCreditThreshold: nonNegativeMoney.optional(),
  suspended: bool.optional(),
  users: z.array(userSpec).optional(),
  extensions: z.array(extensionSpec).optional(),
  queues: z.array(queueSpec).optional(),
  dids: z.array(didSpec).optional(),
  rates: z.array(rateSpec).optional(),
});

const fileSpec = z.strictObject({ tenants: z.array(tenantSpec) });

export type ProvisioningFile = z.output<typeof fileSpec>;
export type TenantSpec = ProvisioningFile['tenants'][number];
export type UserSpec = z.output<typeof userSpec>;
export type ExtensionSpec = z.output<typeof extensionSpec>;
export type QueueSpec = z.output<typeof queueSpec>;
export type DidSpec = z.output<typeof didSpec>;
export type RateSpec = z.output<typeof rateSpec>;

/** Where a value is in the file: the path of keys and indexes that leads to it. */
export type Path = (string | number)[];

export interface ReadFile {
  file: ProvisioningFile | null;
  errors: LineError[];
  /** The line of a path (the nearest enclosing node that exists). */
  lineOf(path: Path): number;
}

export function readProvisioningFile(text: string): ReadFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (path: Path) => nodeLine(doc, lineCounter, path);
  const syntax = [...doc.errors, ...doc.warnings].map((e) => ({
    line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
    error: e.message.split('\n')[0]!,
  }));
  if (syntax.length) return { file: null, errors: syntax, lineOf };
  const parsed = fileSpec.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ line: lineOf(issue.path as Path), error: withField(issue) }));
    return { file: null, errors: dedupe(errors), lineOf };
  }
  return { file: parsed.data, errors: [], lineOf };
}

/** The message, naming the field when zod's words do not. */
function withField(issue: z.core.$ZodIssue): string {
  const field = issue.path.filter((p) => typeof p === 'string').at(-1);
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${String(field ?? 'a value')} is missing.`;
  if (issue.code === 'invalid_type') return `${String(field ?? 'This')} should be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}.`;
  const message = describeIssue(issue);
  return field && issue.code !== 'unrecognized_keys' ? `${String(field)}: ${message}` : message;
}

function nodeLine(doc: Document, lineCounter: LineCounter, path: Path): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}

const dedupe = (errors: LineError[]) => errors.filter((e, i) => errors.findIndex((o) => o.line === e.line && o.error === e.error) === i);
