// Fax and calls from outside against a real FreeSWITCH 1.10.12. The carrier
// gateway points back at this FreeSWITCH's own external profile, so a fax
// sent to an E.164 number leaves through sofia/gateway/carrier, arrives again
// "from outside" on the external profile, and is routed by our DID table:
// a fax DID answers with rxfax. A missing gateway and a file FreeSWITCH
// cannot find fail at once with words; a carrier's call to a DID routed to
// extension 1001 rings 1001's SIP phone.
import { existsSync, unlinkSync, watch } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FaxChange } from '../../common/fax.ts';
import { makePdf, startSmtp, uploadFax } from '../helpers/fax.ts';
import { waitFor } from '../helpers/wait.ts';
import { callFromOutside as carrierCall } from './harness/carrier.ts';
import { freePort } from './harness/ports.ts';
import { runSipp } from './harness/sipp.ts';
import { realPbxSuite } from './harness/stack.ts';

/** Globex's fax line (seed: routed to fax for extension 1001, Ivy Chen, agent@globex.test). */
const GLOBEX_FAX_DID = '+442079460190';
/** Acme's DID for extension 1001 (agent@acme.test), and an inactive one. */
const ACME_1001_DID = '+14155550110';
const ACME_INACTIVE_DID = '+14155550111';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
const env: Record<string, string> = { FAX_POLL_MS: '100', FAX_RETRIES: '0', FAX_RETRY_DELAY_S: '0', FAX_EMAIL_RETRY_DELAY_S: '0' };

test.before(async () => {
  smtp = await startSmtp();
  env.SMTP_URL = smtp.url;
});

const stack = realPbxSuite(test, {
  env,
  // The carrier is ourselves: what leaves through the gateway comes back in on the external profile.
  freeswitchEnv: (ports) => ({ SIP_GATEWAY_PROXY: `127.0.0.1:${ports.external}` }),
});

test.after(async () => {
  await smtp?.close();
});

const tenantId = async (domain: string) => (await stack.sql<{ id: string }>(`select "id" from "tenants" where "domain" = ?`, [domain]))[0]!.id;

async function outbound(cookie: string, id: string) {
  const list = await (await fetch(`${stack.url}/api/fax/outbound`, { headers: { cookie } })).json();
  return (list.faxes as any[]).find((f) => f.id === id);
}

async function sendFax(cookie: string, pages: number, to: string) {
  const up = await uploadFax(stack.url, cookie, { to, cover: 'none', subject: 'Real FreeSWITCH' }, { bytes: await makePdf(pages), name: 'doc.pdf', type: 'application/pdf' });
  assert.is(up.status, 201, JSON.stringify(up.body));
  return up.body.fax.id as string;
}

test('a 2-page fax to Globex\'s fax DID: out through the carrier gateway, in through rxfax, Sent, Inbound Fax and e-mail', async () => {
  const acme = await stack.signIn('agent@acme.test');
  const globex = await stack.signIn('agent@globex.test');
  const senderSocket = stack.connect(acme);
  const receiverSocket = stack.connect(globex);
  const sent: FaxChange[] = [];
  const received: FaxChange[] = [];
  senderSocket.on('fax', (c) => sent.push(c));
  receiverSocket.on('fax', (c) => received.push(c));
  try {
    await waitFor(() => senderSocket.connected && receiverSocket.connected, 5000, 'sockets');
    // FreeSWITCH itself: the gateway exists and points at the external profile.
    assert.match(await stack.fs.api('sofia status'), /external::carrier\s+gateway/);
    const t0 = Date.now();
    const id = await sendFax(acme, 2, GLOBEX_FAX_DID);

    const done = await waitFor(() => sent.find((c) => c.fax.id === id && (c.fax.status === 'sent' || c.fax.status === 'failed')), 90_000, 'the fax to be Sent', 100);
    assert.is(done.fax.status, 'sent', `fax failed: ${done.fax.status === 'failed' ? (done.fax as any).reason : ''}`);
    assert.is(done.direction === 'outbound' && done.fax.sentPages, 2, 'spandsp sent both pages');
    assert.equal([...new Set(sent.filter((c) => c.fax.id === id).map((c) => c.fax.status))], ['queued', 'sending', 'sent']);
    const row = await outbound(acme, id);
    assert.is(row.status, 'sent');
    assert.is(row.sentPages, 2);
    console.log(`  fax of 2 pages over loopback: ${Date.now() - t0} ms`);

    // What FreeSWITCH says: both spandsp ends finished, the call went out through the gateway and came back to the DID.
    const log = stack.fs.log();
    assert.match(log, /Fax successfully sent/);
    assert.match(log, /Fax successfully received/);
    assert.match(log, new RegExp(`sofia/external/\\${GLOBEX_FAX_DID} txfax\\(`));
    assert.match(log, new RegExp(`Processing .* in context did`));

    // The receiving extension's owner: a live row with 2 pages, a PDF to download, and the e-mail.
    const inbound = await waitFor(() => received.find((c) => c.direction === 'inbound'), 20_000, 'Inbound Fax live');
    assert.is(inbound.fax.pages, 2);
    const list = await (await fetch(`${stack.url}/api/fax/inbound`, { headers: { cookie: globex } })).json();
    assert.is(list.faxes.length, 1);
    assert.is(list.faxes[0].status, 'received');
    assert.is(list.faxes[0].pages, 2);
    const pdf = await fetch(`${stack.url}/api/fax/inbound/${list.faxes[0].id}/pdf`, { headers: { cookie: globex } });
    assert.is(pdf.status, 200);
    assert.is((await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()))).getPageCount(), 2);
    // The sender's tenant sees nothing of it.
    const acmeInbound = await (await fetch(`${stack.url}/api/fax/inbound`, { headers: { cookie: acme } })).json();
    assert.is(acmeInbound.faxes.length, 0);

    const mail = await waitFor(() => smtp.received[0], 20_000, 'the fax e-mail');
    assert.is((mail.to as any).text, 'agent@globex.test');
    const attachment = mail.attachments[0]!;
    assert.is(attachment.contentType, 'application/pdf');
    assert.is((await PDFDocument.load(new Uint8Array(attachment.content))).getPageCount(), 2);

    // The carrier's leg is Globex's (the DID's tenant) in the CDRs.
    const globexId = await tenantId('globex.pbx.test');
    const legs = await waitFor(async () => {
      const r = await stack.sql<{ tenant_id: string }>(`select "tenant_id" from "cdr" where "destination" = ? and "direction" = 'inbound'`, [GLOBEX_FAX_DID]);
      return r.length > 0 ? r : undefined;
    }, 10_000, 'the carrier leg\'s CDR');
    assert.ok(legs.some((r) => r.tenant_id === globexId), 'the carrier leg rxfax answered is attributed to Globex');
  } finally {
    senderSocket.disconnect();
    receiverSocket.disconnect();
  }
});

test('a document FreeSWITCH cannot find (no shared spool): Failed at once with words, no txfaxresult', async () => {
  const cookie = await stack.signIn('agent2@acme.test');
  // What a deployment without a shared fax folder looks like to FreeSWITCH:
  // Switchboard writes the TIFF, FreeSWITCH finds nothing at that path.
  const tiffDir = join(stack.dataDir, 'fax', 'tiff');
  const watcher = watch(tiffDir, (_, name) => {
    const path = name && join(tiffDir, name.toString());
    if (path && path.endsWith('.tif') && existsSync(path)) unlinkSync(path);
  });
  try {
    const t0 = Date.now();
    const id = await sendFax(cookie, 1, GLOBEX_FAX_DID);
    const failed = await waitFor(async () => { const r = await outbound(cookie, id); return r?.status === 'failed' ? r : undefined; }, 15_000, 'Failed', 100);
    assert.ok(Date.now() - t0 < 15_000, 'failed within seconds, not after the lease');
    assert.match(failed.reason, /could not be read/);
    assert.match(failed.reason, /FAX_SPOOL_DIR/);
    assert.is(failed.attempts, 1);
    // FreeSWITCH's own words for it.
    assert.match(stack.fs.log(), /Cannot send non-existant fax file/);
  } finally {
    watcher.close();
  }
});

/** A carrier's call to `did` on the external profile; FreeSWITCH's final response. */
async function callFromOutside(did: string, holdMs: number, during?: () => Promise<void>): Promise<string> {
  const call = await carrierCall(stack.fs.ports.external, did, holdMs, during);
  assert.is(call.code, 0, `sipp did-call → ${did}: ${call.output.slice(-1500)}`);
  assert.ok(call.final, "the call logged FreeSWITCH's final response");
  return call.final;
}

test('a call from outside to a DID routed to extension 1001 rings 1001\'s SIP phone, which answers', async () => {
  const domain = 'acme.pbx.test';
  const acme = await tenantId(domain);
  const port = await freePort();
  const phone = await runSipp({ target: stack.fs.ports.sip, scenario: 'answer.xml', values: {}, port, timeoutMs: 60_000 });
  try {
    const reg = await runSipp({
      target: stack.fs.ports.sip,
      scenario: 'register-for.xml',
      values: { DOMAIN: domain, USER: '1001', PASS: await stack.sipPassword(domain, '1001'), EXPIRES: 120, HOLD_MS: 0, CONTACT_PORT: port },
    });
    assert.is((await reg.done).code, 0);
    await waitFor(async () => (await stack.fs.api('show registrations')).includes(`1001,${domain}`), 5000, 'FreeSWITCH to hold the registration');

    let during = '';
    const final = await callFromOutside(ACME_1001_DID, 3000, async () => {
      // While the call is up: FreeSWITCH bridged the carrier's leg to user 1001.
      during = await waitFor(async () => { const c = await stack.fs.api('show calls'); return c.includes(ACME_1001_DID) && c.includes('1 total') ? c : undefined; }, 10_000, 'a bridged call in FreeSWITCH');
    });
    assert.is(final, 'SIP/2.0 200 OK');
    assert.match(during, /sofia\/internal\/1001@/, 'the other leg is 1001\'s phone');
    await waitFor(() => phone.child.exitCode !== null, 10_000, 'the phone to finish its call');
    assert.is(phone.child.exitCode, 0, 'the phone got the INVITE, answered and saw the BYE');

    // The carrier's leg is Acme's in the CDRs.
    const rows = await waitFor(async () => {
      const r = await stack.sql<{ tenant_id: string; destination: string }>(`select "tenant_id", "destination" from "cdr" where "destination" = ?`, [ACME_1001_DID]);
      return r.length > 0 ? r : undefined;
    }, 10_000, 'the carrier leg\'s CDR');
    assert.ok(rows.every((r) => r.tenant_id === acme), 'attributed to Acme');
    // What 1001's owner sees in the call history: the outside caller, answered.
    const cookie = await stack.signIn('agent@acme.test');
    const history = await waitFor(async () => {
      const page = await (await fetch(`${stack.url}/api/cdr`, { headers: { cookie } })).json();
      return (page.rows as any[]).find((r) => r.callerIdNumber === '+12125550199');
    }, 10_000, 'the call in agent@acme.test\'s history');
    assert.is(history.extension, '1001');
    assert.is(history.direction, 'inbound');
    assert.ok(history.answeredAt, 'answered');
  } finally {
    phone.kill();
  }
});

test('calls to an inactive DID or a number that is not ours are refused', async () => {
  // Our "not found" leaves the did context without an extension: FreeSWITCH's NO_ROUTE_DESTINATION, a 404.
  assert.is(await callFromOutside(ACME_INACTIVE_DID, 1000), 'SIP/2.0 404 Not Found');
  assert.is(await callFromOutside('+19995550100', 1000), 'SIP/2.0 404 Not Found');
  assert.match(stack.fs.log(), /No route, Aborting|NO_ROUTE_DESTINATION/i);
});

test('FAX_GATEWAY names a gateway FreeSWITCH does not have: Failed within seconds, with its name', async () => {
  await stack.stopSwitchboard();
  env.FAX_GATEWAY = 'nosuch';
  try {
    await stack.startSwitchboard();
    const cookie = await stack.signIn('agent3@acme.test');
    const t0 = Date.now();
    const id = await sendFax(cookie, 1, GLOBEX_FAX_DID);
    const failed = await waitFor(async () => { const r = await outbound(cookie, id); return r?.status === 'failed' ? r : undefined; }, 10_000, 'Failed', 100);
    assert.ok(Date.now() - t0 < 10_000, 'failed within seconds, not after the lease');
    assert.match(failed.reason, /The fax gateway 'nosuch' does not exist/);
    // FreeSWITCH: refused before any channel existed.
    assert.match(stack.fs.log(), /Invalid Gateway 'nosuch'/);
    assert.match(await stack.fs.api('show channels'), /^\s*0 total/m);
  } finally {
    delete env.FAX_GATEWAY;
  }
});

test.run();
