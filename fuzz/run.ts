// `npm run fuzz [-- --quick] [-- --seed=N]`: the edges fuzzed (esl.ts,
// pdf.ts, posts.ts), one after the other, each against a whole Switchboard
// on 127.0.0.1 and a database of its own. Bounded by its input counts; the
// same seed replays the same inputs. Prints a table, writes
// fuzz/results/latest.json and the README's fuzz table (between its
// markers); exits 1 when anything crashed, answered 5xx or had a side effect.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fuzzEsl, type EslFuzzResult } from './esl.ts';
import { fuzzPdf, type PdfFuzzResult } from './pdf.ts';
import { fuzzPosts, type PostFuzzResult } from './posts.ts';

const quick = process.argv.includes('--quick');
const seed = Number(process.argv.find((a) => a.startsWith('--seed='))?.slice(7) ?? 20261207);
const PLAN = quick ? { esl: 150, pdf: 150, convert: 10, posts: 500 } : { esl: 1000, pdf: 2000, convert: 60, posts: 5000 };
const RESULTS = new URL('./results/', import.meta.url);
const README = new URL('../README.md', import.meta.url);
const START = '<!-- fuzz:start (npm run fuzz writes this table) -->';
const END = '<!-- fuzz:end -->';

const progress = (what: string) => (done: number) => console.log(`  ${what}: ${done}`);
console.log(`fuzzing with seed ${seed} (${quick ? 'quick' : 'default'} plan)`);
const started = performance.now();
console.log('ESL frames…');
const esl = await fuzzEsl({ inputs: PLAN.esl, seed, onProgress: progress('frames') });
console.log('fax uploads…');
const pdf = await fuzzPdf({ inputs: PLAN.pdf, seed, convertAtMost: PLAN.convert, onProgress: progress('uploads') });
console.log("FreeSWITCH's posts…");
const posts = await fuzzPosts({ inputs: PLAN.posts, seed, onProgress: progress('posts') });

const results = {
  date: new Date().toISOString(),
  machine: `${cpus()[0]?.model.trim()}, ${cpus().length} cores, Node ${process.version}`,
  plan: quick ? 'quick' : 'default',
  seed,
  seconds: Math.round((performance.now() - started) / 1000),
  loadAverage: Number(loadavg()[0]!.toFixed(1)),
  esl,
  pdf,
  posts,
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(new URL(quick ? 'quick.json' : 'latest.json', RESULTS), `${JSON.stringify(results, null, 2)}\n`);

const table = fuzzTable(esl, pdf, posts);
console.log(`\n${table}`);
for (const [name, r] of [['ESL', esl], ['PDF', pdf], ['posts', posts]] as const) for (const f of r.findings) console.log(`${name} finding: ${f}`);
if (!quick) {
  const readme = readFileSync(README, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from !== -1 && to > from) {
    const heading = `Last run: ${results.date.slice(0, 16).replace('T', ' ')} UTC, ${results.machine}, seed ${seed}, ${results.seconds} s, load average ${results.loadAverage}.`;
    writeFileSync(README, `${readme.slice(0, from + START.length)}\n${heading}\n\n${table}\n${readme.slice(to)}`);
  }
}
const failed = esl.crashes + esl.listenerErrors + pdf.crashes + pdf.serverErrors + posts.crashes + posts.serverErrors + posts.brokenXml + posts.sideEffects;
process.exit(failed > 0 || esl.findings.length + pdf.findings.length + posts.findings.length > 0 ? 1 : 0);

function fuzzTable(e: EslFuzzResult, p: PdfFuzzResult, q: PostFuzzResult): string {
  const rows = [
    ['edge', 'inputs', 'outcomes', 'crashes', '5xx', 'other faults', 'maxima'],
    ['---', '---:', '---', '---:', '---:', '---', '---'],
    [
      `ESL frames (recorded from FreeSWITCH, mutated; ${e.hostile} hostile)`,
      e.inputs,
      `${e.kept} read with the link kept, ${e.reset} link reset by the frame guard and resynced, ${e.waiting} waiting for promised bytes (dropped)`,
      e.crashes,
      '–',
      `${e.listenerErrors} reducer errors`,
      `${(e.ms / e.inputs).toFixed(0)} ms per input, RSS ${Math.round(e.maxRssMb)} MB`,
    ],
    [
      `fax upload (real PDFs mutated; ${p.hostile.length} hostile: page bomb, 400 MB object stream, deep nesting, huge image, PostScript)`,
      p.inputs,
      `${p.accepted} accepted, ${p.refused} refused with 4xx; ${p.converted} converted by ghostscript, ${p.conversionsFailed} of them given up`,
      p.crashes,
      p.serverErrors,
      p.hostile.filter((h) => h.status !== 422 && h.status !== 201).map((h) => `${h.name}: ${h.status}`).join(', ') || '–',
      `answer ${p.maxAnswerMs} ms, ghostscript ${p.maxConvertMs} ms and ${p.maxConvertMb} MB (caps 60 s CPU, 1 GB), server RSS ${p.maxServerRssMb} MB`,
    ],
    [
      `mod_xml_curl and mod_json_cdr posts (recorded, mutated; ${q.malformed} malformed)`,
      q.inputs,
      `${q.answered} answered, ${q.refused} refused with 4xx`,
      q.crashes,
      q.serverErrors,
      `${q.brokenXml} malformed XML answers, ${q.sideEffects} refused posts that changed a row`,
      `answer ${q.maxAnswerMs} ms`,
    ],
  ];
  return rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
}
