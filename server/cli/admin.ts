// Operator commands for when no administrator can sign in (or there is no
// admin UI yet). Works on the database the server uses (same environment):
//   npm run admin -- unlock <email>
//   npm run admin -- reset-password <email> <new-password>
// Exit codes: 0 done, 1 the request cannot be done (unknown e-mail, bad
// password), 2 wrong usage or configuration.
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from '../config.ts';
import { resetPassword, unlockUser } from '../db/accounts.ts';
import { openDatabase } from '../db/orm.ts';
import { MIN_PASSWORD_LENGTH } from '../db/password.ts';
import { findUserByEmail } from '../db/queries.ts';

const USAGE = `Usage:
  npm run admin -- unlock <email>
  npm run admin -- reset-password <email> <new-password>`;

export interface CliResult {
  code: 0 | 1 | 2;
  message: string;
}

export async function runAdminCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const [command, email, password, ...extra] = args;
  const wants = command === 'unlock' ? 1 : command === 'reset-password' ? 2 : -1;
  if (wants < 0 || [email, password].filter(Boolean).length !== wants || extra.length) return { code: 2, message: USAGE };
  if (command === 'reset-password' && password!.length < MIN_PASSWORD_LENGTH) {
    return { code: 1, message: `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.` };
  }

  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { code: 2, message: error.message };
    throw error;
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const em = db.orm.em.fork();
    const user = await findUserByEmail(em, email!);
    if (!user) return { code: 1, message: `No user has the e-mail address ${email}.` };
    const who = `${user.email} (${user.tenant.name})`;
    if (command === 'unlock') {
      const was = user.locked ? 'was locked' : `was not locked, ${user.failedSignIns} failed sign-in(s) cleared`;
      await unlockUser(em, user.id);
      return { code: 0, message: `Unlocked ${who}: ${was}.` };
    }
    const { sessionIds } = await resetPassword(em, user.id, password!);
    return { code: 0, message: `New password set for ${who}; account unlocked; ${sessionIds.length} session(s) signed out.` };
  } finally {
    await db.close();
  }
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
