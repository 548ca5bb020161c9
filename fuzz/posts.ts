// FreeSWITCH's own HTTP posts fuzzed: mod_xml_curl's lookups (directory,
// dialplan: form fields) and mod_json_cdr's CDRs (JSON text) sent to a whole
// Switchboard, as the recorded documents mutated at random and as hand-made
// malformed ones. Every answer must be a 2xx or a 4xx, never a 5xx or a
// dropped request; every XML answer must be well-formed (FreeSWITCH parses
// it); and a refused post must change nothing: a fingerprint of every table
// is taken before and after it.
import { readdirSync, readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { startTestServer } from '../tests/helpers/server.ts';
import { waitFor } from '../tests/helpers/wait.ts';
import { mutate } from './mutate.ts';
import { random, type Random } from './random.ts';

export interface PostFuzzResult {
  inputs: number;
  /** Of which hand-made malformed posts, each of which must be refused. */
  malformed: number;
  /** 2xx answers: a lookup answered (a document or "not found"), a CDR recorded. */
  answered: number;
  refused: number;
  /** 5xx answers and requests the server dropped: must be 0. */
  serverErrors: number;
  /** A 200 mod_xml_curl answer that is not well-formed XML: must be 0. */
  brokenXml: number;
  /** A refused post that changed a row anyway: must be 0. */
  sideEffects: number;
  crashes: number;
  maxAnswerMs: number;
  ms: number;
  findings: string[];
}

const ACME = 'acme.pbx.test';
const CDR_FIXTURES = new URL('../tests/fixtures/freeswitch/json-cdr/', import.meta.url);

interface Post {
  path: '/freeswitch/directory' | '/freeswitch/dialplan' | '/freeswitch/callcenter' | '/freeswitch/cdr';
  body: Uint8Array | string;
  type: string;
  /** Hand-made malformed: the answer must be a 4xx, not only "not a 5xx". */
  mustRefuse?: boolean;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';

/** Lookups as mod_xml_curl 1.10.12 posts them (tests/integration/self-service/xml-curl.test.ts). */
const LOOKUPS: Post[] = [
  { path: '/freeswitch/directory', type: FORM, body: form({ section: 'directory', tag_name: 'domain', key_name: 'name', key_value: ACME, user: '1001', domain: ACME, action: 'sip_auth' }) },
  { path: '/freeswitch/directory', type: FORM, body: form({ section: 'directory', user: '1002', domain: ACME, action: 'user_call' }) },
  { path: '/freeswitch/dialplan', type: FORM, body: form({ section: 'dialplan', 'Caller-Destination-Number': '1002', 'Caller-Context': ACME, variable_domain_name: ACME, variable_user_name: '1001' }) },
  { path: '/freeswitch/dialplan', type: FORM, body: form({ section: 'dialplan', 'Caller-Destination-Number': 'sales', 'Caller-Context': ACME, variable_domain_name: ACME, variable_user_name: '1001' }) },
  { path: '/freeswitch/dialplan', type: FORM, body: form({ section: 'dialplan', 'Caller-Destination-Number': '+14155550100', 'Caller-Context': 'did' }) },
  { path: '/freeswitch/dialplan', type: FORM, body: form({ section: 'dialplan', 'Caller-Destination-Number': '*72', 'Caller-Context': ACME, variable_user_name: '1001' }) },
  { path: '/freeswitch/callcenter', type: FORM, body: form({ section: 'configuration', tag_name: 'configuration', key_name: 'name', key_value: 'callcenter.conf', 'CC-Queue': `sales@${ACME}` }) },
];

function cdrSeeds(): Post[] {
  return readdirSync(CDR_FIXTURES)
    .filter((f) => f.endsWith('.cdr.json'))
    .map((f) => ({ path: '/freeswitch/cdr' as const, type: 'application/json', body: readFileSync(new URL(f, CDR_FIXTURES)) }));
}

/** What a broken peer or an attacker with the PBX's address would send first. */
function malformed(cdr: string): Post[] {
  const refused = (path: Post['path'], body: string, type = 'application/json'): Post => ({ path, body, type, mustRefuse: true });
  const doc = JSON.parse(cdr) as { variables: Record<string, unknown>; callflow: { caller_profile: Record<string, unknown> }[] };
  // A uuid never recorded before, wherever the CDR says it: refused, it must leave no row behind.
  let n = 0;
  const withVariables = (variables: Record<string, unknown>, uuid = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`) => {
    const callflow = doc.callflow.map((f) => ({ ...f, caller_profile: { ...f.caller_profile, uuid } }));
    return JSON.stringify({ ...doc, callflow, variables: { ...doc.variables, uuid, ...variables } });
  };
  return [
    refused('/freeswitch/cdr', ''),
    refused('/freeswitch/cdr', '{'),
    refused('/freeswitch/cdr', 'null'),
    refused('/freeswitch/cdr', '[]'),
    refused('/freeswitch/cdr', '"a string"'),
    refused('/freeswitch/cdr', '{}'),
    refused('/freeswitch/cdr', '{"variables":5}'),
    refused('/freeswitch/cdr', '{"variables":{"uuid":{"nested":true}}}'),
    refused('/freeswitch/cdr', JSON.stringify({ variables: { uuid: 'no-times-at-all' } })),
    refused('/freeswitch/cdr', withVariables({ start_uepoch: 'yesterday' })),
    refused('/freeswitch/cdr', withVariables({ start_uepoch: '-5', end_uepoch: '1e400' })),
    refused('/freeswitch/cdr', withVariables({ end_uepoch: '1' })),
    refused('/freeswitch/cdr', withVariables({ domain_name: 'acme.pbx.test\u0000' })),
    refused('/freeswitch/cdr', JSON.stringify({ variables: { uuid: 'x'.repeat(10_000), start_uepoch: '1700000000000000', end_uepoch: '1700000001000000' } })),
    refused('/freeswitch/cdr', withVariables({}, '6bc82a6c-7e83-469f-8ec1-:a83a69d07b5')),
    refused('/freeswitch/cdr', `cdr=${encodeURIComponent('{"broken":')}`, FORM),
    refused('/freeswitch/cdr', 'cdr=%E0%A4%A', FORM),
    refused('/freeswitch/cdr', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
    refused('/freeswitch/cdr', `{"variables":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`),
    refused('/freeswitch/cdr', `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"variables":{"uuid":"00000000-0000-4000-8000-00000000dead"}}`),
    refused('/freeswitch/directory', '', FORM),
    refused('/freeswitch/directory', 'section=directory&user=1001%00&domain=acme.pbx.test', FORM),
    refused('/freeswitch/directory', '--x\r\nContent-Disposition: form-data; name="user"\r\n\r\n1001', 'multipart/form-data; boundary=x'),
    refused('/freeswitch/directory', JSON.stringify({ section: 'directory', user: '1001', domain: ACME }), 'application/json'),
    refused('/freeswitch/dialplan', '\u0000\u0001\u0002', 'application/octet-stream'),
    refused('/freeswitch/dialplan', 'section=dialplan', 'text/plain'),
    refused('/freeswitch/callcenter', 'key_value=callcenter.conf', FORM),
  ];
}

/** A lookup with one field's value or name mangled, or the whole body mutated. */
function mutatedLookup(r: Random): Post {
  const seed = r.pick(LOOKUPS);
  if (r.next() < 0.3) return { ...seed, body: mutate(Buffer.from(seed.body as string), r) };
  const fields = Object.fromEntries(new URLSearchParams(seed.body as string));
  const names = Object.keys(fields);
  const name = r.pick(names);
  const odd = [
    () => '', () => '<![CDATA[', () => '"><x a="', () => '&amp;&#0;&bogus;', () => `${fields[name]}\u0000`, () => 'x'.repeat(20_000),
    () => '../../etc/passwd', () => "' or 1=1 --", () => '%', () => '\u202e\ud800', () => `${fields[name]}@${ACME}`, () => '${system(id)}',
  ];
  if (r.next() < 0.2) delete fields[name];
  else fields[name] = r.pick(odd)();
  return { ...seed, body: form(fields) };
}

function mutatedCdr(seeds: Post[], r: Random): Post {
  const seed = r.pick(seeds);
  const other = r.pick(seeds);
  const body = mutate(seed.body as Uint8Array, r, other.body as Uint8Array);
  // Half of them as mod_json_cdr's encode=true form.
  return r.next() < 0.5 ? { ...seed, body } : { ...seed, type: FORM, body: `cdr=${encodeURIComponent(Buffer.from(body).toString('latin1'))}` };
}

export async function fuzzPosts(options: { inputs: number; seed: number; onProgress?: (done: number) => void }): Promise<PostFuzzResult> {
  const r = random(options.seed);
  const seeds = cdrSeeds();
  const hostile = malformed(Buffer.from(seeds[0]!.body as Uint8Array).toString());
  const result: PostFuzzResult = { inputs: 0, malformed: Math.min(hostile.length, options.inputs), answered: 0, refused: 0, serverErrors: 0, brokenXml: 0, sideEffects: 0, crashes: 0, maxAnswerMs: 0, ms: 0, findings: [] };
  const finding = (what: string) => result.findings.length < 10 && result.findings.push(what);
  const crashed = (err: unknown) => {
    result.crashes++;
    finding(`uncaught: ${(err as Error)?.stack ?? err}`);
  };
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);
  const server = await startTestServer({ LOG_LEVEL: process.env.FUZZ_LOG ?? 'silent' });
  const sql = server.switchboard.orm.em.getConnection();
  // Sessions change as people sign in, which nobody here does; the rest is what a post could touch.
  const tables = ((await sql.execute(`select tablename from pg_tables where schemaname = 'public' and tablename not in ('sessions', 'mikro_orm_migrations')`)) as { tablename: string }[]).map((t) => t.tablename);
  const fingerprintSql = `select ${tables.map((t) => `(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from "${t}" x)`).join(` || ',' || `)} as "f"`;
  const fingerprint = async () => ((await sql.execute(fingerprintSql)) as { f: string }[])[0]!.f;
  // The server's own start-up writes (the resync's agent statuses) are over before the first input.
  await waitFor(() => server.switchboard.pbx.connected, 10_000, 'the ESL link');
  let last = '';
  await waitFor(async () => last === (last = await fingerprint()), 10_000, 'a quiet database', 300);
  const started = performance.now();
  try {
    for (let i = 0; i < options.inputs; i++) {
      const post = i < hostile.length ? hostile[i]! : r.next() < 0.5 ? mutatedLookup(r) : mutatedCdr(seeds, r);
      const name = post.mustRefuse ? `malformed #${i} to ${post.path}` : `mutated #${i} to ${post.path}`;
      const before = await fingerprint();
      const t0 = performance.now();
      const answer = await fetch(`${server.url}${post.path}?uuid=fuzz-${i}`, { method: 'POST', headers: { 'content-type': post.type }, body: typeof post.body === 'string' ? post.body : Buffer.from(post.body) })
        .then(async (res) => ({ status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }))
        .catch((err: Error) => ({ status: 0, type: '', text: err.message }));
      result.maxAnswerMs = Math.max(result.maxAnswerMs, performance.now() - t0);
      result.inputs++;
      if (answer.status >= 200 && answer.status < 300) {
        result.answered++;
        if (post.mustRefuse) finding(`${name}: answered ${answer.status}, not refused: ${answer.text.slice(0, 200)}`);
        if (answer.type.includes('xml') && XMLValidator.validate(answer.text) !== true) {
          result.brokenXml++;
          finding(`${name}: not well-formed XML: ${answer.text.slice(0, 300)}`);
        }
      } else if (answer.status >= 400 && answer.status < 500) {
        result.refused++;
        if ((await fingerprint()) !== before) {
          result.sideEffects++;
          finding(`${name}: refused with ${answer.status} but changed a row`);
        }
      } else {
        result.serverErrors++;
        finding(`${name}: answered ${answer.status} ${answer.text.slice(0, 200)}`);
      }
      if (i % 100 === 99) options.onProgress?.(i + 1);
    }
  } finally {
    result.ms = Math.round(performance.now() - started);
    result.maxAnswerMs = Math.round(result.maxAnswerMs);
    await server.close();
    process.off('uncaughtException', crashed);
    process.off('unhandledRejection', crashed);
  }
  return result;
}
