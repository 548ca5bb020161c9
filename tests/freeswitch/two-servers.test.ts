// Two real FreeSWITCH servers on loopback (ports and runtime folders of their
// own), one Switchboard connected to both (ESL_SERVERS). Phones register on
// either, and one on both: the dashboard counts each device once, each
// extension once. A call to an extension registered on the second server is
// placed there and hung up there by Switchboard's commands (a wrong server
// does not know the user or the channel). The second server killed: its
// phones and its call leave the live state, the first's stay untouched; back,
// its own read-back restores its part (sofia kept the registrations) and
// nothing of the first's is patched.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { follow, watchFigures, type LiveSocket, type LiveView } from '../helpers/live-client.ts';
import { waitFor } from '../helpers/wait.ts';
import { freePort } from './harness/ports.ts';
import { ringingPhone, type RingingPhone } from './harness/ringing-phone.ts';
import { sippSucceeds } from './harness/sipp.ts';
import { realPbxSuite } from './harness/stack.ts';
import type { FreeSwitch } from './harness/freeswitch.ts';

const stack = realPbxSuite(test, { servers: 2 });
const DOMAIN = 'acme.pbx.test';
const phones: RingingPhone[] = [];
const sockets: LiveSocket[] = [];
test.after(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all(phones.map((p) => p.close()));
});

const serverName = (fs: FreeSwitch) => `127.0.0.1:${fs.ports.esl}`;

/** A phone of `user` on `fs`: a ringing phone on its own port, registered there by sipp with a Call-ID of our choosing. */
async function register(fs: FreeSwitch, user: string, callId: string, phone?: RingingPhone): Promise<RingingPhone> {
  if (!phone) {
    phone = await ringingPhone(await freePort());
    phones.push(phone);
  }
  await sippSucceeds({
    target: fs.ports.sip,
    scenario: 'register-for.xml',
    values: { USER: user, PASS: await stack.sipPassword(DOMAIN, user), DOMAIN, EXPIRES: 600, HOLD_MS: 0, CONTACT_PORT: phone.port },
    args: ['-cid_str', callId],
  });
  return phone;
}

/** `show registrations` of one server, read with JSON.parse only: Call-IDs of the tenant's phones. */
async function held(fs: FreeSwitch): Promise<string[]> {
  const out = JSON.parse(await fs.api('show registrations as json')) as { rows?: Record<string, string>[] };
  return (out.rows ?? []).filter((r) => r.realm === DOMAIN).map((r) => r.token!).sort();
}

/** FreeSWITCH's own word on a channel (its core table, `show channels`, follows a moment later). */
const has = async (fs: FreeSwitch, uuid: string) => (await fs.api(`uuid_exists ${uuid}`)).trim() === 'true';

const tenant = () => {
  const live = stack.switchboard.live;
  return live.tenantState(live.tenantIdOfDomain(DOMAIN)!)!;
};
const devicesOf = (ext: string) => (tenant().extensions.get(ext)?.devices ?? []).map((d) => d.callId).sort();

async function watch(): Promise<LiveView> {
  const socket = stack.connect(await stack.signIn('agent@acme.test'));
  sockets.push(socket);
  const view = follow(socket);
  await waitFor(() => view.snapshots === 1, 5000, 'the first snapshot');
  // The Dashboard is open: the device counts come too.
  await watchFigures(socket, view);
  return view;
}

/** Switchboard rings `user`'s phones (the cluster sends it to the server the user is registered on). */
async function ring(user: string, uuid: string) {
  await stack.switchboard.pbx.bgapi(`originate {origination_uuid=${uuid},originate_timeout=120}user/${user}@${DOMAIN} &park()`);
}

const CALL_1 = 'f1f1f1f1-0000-4000-8000-000000000001';
const CALL_2 = 'f2f2f2f2-0000-4000-8000-000000000002';
const CALL_2B = 'f2f2f2f2-0000-4000-8000-00000000000b';

test('phones on both servers, one phone on both: each device counted once; a call on server 2 shows on its extension', async () => {
  const [fs1, fs2] = stack.servers as [FreeSwitch, FreeSwitch];
  const view = await watch();
  await register(fs1, '1001', 'dev-1001-on-1');
  await register(fs2, '1002', 'dev-1002-on-2');
  // One device that registered with both servers (same Call-ID, same contact).
  const both = await register(fs1, '1003', 'dev-1003-on-both');
  await register(fs2, '1003', 'dev-1003-on-both', both);

  await waitFor(
    async () => (await held(fs1)).length === 2 && (await held(fs2)).length === 2,
    10_000,
    'each server to hold two registrations',
  );
  await waitFor(() => view.figures?.state.devices === 3, 10_000, 'the dashboard to count 3 devices');
  assert.is(view.figures?.state.activeExtensions, 3, 'three extensions with a phone');
  assert.equal(devicesOf('1003'), ['dev-1003-on-both'], 'the phone on both servers is one device');
  assert.equal(devicesOf('1002'), ['dev-1002-on-2']);
  assert.equal(view.extensions['1001']?.state.devices.map((d) => d.callId), ['dev-1001-on-1'], "the agent's own extension, on screen");

  // Switchboard rings 1002: only server 2 knows where that phone is.
  await ring('1002', CALL_2);
  await waitFor(() => tenant().legs.has(CALL_2), 10_000, "the call to 1002 in the live state");
  assert.is(tenant().legs.get(CALL_2)!.extension, '1002', 'on the right extension');
  assert.is(tenant().channelOn.get(CALL_2), serverName(fs2), 'held by server 2');
  assert.ok(await has(fs2, CALL_2), 'server 2 has the channel');
  assert.not.ok(await has(fs1, CALL_2), 'server 1 does not');
  assert.is(tenant().presence['1002']?.state, 'ringing');

  // Hung up by Switchboard: the command goes to server 2, which holds the channel.
  await stack.switchboard.pbx.api(`uuid_kill ${CALL_2}`);
  await waitFor(async () => !tenant().legs.has(CALL_2) && !(await has(fs2, CALL_2)), 10_000, 'the call to 1002 to end, on server 2 and on screen');
});

test("server 2 killed: its phones and its call leave the live state, server 1's stay; back, its read-back restores its own part only", async () => {
  const [fs1, fs2] = stack.servers as [FreeSwitch, FreeSwitch];
  const view = await watch();
  await waitFor(() => view.figures?.state.devices === 3, 10_000, 'the three devices of the first test');
  await ring('1001', CALL_1);
  await ring('1002', CALL_2B);
  await waitFor(() => tenant().legs.has(CALL_1) && tenant().legs.has(CALL_2B), 10_000, 'a call ringing on each server');
  assert.is(tenant().channelOn.get(CALL_1), serverName(fs1));
  assert.is(tenant().channelOn.get(CALL_2B), serverName(fs2));

  const from = view.patches.length;
  const ext1001 = tenant().extensions.get('1001');
  // No hangup, no unregister: the link simply goes.
  await fs2.kill();
  await waitFor(() => view.figures?.state.devices === 2, 15_000, "server 2's phone to leave the dashboard");
  assert.equal(devicesOf('1002'), [], "1002's only phone was on server 2");
  assert.equal(devicesOf('1003'), ['dev-1003-on-both'], 'the phone on both servers is still reachable through server 1');
  assert.equal(devicesOf('1001'), ['dev-1001-on-1']);
  assert.is(view.figures?.state.activeExtensions, 2);
  assert.not.ok(tenant().legs.has(CALL_2B), "server 2's call is gone");
  assert.ok(tenant().legs.has(CALL_1), "server 1's call goes on");
  assert.is(tenant().presence['1001']?.state, 'ringing');
  assert.ok(stack.switchboard.pbx.connected, 'the PBX is still up for the tenant: server 1 is');

  await fs2.restart();
  // sofia keeps its registrations in its database across the restart: no phone says anything,
  // Switchboard's read-back of server 2 (show registrations, checked against sofia's own) brings 1002 back.
  await waitFor(async () => (await held(fs2)).includes('dev-1002-on-2'), 15_000, 'server 2 to hold 1002 again after its restart');
  await waitFor(() => view.figures?.state.devices === 3, 30_000, "server 2's phone back on the dashboard, from its read-back");
  assert.equal(devicesOf('1002'), ['dev-1002-on-2']);
  assert.ok(tenant().legs.has(CALL_1), "server 1's call never left");
  assert.is(tenant().extensions.get('1001'), ext1001, "server 1's extension was not touched");
  const touched = view.patches.slice(from).filter((p) => p.scope === 'ext:1001');
  assert.equal(touched, [], 'no patch of 1001 (server 1 only) during server 2 outage and return');
  await stack.switchboard.pbx.api(`uuid_kill ${CALL_1}`);
  await waitFor(() => !tenant().legs.has(CALL_1), 10_000, "server 1's call to end");
});

test.run();
