// The simulator against raw bytes: what FreeSWITCH's mod_event_socket sends.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PbxSimulator } from '../../../freeswitch/simulator/index.ts';
import { plainHeaders } from '../../../server/pbx/headers.ts';
import { parseBackgroundJob, parseEvent } from '../../../server/pbx/parse.ts';
import { waitFor } from '../../helpers/wait.ts';
import { RawEsl } from './esl-client.ts';
import { fixture } from './fixtures.ts';

const sim = new PbxSimulator({ heartbeatMs: 0, password: 'sekret' });
let port = 0;
const open: RawEsl[] = [];

async function authed(): Promise<RawEsl> {
  const c = await RawEsl.open(port);
  open.push(c);
  await c.next((f) => f.headers['Content-Type'] === 'auth/request');
  const reply = await c.command('auth sekret');
  assert.is(reply.headers['Reply-Text'], '+OK accepted');
  return c;
}

test.before(async () => {
  port = await sim.start();
});
test.after.each(() => {
  for (const c of open.splice(0)) c.close();
});
test.after(() => sim.stop());

test('greets with auth/request and refuses a wrong password, then hangs up', async () => {
  const c = await RawEsl.open(port);
  open.push(c);
  const hello = await c.next();
  assert.equal(hello.headers, { 'Content-Type': 'auth/request' });
  const reply = await c.command('auth wrong');
  assert.is(reply.headers['Reply-Text'], '-ERR invalid');
  const notice = await c.next();
  assert.is(notice.headers['Content-Type'], 'text/disconnect-notice');
  await waitFor(() => c.closed, 2000, 'the simulator to close the socket');
});

test('api status, and an unknown command as FreeSWITCH words it', async () => {
  const c = await authed();
  const status = await c.command('api status');
  assert.is(status.headers['Content-Type'], 'api/response');
  assert.is(Number(status.headers['Content-Length']), Buffer.byteLength(status.body));
  assert.match(status.body, /^UP \d+ years, /);
  assert.match(status.body, /is ready/);
  const unknown = await c.command('api frobnicate now');
  assert.is(unknown.body, '-ERR frobnicate Command not found!\n');
  assert.ok(sim.commands.includes('status'));
  assert.ok(sim.commands.includes('frobnicate now'));
});

test('show as json: {"row_count": 0} when empty, FreeSWITCH columns otherwise', async () => {
  const c = await authed();
  assert.is((await c.command('api show registrations as json')).body, '{"row_count": 0}\n');
  const callId = sim.register({ user: '1001', domain: 'acme.pbx.test', networkIp: '198.51.100.7' });
  const uuid = sim.startCall({ from: '1001', to: '1002', domain: 'acme.pbx.test' });
  const regs = JSON.parse((await c.command('api show registrations as json')).body);
  assert.is(regs.row_count, 1);
  assert.equal(Object.keys(regs.rows[0]), ['reg_user', 'realm', 'token', 'url', 'expires', 'network_ip', 'network_port', 'network_proto', 'hostname', 'metadata']);
  assert.is(regs.rows[0].token, callId);
  const chans = JSON.parse((await c.command('api show channels as json')).body);
  assert.is(chans.row_count, 1);
  for (const column of ['uuid', 'direction', 'created_epoch', 'name', 'state', 'cid_name', 'cid_num', 'dest', 'callstate', 'presence_id', 'accountcode']) {
    assert.type(chans.rows[0][column], 'string', column);
  }
  assert.is(chans.rows[0].uuid, uuid);
  sim.hangup(uuid);
  sim.unregister('1001', 'acme.pbx.test');
});

test('bgapi: Job-UUID in the reply, then BACKGROUND_JOB carrying the output', async () => {
  const c = await authed();
  await c.command('event plain BACKGROUND_JOB');
  const reply = await c.command('bgapi status');
  const job = reply.headers['Job-UUID']!;
  assert.match(reply.headers['Reply-Text']!, `+OK Job-UUID: ${job}`);
  const event = await c.next((f) => f.headers['Content-Type'] === 'text/event-plain');
  const { header, body } = plainHeaders(event.body);
  const parsed = parseBackgroundJob(header, body);
  assert.is(parsed?.jobUuid, job);
  assert.is(parsed?.command, 'status');
  assert.match(parsed!.output, /^UP /);
});

test('bgapi honours the Job-UUID the client chose (modesl sends one)', async () => {
  const c = await authed();
  await c.command('event json BACKGROUND_JOB');
  c.send('bgapi show channels as json\nJob-UUID: 11111111-2222-3333-4444-555555555555');
  const reply = await c.next((f) => f.headers['Content-Type'] === 'command/reply');
  assert.is(reply.headers['Job-UUID'], '11111111-2222-3333-4444-555555555555');
  const event = await c.next((f) => f.headers['Content-Type'] === 'text/event-json');
  const json = JSON.parse(event.body);
  assert.is(json['Job-UUID'], '11111111-2222-3333-4444-555555555555');
  assert.is(json._body, '{"row_count": 0}\n');
});

test('event plain: a URL-encoded sofia::register with every header the real capture has', async () => {
  const c = await authed();
  const reply = await c.command('event plain CUSTOM sofia::register');
  assert.is(reply.headers['Reply-Text'], '+OK event listener enabled plain');
  sim.startCall({ from: '1001', to: '1002', domain: 'acme.pbx.test' }); // not subscribed: must not arrive
  const callId = sim.register({ user: '1003', domain: 'acme.pbx.test', userAgent: 'Zoiper rv2.10 (beta)', networkIp: '198.51.100.9' });
  const frame = await c.next((f) => f.headers['Content-Type'] === 'text/event-plain');
  assert.is(Number(frame.headers['Content-Length']), Buffer.byteLength(frame.body));
  assert.ok(frame.body.endsWith('\n\n'), 'header block ends with a blank line');
  assert.match(frame.body, 'Event-Subclass: sofia%3A%3Aregister\n');
  assert.match(frame.body, 'user-agent: Zoiper%20rv2.10%20(beta)\n');
  assert.match(frame.body, `call-id: ${callId.replace('@', '%40')}\n`);
  assert.match(frame.body, `Core-UUID: ${sim.coreUuid}\n`);
  const ours = plainHeaders(frame.body).header;
  const truth = fixture('sofia-register__python-esl-tests.plain')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(0, l.indexOf(': ')));
  for (const name of truth) {
    const expected = name === 'statusd' ? 'status' : name; // the capture's typo; FreeSWITCH says `status`
    assert.ok(ours(expected) !== undefined, `simulator's sofia::register lacks ${expected}`);
  }
  for (const name of ['FreeSWITCH-Hostname', 'Event-Date-Local', 'Event-Date-GMT', 'Event-Date-Timestamp', 'Event-Sequence']) {
    assert.ok(ours(name), name);
  }
  const stamp = Number(ours('Event-Date-Timestamp'));
  assert.ok(Math.abs(stamp - Date.now() * 1000) < 5_000_000, 'real microseconds since the epoch');
  const parsed = parseEvent(ours);
  assert.is(parsed?.kind, 'registered');
  if (parsed?.kind === 'registered') {
    assert.is(parsed.registration.user, '1003');
    assert.is(parsed.registration.callId, callId);
    assert.is(parsed.registration.userAgent, 'Zoiper rv2.10 (beta)');
    assert.is(parsed.registration.networkIp, '198.51.100.9');
  }
  assert.not.ok(c.frames.some((f) => f.body.includes('CHANNEL_CREATE')), 'unsubscribed CHANNEL_CREATE delivered');
  sim.unregister('1003', 'acme.pbx.test');
});

test('event json with the channel headers; filters narrow what arrives', async () => {
  const c = await authed();
  await c.command('event json CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE');
  await c.command('filter Caller-Caller-ID-Number 2001');
  sim.startCall({ from: '1001', to: '1002', domain: 'acme.pbx.test' });
  const uuid = sim.startCall({ from: '2001', to: '2002', domain: 'globex.pbx.test' });
  sim.answer(uuid);
  sim.hangup(uuid, 'USER_BUSY');
  const frames = [];
  for (let i = 0; i < 3; i++) frames.push(JSON.parse((await c.next((f) => f.headers['Content-Type'] === 'text/event-json')).body));
  assert.equal(frames.map((f) => f['Event-Name']), ['CHANNEL_CREATE', 'CHANNEL_ANSWER', 'CHANNEL_HANGUP_COMPLETE']);
  for (const f of frames) assert.is(f['Unique-ID'], uuid);
  const hangup = frames[2];
  for (const name of ['Call-Direction', 'Answer-State', 'Caller-Caller-ID-Name', 'Caller-Destination-Number', 'Caller-Username', 'Channel-Name', 'variable_domain_name', 'variable_user_name', 'variable_sip_call_id', 'variable_billsec', 'variable_duration', 'Caller-Channel-Created-Time', 'Caller-Channel-Answered-Time', 'Caller-Channel-Hangup-Time', 'Core-UUID']) {
    assert.type(hangup[name], 'string', name);
  }
  assert.is(hangup['Hangup-Cause'], 'USER_BUSY');
  const parsed = parseEvent((n) => hangup[n]);
  assert.is(parsed?.kind, 'channel-hangup-complete');
  if (parsed?.kind === 'channel-hangup-complete') {
    assert.is(parsed.channel.domain, 'globex.pbx.test');
    assert.is(parsed.channel.extension, '2001');
    assert.is(parsed.hangupCause, 'USER_BUSY');
  }
  await c.command('filter delete Caller-Caller-ID-Number 2001');
  sim.hangup(sim.channels()[0]!.uuid);
  await c.next((f) => f.headers['Content-Type'] === 'text/event-json' && f.body.includes('CHANNEL_HANGUP_COMPLETE'));
});

test('HEARTBEAT on its interval; exit says bye and disconnects', async () => {
  const beating = new PbxSimulator({ heartbeatMs: 30 });
  const p = await beating.start();
  const c = await RawEsl.open(p);
  open.push(c);
  await c.command('auth ClueCon');
  await c.command('event plain HEARTBEAT');
  const beat = await c.next((f) => f.headers['Content-Type'] === 'text/event-plain');
  assert.is(parseEvent(plainHeaders(beat.body).header)?.kind, 'heartbeat');
  const bye = await c.command('exit');
  assert.is(bye.headers['Reply-Text'], '+OK bye');
  await c.next((f) => f.headers['Content-Type'] === 'text/disconnect-notice');
  await waitFor(() => c.closed, 2000, 'socket closed after exit');
  await beating.stop();
});

test('goDown refuses connections until comeUp; truth still changes meanwhile', async () => {
  const c = await authed();
  sim.goDown();
  await waitFor(() => c.closed, 2000, 'existing connection dropped');
  const refused = await RawEsl.open(port);
  open.push(refused);
  await waitFor(() => refused.closed, 2000, 'new connection closed while down');
  sim.register({ user: '1009', domain: 'acme.pbx.test' });
  sim.comeUp();
  const back = await authed();
  const regs = JSON.parse((await back.command('api show registrations as json')).body);
  assert.ok(regs.rows.some((r: { reg_user: string }) => r.reg_user === '1009'));
  sim.unregister('1009', 'acme.pbx.test');
});

test.run();
