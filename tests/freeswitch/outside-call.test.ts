// A call from a tenant's phone to an outside number, against a real
// FreeSWITCH 1.10.12: out through the carrier gateway, rated by the longest
// prefix and debited exactly once although its CDR reaches Switchboard twice
// (ESL and mod_json_cdr). The carrier is this FreeSWITCH's own external
// profile, so Acme's call to Globex's DID comes back in "from outside" and
// rings Globex's extension 1001, which answers. With no credit left the
// phone gets 402 and nothing leaves through the gateway.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { follow, type LiveView } from '../helpers/live-client.ts';
import { sleep, waitFor } from '../helpers/wait.ts';
import { freePort, freePortRange } from './harness/ports.ts';
import { runSipp, type SippRun } from './harness/sipp.ts';
import { realPbxSuite } from './harness/stack.ts';

const ACME = 'acme.pbx.test';
const GLOBEX = 'globex.pbx.test';
/** Globex's DID for its extension 1001 (seed), dialled by Acme's 1001 as an outside number. */
const GLOBEX_DID = '+442079460101';
/** The DID assigned to agent@acme.test: the caller ID Acme's 1001 presents outside. */
const ACME_1001_DID = '+14155550110';

const stack = realPbxSuite(test, {
  freeswitchEnv: (ports) => ({ SIP_GATEWAY_PROXY: `127.0.0.1:${ports.external}` }),
});
const logs = mkdtempSync(join(tmpdir(), 'sb-outside-'));
let globexPhone: SippRun | undefined;
let view: LiveView;
test.after(() => {
  globexPhone?.kill();
  rmSync(logs, { recursive: true, force: true });
});

async function tenantCredit(domain: string) {
  const [t] = await stack.sql<{ credit: string; credit_version: string }>('select credit::text as credit, credit_version from tenants where domain = ?', [domain]);
  return { credit: t!.credit, version: Number(t!.credit_version) };
}

/** Ten-thousandths of a decimal string, so money is compared exactly. */
const units = (amount: string) => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole!) * 10_000n + BigInt((fraction + '0000').slice(0, 4));
};

let calls = 0;
/** Acme's 1001 dials `number` (call.xml); FreeSWITCH's final response. */
async function dial(number: string, holdMs: number): Promise<string> {
  const log = join(logs, `call-${++calls}.log`);
  const audio = join(logs, 'tone.ulaw');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'u-law', '-t', 'raw', audio, 'synth', '10', 'sine', '440', 'vol', '0.5']);
  const run = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'call.xml',
    values: { USER: '1001', DOMAIN: ACME, PASS: await stack.sipPassword(ACME, '1001'), DEST: number, HOLD_MS: holdMs, AUDIO: audio },
    args: ['-trace_logs', '-log_file', log, '-mp', String((await freePortRange(4))[0])],
    timeoutMs: holdMs + 20_000,
  });
  const { code, output } = await run.done;
  assert.is(code, 0, `sipp call → ${number}: ${output.slice(-1500)}`);
  const final = /FINAL (SIP\/2\.0 [^\r\n]*)/.exec(readFileSync(log, 'utf8'))?.[1];
  assert.ok(final, "the call logged FreeSWITCH's final response");
  return final!;
}

test.before(async () => {
  // Globex's 1001: a phone that answers one call, registered on its port.
  const port = await freePort();
  globexPhone = await runSipp({ target: stack.fs.ports.sip, scenario: 'answer.xml', values: {}, port, args: ['-m', '2'], timeoutMs: 90_000 });
  const reg = await runSipp({
    target: stack.fs.ports.sip,
    scenario: 'register-for.xml',
    values: { DOMAIN: GLOBEX, USER: '1001', PASS: await stack.sipPassword(GLOBEX, '1001'), EXPIRES: 300, HOLD_MS: 0, CONTACT_PORT: port },
  });
  assert.is((await reg.done).code, 0, 'Globex 1001 registered');
  await waitFor(async () => (await stack.fs.api('show registrations')).includes(`1001,${GLOBEX}`), 5000, 'FreeSWITCH to hold the registration');
  view = follow(stack.connect(await stack.signIn('agent@acme.test')));
  await waitFor(() => view.tenant, 10_000, 'the snapshot');
});

test('an outside call leaves through the gateway, is rated by its prefix and debited exactly once', async () => {
  const before = await tenantCredit(ACME);
  const globexBefore = await tenantCredit(GLOBEX);
  const final = await dial(GLOBEX_DID, 3000);
  assert.is(final, 'SIP/2.0 200 OK', 'answered by the far end');

  // The phone's own leg: Acme's outbound call to the +44 number, rated.
  const [leg] = await waitFor(async () => {
    const r = await stack.sql<{ uuid: string; extension: string; direction: string; billsec: number; cost: string | null; rate_prefix: string | null }>(
      "select c.uuid, c.extension, c.direction, c.billsec, c.cost::text as cost, c.rate_prefix from cdr c join tenants t on t.id = c.tenant_id where t.domain = ? and c.destination = ? and c.direction = 'outbound'",
      [ACME, GLOBEX_DID],
    );
    return r.length ? r : undefined;
  }, 15_000, "the caller's CDR");
  assert.is(leg!.extension, '1001');
  assert.ok(leg!.billsec >= 2 && leg!.billsec <= 6, `billsec ${leg!.billsec}`);
  // The longest prefix wins: +4420 (London) at 0.015 a minute over +44's 0.02,
  // billed in 6 s steps (the seed's rates), so up to 6 s costs 0.0015.
  assert.is(leg!.rate_prefix, '+4420');
  assert.is(leg!.cost, '0.0015');

  // mod_json_cdr delivers the same CDR again over HTTP a moment later; still one row, one debit.
  await sleep(3000);
  assert.is((await stack.sql('select 1 from cdr where uuid = ?', [leg!.uuid])).length, 1, 'one row for the leg');
  const after = await tenantCredit(ACME);
  assert.is(after.version, before.version + 1, 'exactly one debit');
  assert.is(units(before.credit) - units(after.credit), units('0.0015'), `credit ${before.credit} → ${after.credit}`);
  assert.not.match(stack.fs.log(), /mod_json_cdr.*Got error \[[45]\d\d\]/, 'mod_json_cdr was not refused');
  // The header's balance is pushed to the agent's screen.
  await waitFor(() => view.tenant?.state.credit === after.credit, 5000, 'the new balance on screen');

  // The far end: Globex's 1001 took an inbound call showing Acme 1001's DID; Globex pays nothing.
  const [inbound] = await waitFor(async () => {
    const r = await stack.sql<{ caller_id_number: string; extension: string; direction: string }>(
      "select c.caller_id_number, c.extension, c.direction from cdr c join tenants t on t.id = c.tenant_id where t.domain = ? and c.extension = '1001'",
      [GLOBEX],
    );
    return r.length ? r : undefined;
  }, 15_000, "Globex 1001's CDR");
  assert.is(inbound!.direction, 'inbound');
  assert.is(inbound!.caller_id_number, ACME_1001_DID, "the caller's own DID as caller ID");
  assert.equal(await tenantCredit(GLOBEX), globexBefore);
});

test('with no credit left the phone gets 402 and nothing leaves through the gateway', async () => {
  await stack.sql("update tenants set credit = '0.0000' where domain = ?", [ACME]);
  const gatewayBefore = await stack.fs.api('sofia status gateway carrier');
  const callsOut = (status: string) => Number(/CallsOUT\s+(\d+)/.exec(status)?.[1] ?? NaN);
  const final = await dial(GLOBEX_DID, 1000);
  assert.is(final, 'SIP/2.0 402 Payment Required');
  assert.is(callsOut(await stack.fs.api('sofia status gateway carrier')), callsOut(gatewayBefore), 'no call through the gateway');
});

test.run();
