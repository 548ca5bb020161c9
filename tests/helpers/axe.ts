// axe-core in a playwright page: evaluates the engine from node_modules (never
// fetched; evaluated through the DevTools protocol, as a script tag would be
// refused by the app's Content-Security-Policy) and runs it on the whole document. Only serious and critical
// violations count; each is described with its rule, help text and targets.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
  /** axe's own summary of the first node ("Fix any of the following: …"). */
  summary: string;
}

/** The serious and critical violations axe finds on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
        summary: v.nodes[0]?.failureSummary ?? '',
      }));
  });
}

/** One line per violation, for an assertion message. */
export const describeFindings = (where: string, found: AxeFinding[]) =>
  found.map((f) => `${where}: [${f.impact}] ${f.id} — ${f.help}\n    on ${f.targets.join(', ')}\n    ${f.summary.replace(/\n/g, '\n    ')}`).join('\n');
