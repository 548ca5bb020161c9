// `npm run admin -- …`: what the operator and tenant admin pages do, for
// scripts and for when nobody can sign in yet. Works on the database the
// server uses (same environment). Every change runs like the pages' (one
// transaction, audited as `cli:<login>`, announced to running servers, which
// pass it on to FreeSWITCH and open screens). With the embedded database
// (no DATABASE_URL) stop the server first: only one process may open it.
// Exit codes: 0 done, 1 refused (the reason is printed), 2 wrong usage or configuration.
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PASSWORD_LINK_HOURS, type Ledger, type TenantRow } from '../../common/admin.ts';
import { auditPage } from '../admin/audit.ts';
import { applyDocument, formatPlan } from '../admin/apply/index.ts';
import { AdminError, runAdmin, type Actor } from '../admin/context.ts';
import { bookCredit, ledgerPage } from '../admin/credit.ts';
import { createOperator, resetOperatorPassword, resetOperatorSecondFactor } from '../admin/operators.ts';
import { createTenant, listTenants, setTenantSuspended } from '../admin/tenants.ts';
import { resetSecondFactor, resetUserPassword, unlockUser } from '../admin/users.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { Tenant, type User } from '../db/entities/index.ts';
import { openDatabase, type Orm } from '../db/orm.ts';
import { findUserByEmail } from '../db/queries.ts';

const USAGE = `Usage: npm run admin -- <command>
  operator create <email> <name> [--password <password>]   the service provider's operator (a set-password link without --password)
  tenant list
  tenant create --name <name> --domain <sip domain> [--package starter|business|enterprise] [--currency USD]
                [--admin-email <email> --admin-name <name>]   (the first admin gets a set-password link)
  tenant suspend|resume <domain> --reason <why>
  credit top-up|correct <domain> <amount> --reason <why>    (a correction may be negative)
  credit ledger <domain>
  unlock <email>
  reset-password <email> [<new-password>]                   (a set-password link without a password)
  reset-second-factor <email>                               two-step sign-in off (a lost phone); enrolled again where required
  apply <file.yaml|file.json|-> [--dry-run]                 make the database match the file (- reads standard input)
  audit [--tenant <domain>]`;

export interface CliResult {
  code: 0 | 1 | 2;
  message: string;
}

class Usage extends Error {}

const OPTIONS = {
  password: { type: 'string' },
  name: { type: 'string' },
  domain: { type: 'string' },
  package: { type: 'string' },
  currency: { type: 'string' },
  'admin-email': { type: 'string' },
  'admin-name': { type: 'string' },
  reason: { type: 'string' },
  'dry-run': { type: 'boolean' },
  tenant: { type: 'string' },
} as const;

export async function runAdminCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return { code: 2, message: `${(err as Error).message}\n${USAGE}` };
  }
  if (parsed.positionals.length === 0) return { code: 2, message: USAGE };
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { code: 2, message: error.message };
    throw error;
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const message = await command(db.orm, config, parsed.positionals, parsed.values);
    return { code: 0, message };
  } catch (err) {
    if (err instanceof Usage) return { code: 2, message: `${err.message}\n${USAGE}` };
    if (err instanceof AdminError) return { code: 1, message: err.message };
    throw err;
  } finally {
    await db.close();
  }
}

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

async function command(orm: Orm, config: Config, words: string[], values: Values): Promise<string> {
  const actor: Actor = { id: null, label: `cli:${userInfo().username}`, address: null };
  const publicUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  // Two-word commands ('tenant create') and one-word ones ('unlock').
  const twoWords = ['operator', 'tenant', 'credit'].includes(words[0]!);
  const key = words.slice(0, twoWords ? 2 : 1).join(' ');
  const args = words.slice(twoWords ? 2 : 1);
  const want = (n: number) => {
    if (args.length !== n) throw new Usage(`${key}: wrong number of arguments.`);
  };
  const reason = () => {
    if (!values.reason) throw new Usage('Say why with --reason.');
    return values.reason;
  };
  const tenantByDomain = async (domain: string) => {
    const tenant = await orm.em.fork().findOne(Tenant, { domain: domain.toLowerCase() });
    if (!tenant) throw new AdminError(404, `No tenant has the SIP domain ${domain}.`);
    return tenant;
  };
  const userByEmail = async (address: string) => {
    const user = await findUserByEmail(orm.em.fork(), address);
    if (!user) throw new AdminError(404, `No user has the e-mail address ${address}.`);
    return user;
  };
  const who = (user: User) => `${user.email} (${user.tenant?.name ?? 'operator'})`;

  switch (key) {
    case 'operator create': {
      want(2);
      const [email, name] = args as [string, string];
      const { setPasswordLink } = await runAdmin(orm, actor, (ctx) => createOperator(ctx, { email, name, password: values.password }, publicUrl));
      return setPasswordLink
        ? `Operator ${email} created. Their set-password link (shown once, valid ${PASSWORD_LINK_HOURS} hours):\n  ${setPasswordLink}`
        : `Operator ${email} created.`;
    }
    case 'tenant list': {
      want(0);
      return formatTenants(await listTenants(orm.em.fork()));
    }
    case 'tenant create': {
      want(0);
      const admin = values['admin-email'] ? { email: values['admin-email'], name: values['admin-name'] ?? values['admin-email'] } : undefined;
      const created = await runAdmin(orm, actor, (ctx) =>
        createTenant(
          ctx,
          { name: values.name ?? '', domain: values.domain ?? '', package: values.package as never, currency: values.currency, admin },
          publicUrl,
        ),
      );
      return [
        `Tenant ${created.tenant.name} created: SIP domain ${created.tenant.domain}, package ${created.tenant.package}, balance 0 ${created.tenant.currency}.`,
        ...(created.setPasswordLink ? [`Its administrator's set-password link (shown once, valid ${PASSWORD_LINK_HOURS} hours):\n  ${created.setPasswordLink}`] : []),
      ].join('\n');
    }
    case 'tenant suspend':
    case 'tenant resume': {
      want(1);
      const tenant = await tenantByDomain(args[0]!);
      const suspended = key === 'tenant suspend';
      const row = await runAdmin(orm, actor, (ctx) => setTenantSuspended(ctx, tenant.id, suspended, reason()));
      return `${row.name} is ${row.suspended ? 'suspended' : 'in service'}.`;
    }
    case 'credit top-up':
    case 'credit correct': {
      want(2);
      const tenant = await tenantByDomain(args[0]!);
      const kind = key === 'credit top-up' ? 'top-up' : 'correction';
      const ledger = await runAdmin(orm, actor, (ctx) => bookCredit(ctx, tenant.id, { kind, amount: args[1]!, reason: reason() }));
      return `Booked. ${tenant.name}'s balance: ${ledger.tenant.credit} ${ledger.tenant.currency}.`;
    }
    case 'credit ledger': {
      want(1);
      const tenant = await tenantByDomain(args[0]!);
      return formatLedger(await ledgerPage(orm.em.fork(), tenant.id, { limit: 200 }));
    }
    case 'unlock': {
      want(1);
      const user = await userByEmail(args[0]!);
      if (!user.tenant) throw new AdminError(400, 'Operators are unlocked with reset-password.');
      const was = user.locked ? 'was locked' : `was not locked, ${user.failedSignIns} failed sign-in(s) cleared`;
      await runAdmin(orm, actor, (ctx) => unlockUser(ctx, user.tenant!.id, user.id));
      return `Unlocked ${who(user)}: ${was}.`;
    }
    case 'reset-password': {
      if (args.length < 1 || args.length > 2) throw new Usage('reset-password: wrong number of arguments.');
      const user = await userByEmail(args[0]!);
      const password = args[1];
      const result = user.tenant
        ? await runAdmin(orm, actor, (ctx) => resetUserPassword(ctx, user.tenant!.id, user.id, { password }, publicUrl))
        : await runAdmin(orm, actor, (ctx) => resetOperatorPassword(ctx, user.id, password, publicUrl));
      return result.setPasswordLink
        ? `Set-password link for ${who(user)} (shown once, valid ${PASSWORD_LINK_HOURS} hours); account unlocked; ${result.sessionsEnded} session(s) signed out:\n  ${result.setPasswordLink}`
        : `New password set for ${who(user)}; account unlocked; ${result.sessionsEnded} session(s) signed out.`;
    }
    case 'reset-second-factor': {
      want(1);
      const user = await userByEmail(args[0]!);
      const wasOn = user.totpSecret !== null;
      if (user.tenant) await runAdmin(orm, actor, (ctx) => resetSecondFactor(ctx, user.tenant!.id, user.id));
      else await runAdmin(orm, actor, (ctx) => resetOperatorSecondFactor(ctx, user.id));
      return wasOn ? `Two-step sign-in of ${who(user)} reset: their app and recovery codes no longer work.` : `${who(user)} had no two-step sign-in.`;
    }
    case 'apply': {
      want(1);
      // `-`: the file on standard input (docker compose exec -T … apply - < tenants.yaml).
      const file = args[0] === '-' ? 'stdin' : args[0]!;
      let text: string;
      try {
        text = args[0] === '-' ? await readStdin() : await readFile(file, 'utf8');
      } catch (err) {
        throw new AdminError(400, `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const result = await applyDocument(orm, { ...actor, label: `apply ${file} (${actor.label})` }, text, { file, dryRun: !!values['dry-run'], publicUrl });
      return formatPlan(result, !!values['dry-run']);
    }
    case 'audit': {
      want(0);
      const tenant = values.tenant ? await tenantByDomain(values.tenant) : undefined;
      const page = await auditPage(orm.em.fork(), { tenantId: tenant?.id, limit: 200 });
      return page.entries
        .reverse()
        .map((e) => `${e.at}  ${e.tenant?.name ?? '-'}  ${e.actor}${e.address ? ` [${e.address}]` : ''}  ${e.action}  ${e.target}  ${JSON.stringify(e.changes)}`)
        .join('\n');
    }
    default:
      throw new Usage(`Unknown command: ${words.join(' ')}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function formatTenants(tenants: TenantRow[]): string {
  if (tenants.length === 0) return 'No tenants yet. Create one with: npm run admin -- tenant create --name … --domain …';
  return tenants
    .map((t) => `${t.suspended ? 'SUSPENDED ' : ''}${t.name}  ${t.domain}  ${t.package}  ${t.credit} ${t.currency}  ${t.users} users, ${t.extensions}/${t.limits.maxExtensions} extensions`)
    .join('\n');
}

function formatLedger(ledger: Ledger): string {
  const lines = [...ledger.entries].reverse().map((e) => `${e.at}  ${e.kind.padEnd(10)}  ${e.amount.padStart(12)}  = ${e.balance.padStart(12)}  ${e.actor}: ${e.reason}`);
  return [...lines, `Balance ${ledger.tenant.credit} ${ledger.tenant.currency}; the ledger's sum ${ledger.sum}.`].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { code, message } = await runAdminCommand(process.argv.slice(2));
    (code === 0 ? console.log : console.error)(message);
    process.exitCode = code;
  } catch (error) {
    console.error(`admin: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
