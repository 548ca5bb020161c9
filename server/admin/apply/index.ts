// `npm run admin -- apply <file> [--dry-run]`: make the database match a
// provisioning file. Read and checked whole first (document.ts), compared
// with the database (plan.ts), then every step runs in ONE transaction: a
// file with a bad line, or a step the database refuses, changes nothing.
// A second run of the same file finds nothing to do and says so.
import type { LineError } from '../../../common/admin.ts';
import type { Orm } from '../../db/orm.ts';
import { AdminError, runAdmin, type Actor } from '../context.ts';
import { readProvisioningFile } from './document.ts';
import { planFile } from './plan.ts';
import type { Step } from './steps.ts';

export interface ApplyResult {
  file: string;
  /** What was (or, in a dry run, would be) changed, per tenant, in order. */
  steps: Pick<Step, 'tenant' | 'sign' | 'words'>[];
  /** Set-password links and SIP passwords made by this run: shown once, stored nowhere else in clear. */
  secrets: string[];
}

/** The file cannot be applied: every reason with its line. */
export class ApplyRefused extends AdminError {
  constructor(
    readonly file: string,
    readonly lines: LineError[],
  ) {
    super(400, [`${file}: nothing was changed, because:`, ...lines.map((l) => `  ${file}:${l.line}: ${l.error}`)].join('\n'));
  }
}

export async function applyDocument(
  orm: Orm,
  actor: Actor,
  text: string,
  options: { file: string; dryRun: boolean; publicUrl: string },
): Promise<ApplyResult> {
  const read = readProvisioningFile(text);
  if (!read.file) throw new ApplyRefused(options.file, read.errors);
  const file = read.file;
  const result: ApplyResult = { file: options.file, steps: [], secrets: [] };
  // Planned and run in one transaction, so nothing changes between the look and the leap.
  const run = async (planOnly: boolean) =>
    runAdmin(orm, actor, async (ctx) => {
      const plan = await planFile(ctx.em, file);
      if (plan.errors.length) {
        throw new ApplyRefused(options.file, plan.errors.map((e) => ({ line: read.lineOf(e.path), error: e.error })).sort((a, b) => a.line - b.line));
      }
      result.steps = plan.steps.map(({ tenant, sign, words }) => ({ tenant, sign, words }));
      if (planOnly) return;
      for (const step of plan.steps) result.secrets.push(...(await step.run(ctx, options.publicUrl)));
    });
  await run(options.dryRun);
  return result;
}

export function formatPlan(result: ApplyResult, dryRun: boolean): string {
  if (result.steps.length === 0) return `Nothing to change: the database already matches ${result.file}.`;
  const lines = [dryRun ? `${result.file} would change (dry run: nothing was written):` : `${result.file} applied in one transaction:`];
  let tenant = '';
  for (const step of result.steps) {
    if (step.tenant !== tenant) lines.push(`  ${(tenant = step.tenant)}`);
    lines.push(`    ${step.sign} ${step.words}`);
  }
  lines.push(`${result.steps.length} change${result.steps.length === 1 ? '' : 's'}${dryRun ? ' planned' : ''}.`);
  if (result.secrets.length) lines.push('Shown once, hand these over now:', ...result.secrets.map((s) => `  ${s}`));
  return lines.join('\n');
}
