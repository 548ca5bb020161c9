// The demo data every screen needs: two tenants (so tenant isolation is
// visible — both have an extension 1001), their users, extensions, queues
// and DIDs. Runs only on an empty database; every user shares one demo
// password, printed at start so a newcomer can sign in.
import { randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Role } from '../../common/api.ts';
import { DEFAULT_BREAK_REASONS } from '../../common/live.ts';
import { BreakReason, CreditEntry, Did, Extension, Queue, QueueTier, Rate, Tenant, User } from './entities/index.ts';
import type { DidRouteKind } from '../../common/admin.ts';
import { didRouteWords } from './entities/did.ts';
import type { Em } from './orm.ts';
import { hashPassword } from './password.ts';

export const DEMO_PASSWORD = 'switchboard';

export interface DemoCredential {
  email: string;
  password: string;
  role: Role;
  /** Tenant name. */
  tenant: string;
}

export interface SeedResult {
  /** False when the database already had a tenant and nothing was written. */
  seeded: boolean;
  credentials: DemoCredential[];
}

interface TenantPlan {
  name: string;
  domain: string;
  credit: string;
  currency: string;
  /** The header warns below this balance. */
  lowCreditThreshold: string;
  /** Per-minute rates by E.164 prefix, with first/next billing increments in seconds. */
  rates: { prefix: string; perMinute: string; increments: [first: number, next: number] }[];
  limits: Pick<Tenant, 'maxExtensions' | 'maxDevices' | 'maxRingGroups' | 'voiceMinutes' | 'faxPages'>;
  users: { email: string; name: string; role: Role; extension?: string }[];
  /** Extensions nobody owns (reception desk, meeting rooms). */
  spareExtensions: { number: string; callerIdName: string }[];
  queues: { name: string; strategy: string; agents: string[] }[];
  /** Each DID's route: what a call from outside to it reaches (its words for My DIDs are derived). */
  dids: { number: string; route: [DidRouteKind, string]; user?: string; active?: boolean }[];
}

const acme: TenantPlan = {
  name: 'Acme Support',
  domain: 'acme.pbx.test',
  credit: '125.5000',
  currency: 'USD',
  lowCreditThreshold: '20.0000',
  rates: [
    { prefix: '+1', perMinute: '0.010000', increments: [60, 60] },
    { prefix: '+44', perMinute: '0.020000', increments: [6, 6] },
    { prefix: '+4420', perMinute: '0.015000', increments: [6, 6] },
    { prefix: '+49', perMinute: '0.025000', increments: [30, 6] },
  ],
  limits: { maxExtensions: 20, maxDevices: 40, maxRingGroups: 5, voiceMinutes: 10_000, faxPages: 500 },
  users: [
    { email: 'agent@acme.test', name: 'Alice Moreno', role: 'agent', extension: '1001' },
    { email: 'agent2@acme.test', name: 'Ben Okafor', role: 'agent', extension: '1002' },
    { email: 'agent3@acme.test', name: 'Chloé Martin', role: 'agent', extension: '1003' },
    { email: 'agent4@acme.test', name: 'Dmitri Ivanov', role: 'agent', extension: '1004' },
    { email: 'agent5@acme.test', name: 'Esther Cohen', role: 'agent', extension: '1005' },
    { email: 'agent6@acme.test', name: 'Farid Haddad', role: 'agent', extension: '1006' },
    { email: 'supervisor@acme.test', name: 'Grace Lindqvist', role: 'supervisor', extension: '1007' },
    { email: 'admin@acme.test', name: 'Hiro Tanaka', role: 'admin', extension: '1008' },
  ],
  spareExtensions: [
    { number: '1009', callerIdName: 'Reception' },
    { number: '1010', callerIdName: 'Meeting Room A' },
    { number: '1011', callerIdName: 'Meeting Room B' },
    { number: '1012', callerIdName: 'Warehouse' },
  ],
  queues: [
    { name: 'sales', strategy: 'longest-idle-agent', agents: ['agent@acme.test', 'agent2@acme.test', 'agent3@acme.test'] },
    {
      name: 'support',
      strategy: 'round-robin',
      agents: ['agent3@acme.test', 'agent4@acme.test', 'agent5@acme.test', 'agent6@acme.test', 'agent@acme.test'],
    },
    { name: 'billing', strategy: 'ring-all', agents: ['agent6@acme.test', 'agent@acme.test'] },
  ],
  dids: [
    { number: '+14155550100', route: ['queue', 'sales'] },
    { number: '+14155550101', route: ['queue', 'support'] },
    { number: '+14155550102', route: ['queue', 'billing'] },
    { number: '+14155550109', route: ['voicemail', '1009'] },
    { number: '+14155550110', route: ['extension', '1001'], user: 'agent@acme.test' },
    { number: '+14155550111', route: ['extension', '1001'], user: 'agent@acme.test', active: false },
    { number: '+14155550112', route: ['extension', '1002'], user: 'agent2@acme.test' },
    { number: '+14155550117', route: ['extension', '1007'], user: 'supervisor@acme.test' },
    // The tenant's fax line: faxes to it arrive in Inbound Fax of 1001's owner.
    { number: '+14155550190', route: ['fax', '1001'] },
  ],
};

const globex: TenantPlan = {
  name: 'Globex Sales',
  domain: 'globex.pbx.test',
  credit: '18.7500',
  currency: 'GBP',
  // Above the balance on purpose: the demo shows the low-credit warning.
  lowCreditThreshold: '25.0000',
  rates: [
    { prefix: '+44', perMinute: '0.012000', increments: [60, 60] },
    { prefix: '+4420', perMinute: '0.009000', increments: [6, 6] },
    { prefix: '+1', perMinute: '0.018000', increments: [6, 6] },
  ],
  // Four of five extensions used: the billing quota card shows "near the limit".
  limits: { maxExtensions: 5, maxDevices: 8, maxRingGroups: 1, voiceMinutes: 1_000, faxPages: 50 },
  users: [
    { email: 'agent@globex.test', name: 'Ivy Chen', role: 'agent', extension: '1001' },
    { email: 'agent2@globex.test', name: 'Jonas Weber', role: 'agent', extension: '1002' },
    { email: 'supervisor@globex.test', name: 'Kofi Mensah', role: 'supervisor', extension: '1003' },
    { email: 'admin@globex.test', name: 'Lena Novak', role: 'admin' },
  ],
  spareExtensions: [{ number: '1004', callerIdName: 'Front Desk' }],
  queues: [{ name: 'sales', strategy: 'longest-idle-agent', agents: ['agent@globex.test', 'agent2@globex.test'] }],
  dids: [
    { number: '+442079460100', route: ['queue', 'sales'] },
    { number: '+442079460101', route: ['extension', '1001'], user: 'agent@globex.test' },
    { number: '+442079460190', route: ['fax', '1001'] },
  ],
};

const sipPassword = () => randomBytes(12).toString('base64url');

async function plant(em: Em, plan: TenantPlan): Promise<DemoCredential[]> {
  const tenant = em.create(Tenant, {
    name: plan.name,
    domain: plan.domain,
    currency: plan.currency,
    lowCreditThreshold: plan.lowCreditThreshold,
    ...plan.limits,
  });
  DEFAULT_BREAK_REASONS.forEach((name, i) => em.create(BreakReason, { tenant, name, position: i + 1 }));
  // The balance is the ledger's sum: the demo's starts as a top-up.
  em.create(CreditEntry, { tenant, kind: 'top-up', amount: plan.credit, actor: 'demo seed', reason: 'Demo opening balance' });
  for (const r of plan.rates) {
    em.create(Rate, { tenant, prefix: r.prefix, perMinute: r.perMinute, firstIncrement: r.increments[0], increment: r.increments[1] });
  }
  const hashes = await Promise.all(plan.users.map(() => hashPassword(DEMO_PASSWORD)));
  const users = new Map<string, User>();
  plan.users.forEach((u, i) => {
    const user = em.create(User, { tenant, email: u.email, name: u.name, role: u.role, passwordHash: hashes[i]! });
    users.set(u.email, user);
    if (u.extension) {
      em.create(Extension, {
        tenant,
        number: u.extension,
        sipPassword: sipPassword(),
        owner: user,
        callerIdName: u.name,
        faxEmail: u.email,
      });
    }
  });
  for (const spare of plan.spareExtensions) {
    em.create(Extension, { tenant, number: spare.number, sipPassword: sipPassword(), callerIdName: spare.callerIdName });
  }
  for (const q of plan.queues) {
    const queue = em.create(Queue, { tenant, name: q.name, strategy: q.strategy });
    q.agents.forEach((email, i) => em.create(QueueTier, { queue, user: users.get(email)!, level: 1, position: i + 1 }));
  }
  for (const d of plan.dids) {
    em.create(Did, {
      tenant,
      number: d.number,
      destination: didRouteWords(...d.route),
      routeKind: d.route[0],
      routeTarget: d.route[1],
      user: d.user ? users.get(d.user)! : null,
      active: d.active ?? true,
    });
  }
  return plan.users.map((u) => ({ email: u.email, password: DEMO_PASSWORD, role: u.role, tenant: plan.name }));
}

/** The service provider's operator, who manages the tenants (and belongs to none). */
async function plantOperator(em: Em): Promise<DemoCredential> {
  const email = 'operator@provider.test';
  em.create(User, { tenant: null, email, name: 'Olga Provider', role: 'operator', passwordHash: await hashPassword(DEMO_PASSWORD) });
  return { email, password: DEMO_PASSWORD, role: 'operator', tenant: '(service provider)' };
}

/** Creates the demo tenants unless the database already has any tenant. */
export async function seedDemo(em: Em): Promise<SeedResult> {
  if ((await em.count(Tenant)) > 0) return { seeded: false, credentials: [] };
  try {
    const credentials = await em.transactional(async (tx) => {
      const planted = [...(await plant(tx, acme)), ...(await plant(tx, globex)), await plantOperator(tx)];
      await tx.flush();
      return planted;
    });
    return { seeded: true, credentials };
  } catch (error) {
    // Another node seeded in the meantime: the unique domain stopped us, which is the outcome we wanted.
    if (error instanceof UniqueConstraintViolationException) return { seeded: false, credentials: [] };
    throw error;
  }
}

/** The demo sign-ins as an aligned table for the console. */
export function formatCredentials(credentials: DemoCredential[]): string {
  if (credentials.length === 0) return '';
  const header = { email: 'E-mail', password: 'Password', role: 'Role', tenant: 'Tenant' };
  const rows = [header, ...credentials];
  const width = (key: keyof DemoCredential) => Math.max(...rows.map((r) => r[key].length));
  const widths = { email: width('email'), password: width('password'), role: width('role'), tenant: width('tenant') };
  const line = (r: typeof header) =>
    `  ${r.tenant.padEnd(widths.tenant)}  ${r.role.padEnd(widths.role)}  ${r.email.padEnd(widths.email)}  ${r.password}`;
  return ['Demo sign-ins:', line(header), ...credentials.map(line)].join('\n');
}
