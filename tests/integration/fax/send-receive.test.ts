// The fax path end to end over real parts: upload → Queued → Sending → Sent
// seen live on a socket; the simulator's rxfax → an inbound row, a PDF to
// download and an e-mail on a real SMTP server with that PDF attached.
import { PDFDocument } from 'pdf-lib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FaxChange } from '../../../common/fax.ts';
import { makePdf, startSmtp, uploadFax } from '../../helpers/fax.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { waitFor } from '../../helpers/wait.ts';

let t: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let acme = '';

test.before(async () => {
  smtp = await startSmtp({ rejectFirst: 1 });
  t = await startTestServer({ SMTP_URL: smtp.url, FAX_POLL_MS: '50', FAX_RETRY_DELAY_S: '0', FAX_EMAIL_RETRY_DELAY_S: '0' });
  t.simulator.fax.delayMs = 150;
  const [tenant] = (await t.switchboard.orm.em.fork().getConnection().execute(`select "id" from "tenants" where "domain" = 'acme.pbx.test'`)) as { id: string }[];
  acme = tenant!.id;
});

test.after(async () => {
  await t?.close();
  await smtp?.close();
});

test('a sent fax goes Queued → Sending → Sent live, with cover + document pages', async () => {
  const cookie = await t.signIn('agent@acme.test');
  const socket = t.connect(cookie);
  const changes: FaxChange[] = [];
  socket.on('fax', (c) => changes.push(c));
  await waitFor(() => socket.connected, 5000, 'socket');
  const up = await uploadFax(t.url, cookie, { to: '+1 (555) 010-2030', cover: 'classic', subject: 'Contract' }, { bytes: await makePdf(3), name: 'contract.pdf', type: 'application/pdf' });
  assert.is(up.status, 201, JSON.stringify(up.body));
  assert.is(up.body.fax.status, 'queued');
  assert.is(up.body.fax.to, '+15550102030');
  assert.is(up.body.fax.pages, 4);
  const id = up.body.fax.id;
  const sent = await waitFor(() => changes.find((c) => c.fax.id === id && c.fax.status === 'sent'), 20_000, 'Sent');
  const statuses = changes.filter((c) => c.fax.id === id).map((c) => c.fax.status);
  assert.equal([...new Set(statuses)], ['queued', 'sending', 'sent']);
  assert.is(sent.direction === 'outbound' && sent.fax.sentPages, 4, 'spandsp sent every page of the TIFF');
  const originate = t.simulator.commands.find((c) => c.startsWith('originate') && c.includes('txfax('));
  assert.ok(originate, 'originated through the PBX');
  assert.match(originate!, /sofia\/gateway\/carrier\/\+15550102030 &txfax\(/);
  assert.match(originate!, /fax_header='Acme Support'/);
  const list = await (await fetch(`${t.url}/api/fax/outbound`, { headers: { cookie } })).json();
  assert.is(list.faxes[0].status, 'sent');
  const pdf = await fetch(`${t.url}/api/fax/outbound/${id}/pdf`, { headers: { cookie } });
  assert.is(pdf.status, 200);
  assert.is((await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()))).getPageCount(), 4);
  await waitFor(() => t.switchboard.live.tenantState(acme)?.dashboard.faxOutbound === 1, 5000, 'outbound count');
  socket.disconnect();
});

test('busy twice then through: retried; busy every time: Failed with the reason', async () => {
  const cookie = await t.signIn('agent2@acme.test');
  t.simulator.fax.failNext('busy', 'no-answer');
  const ok = await uploadFax(t.url, cookie, { to: '5550100' }, { bytes: await makePdf(1), name: 'a.pdf', type: 'application/pdf' });
  assert.is(ok.status, 201);
  const row = async (id: string) =>
    ((await (await fetch(`${t.url}/api/fax/outbound`, { headers: { cookie } })).json()).faxes as any[]).find((f) => f.id === id);
  const done = await waitFor(async () => { const r = await row(ok.body.fax.id); return r?.status === 'sent' && r; }, 20_000, 'sent after retries');
  assert.is(done.attempts, 3);
  t.simulator.fax.failNext('busy', 'busy', 'busy');
  const bad = await uploadFax(t.url, cookie, { to: '5550101' }, { bytes: await makePdf(1), name: 'b.pdf', type: 'application/pdf' });
  const failed = await waitFor(async () => { const r = await row(bad.body.fax.id); return r?.status === 'failed' && r; }, 20_000, 'failed');
  assert.match(failed.reason, /busy/);
  assert.is(failed.attempts, 3);
});

test('the far machine never answers with fax tones: Failed with spandsp\'s reason', async () => {
  const cookie = await t.signIn('agent3@acme.test');
  t.simulator.fax.failNext('no-fax-tone');
  const up = await uploadFax(t.url, cookie, { to: '5550102' }, { bytes: await makePdf(2), name: 'c.pdf', type: 'application/pdf' });
  const failed = await waitFor(async () => {
    const r = ((await (await fetch(`${t.url}/api/fax/outbound`, { headers: { cookie } })).json()).faxes as any[])[0];
    return r?.status === 'failed' && r;
  }, 20_000, 'failed');
  assert.is(failed.id, up.body.fax.id);
  assert.match(failed.reason, /Timed out waiting for the first message/);
});

test('an inbound fax: row for the owner, live, PDF downloadable, e-mailed (after one SMTP refusal) with the PDF attached', async () => {
  const em = t.switchboard.orm.em.fork();
  await em.getConnection().execute(`update "extensions" set "fax_email" = 'agent-fax@acme.test' where "tenant_id" = ? and "number" = '1001'`, [acme]);
  const cookie = await t.signIn('agent@acme.test');
  const socket = t.connect(cookie);
  const changes: FaxChange[] = [];
  socket.on('fax', (c) => changes.push(c));
  await waitFor(() => socket.connected, 5000, 'socket');
  const before = t.switchboard.live.tenantState(acme)!.dashboard.faxInbound;
  await t.simulator.receiveFax({ from: '+442079460958', toExtension: '1001', domain: 'acme.pbx.test', pages: 3 });
  const inbound = await waitFor(() => changes.find((c) => c.direction === 'inbound'), 20_000, 'inbound live');
  assert.is(inbound.fax.pages, 3);
  assert.is(inbound.direction === 'inbound' && inbound.fax.from, '+442079460958');
  await waitFor(() => t.switchboard.live.tenantState(acme)!.dashboard.faxInbound === before + 1, 5000, 'inbound count');
  const list = await (await fetch(`${t.url}/api/fax/inbound`, { headers: { cookie } })).json();
  assert.is(list.faxes.length, 1);
  const res = await fetch(`${t.url}/api/fax/inbound/${list.faxes[0].id}/pdf`, { headers: { cookie } });
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'application/pdf');
  assert.is((await PDFDocument.load(new Uint8Array(await res.arrayBuffer()))).getPageCount(), 3);
  const mail = await waitFor(() => smtp.received[0], 20_000, 'e-mail');
  assert.is((mail.to as any).text, 'agent-fax@acme.test');
  const attachment = mail.attachments[0]!;
  assert.is(attachment.contentType, 'application/pdf');
  assert.is((await PDFDocument.load(new Uint8Array(attachment.content))).getPageCount(), 3);
  const sent = await waitFor(() => changes.find((c) => c.direction === 'inbound' && c.fax.emailStatus === 'sent'), 10_000, 'email sent live');
  assert.ok(sent);
  // The first SMTP answer was 451: it was retried, not dropped.
  const [row] = (await em.getConnection().execute(`select "email_attempts" from "fax_inbound"`)) as any[];
  assert.is(row.email_attempts, 2);
  socket.disconnect();
});

test.run();
