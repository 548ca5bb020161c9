// Posts the CDRs mod_json_cdr left in its err-log-dir to a running server:
//   npm run cdr-replay -- <err-log-dir>     (node --import tsx server/cli/cdr-replay.ts <err-log-dir>)
// SWITCHBOARD_URL (default http://127.0.0.1:8080) says where; FREESWITCH_SECRET,
// when set, is sent as FreeSWITCH sends it (basic auth switchboard:<secret>).
// Exit codes: 0 all posted, 1 some failed (they stay for the next run), 2 usage.
import { replaySpool } from '../cdr/recovery.ts';

const [dir, ...extra] = process.argv.slice(2);
if (!dir || extra.length) {
  console.error('Usage: npm run cdr-replay -- <err-log-dir>');
  process.exit(2);
}
const base = (process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const secret = process.env.FREESWITCH_SECRET;
const result = await replaySpool(dir, `${base}/freeswitch/cdr`, secret ? `switchboard:${secret}` : undefined);
console.log(`${result.posted} CDR(s) recorded from ${dir}`);
for (const f of result.failed) console.error(`  ${f.file}: ${f.reason}`);
process.exit(result.failed.length ? 1 : 0);
