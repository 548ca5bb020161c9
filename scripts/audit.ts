// The production dependencies' advisories (npm audit --omit=dev): exits 1 on
// any high or critical one, listing them. When npm's advisory service cannot
// be asked (an offline machine, a registry mirror that refuses the POST it
// takes) it says so loudly and exits 0: CI must not stop for the network, and
// the line in its log shows the check did not happen.
import { spawnSync } from 'node:child_process';

interface AuditReport {
  vulnerabilities?: Record<string, { severity: string; via: unknown[]; range: string }>;
  metadata?: { vulnerabilities: Record<string, number> };
  message?: string;
}

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report: AuditReport;
try {
  report = JSON.parse(run.stdout) as AuditReport;
} catch {
  report = { message: run.stderr.trim() || `npm audit exited ${run.status} without a report` };
}
if (!report.metadata) {
  console.warn(`npm audit: NOT CHECKED, the advisory service did not answer: ${report.message ?? 'no report'}`);
  process.exit(0);
}
const serious = Object.entries(report.vulnerabilities ?? {}).filter(([, v]) => v.severity === 'high' || v.severity === 'critical');
const counts = report.metadata.vulnerabilities;
console.log(`npm audit (production): ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}`);
for (const [name, v] of serious) console.error(`  ${v.severity}: ${name} ${v.range}`);
process.exit(serious.length > 0 ? 1 : 0);
