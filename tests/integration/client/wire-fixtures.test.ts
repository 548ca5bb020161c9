// Golden wire fixtures (model: jambonz's test/data/good|bad), so a rolling
// deploy is proven, not promised:
// * old node → new tab: every protocol this client claims to read (1 …
//   LIVE_PROTOCOL) has a session recorded from a real server of that protocol
//   (tests/fixtures/wire/v<N>/good, made by tests/fixtures/wire/record.ts),
//   replayed through the client's own store (client/src/live/store.ts with
//   its sequencer, over a real Socket.IO connection) to the state the UI shows;
// * new node → old tab: the current server, driven through the recorder's
//   session again, sends only the shapes the v<LIVE_PROTOCOL> files hold,
//   which tabs of this protocol were proven to read;
// * v<N>/bad: what the client promises for the wrong input — a seq gap asks
//   `resync`, a newer protocol reloads the tab, an unknown scope or a
//   malformed patch is ignored.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connectionStatus, live, onUsage, startLive, stopLive } from '../../../client/src/live/store.ts';
import { splitTenant } from '../../../client/src/live/tenant-v4.ts';
import { LIVE_PROTOCOL, type PresenceSet, type Snapshot } from '../../../common/live.ts';
import { fixtureDir, recordSession, type WireMessage, type WireRecording } from '../../fixtures/wire/record.ts';
import { startTestServer } from '../../helpers/server.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

/** A bad fixture: what a server (or a broken proxy) might send, and what the tab must do. */
interface BadFixture {
  why: string;
  expect: 'resync' | 'reload' | 'ignored';
  received: { event: string; data: unknown }[];
  /** The snapshot the replaying server answers `resync` with. */
  answer?: Snapshot;
}

const readJson = <T>(url: URL): T => JSON.parse(readFileSync(url, 'utf8')) as T;
const filesOf = (protocol: number, kind: 'good' | 'bad') => {
  const dir = fixtureDir(protocol, kind);
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({ name: `v${protocol}/${kind}/${f}`, url: new URL(f, dir) }));
  } catch {
    return [];
  }
};

// --- A real Socket.IO server that replays a fixture to whoever connects ---------

let replaying: { received: { event: string; data: unknown }[]; answer?: Snapshot | undefined; resyncs: number } = { received: [], resyncs: 0 };
const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
io.on('connection', (socket) => {
  const fixture = replaying;
  for (const { event, data } of fixture.received) socket.emit(event, data);
  // Sent last: once the tab has seen it, it has handled everything before it.
  socket.emit('usage');
  socket.on('resync', () => {
    fixture.resyncs++;
    if (fixture.answer) socket.emit('snapshot', fixture.answer);
    socket.emit('usage');
  });
});

// The client connects to its page's origin (io() with no URL) and reloads
// through location: node has no page, so this is the page.
let reloads = 0;
const page = (port: number) => ({
  protocol: 'http:',
  host: `127.0.0.1:${port}`,
  hostname: '127.0.0.1',
  port: String(port),
  href: `http://127.0.0.1:${port}/`,
  reload: () => void reloads++,
});

test.before(async () => {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  Object.defineProperty(globalThis, 'location', { configurable: true, value: page((http.address() as AddressInfo).port) });
});
test.after(async () => {
  stopLive();
  await io.close();
});

/** Opens the tab's live connection against the fixture, waits until the tab has handled it, and reports what it shows. */
async function replay(received: { event: string; data: unknown }[], answer?: Snapshot) {
  replaying = { received, answer, resyncs: 0 };
  const reloadsBefore = reloads;
  let usages = 0;
  const off = onUsage(() => usages++);
  startLive({ sessionEnded: () => {}, refused: () => {} });
  try {
    await waitFor(() => usages >= 1, 5000, 'the tab to handle the fixture');
    if (answer) await waitFor(() => usages >= 2, 5000, 'the resync answer');
    // Long enough for a stray `resync` to reach the replaying server.
    await sleep(50);
    return {
      shown: JSON.parse(JSON.stringify(live)) as typeof live,
      status: connectionStatus(),
      resyncs: replaying.resyncs,
      reloads: reloads - reloadsBefore,
    };
  } finally {
    off();
    stopLive();
  }
}

/** The state a snapshot tells a tab to show (as the store keys it). */
const shownBy = (snapshot: Snapshot) => ({
  // Protocols 1–4: the counters came inside the tenant scope; the tab shows them apart, as from protocol 5.
  tenant: splitTenant(snapshot.tenant.state).tenant,
  figures: snapshot.figures?.state ?? splitTenant(snapshot.tenant.state).figures,
  extensions: Object.fromEntries(Object.entries(snapshot.extensions).map(([n, v]) => [n, v.state])),
  queues: Object.fromEntries(Object.entries(snapshot.queues).map(([n, v]) => [n, v.state])),
  // Protocol 3: while the tab watches its colleagues.
  presence: snapshot.presence?.state ?? null,
  peers: snapshot.peers?.state ?? {},
});

// --- Every protocol the client reads has its recording ---------------------------

test(`protocols 1 … ${LIVE_PROTOCOL} (what this client reads) each have recorded sessions`, () => {
  for (let protocol = 1; protocol <= LIVE_PROTOCOL; protocol++) {
    const files = filesOf(protocol, 'good');
    assert.ok(files.length > 0, `no tests/fixtures/wire/v${protocol}/good: record one with tests/fixtures/wire/record.ts`);
    for (const { name, url } of files) {
      const recording = readJson<WireRecording>(url);
      assert.is(recording.protocol, protocol, `${name} was recorded from a protocol-${protocol} server`);
      assert.is(recording.received[0]?.event, 'snapshot', `${name} starts with the connect snapshot`);
      assert.is((recording.received[0]!.data as Partial<Snapshot>).protocol ?? 1, protocol, `${name}'s snapshot names protocol ${protocol}`);
      assert.ok(recording.received.filter((m) => m.event === 'patch').length >= 20, `${name} holds a whole session of patches`);
    }
  }
  assert.ok(filesOf(LIVE_PROTOCOL, 'bad').length > 0, 'bad fixtures for the current protocol');
});

// --- Good: old and current nodes' sessions, through the client store -------------

for (let protocol = 1; protocol <= LIVE_PROTOCOL; protocol++) {
  for (const { name, url } of filesOf(protocol, 'good')) {
    test(`${name}: the client store follows the whole session to the state a resync confirms`, async () => {
      const recording = readJson<WireRecording>(url);
      const tab = await replay(recording.received);
      assert.is(tab.status, 'live');
      assert.is(tab.resyncs, 0, 'no gap in a recorded session');
      assert.is(tab.reloads, 0, `protocol ${protocol} is one this client reads`);
      assert.equal(tab.shown, shownBy(recording.final));

      // What the UI shows at the end of the recorded day.
      const { tenant, figures, extensions, queues } = tab.shown;
      assert.is(tenant?.credit, '125.4985', 'the London call was debited');
      assert.is(figures?.devices, 0);
      assert.is(figures?.activeCalls, 0);
      assert.is(figures?.extensions, 12);
      assert.not.ok(tenant && 'devices' in tenant, 'the counters are shown apart from the tenant, whatever the protocol');
      const ext = extensions['1001']!;
      assert.is(ext.dnd, false);
      assert.equal(ext.devices, []);
      assert.is(ext.agent?.status, 'Available');
      assert.is(ext.agent?.call, null);
      // Protocols 1 and 2 predate the voicemail count; it is optional on the wire.
      if (protocol >= 3) assert.equal(ext.voicemail, { new: 0, saved: 0 }, 'the voicemail left was deleted');
      if (recording.user.startsWith('supervisor')) {
        assert.equal(Object.keys(extensions).length, 12, 'a supervisor watches every extension');
      }
      assert.is(queues.sales?.answered, 1, 'the sales caller was answered');
      assert.is(queues.support?.abandoned, 1, 'the support caller gave up');
      assert.equal(queues.support?.members, []);
      assert.is(queues.sales?.agents.find((a) => a.name === '1001@acme.pbx.test')?.status, 'Available');
    });

    test(`${name}: mid-session, the tab shows the phone registered and DND on`, async () => {
      const recording = readJson<WireRecording>(url);
      const at = recording.received.findIndex((m) => m.event === 'patch' && m.data.scope === 'ext:1001' && (m.data.set as { dnd?: boolean }).dnd === true);
      assert.ok(at > 0, 'the session turns DND on');
      const tab = await replay(recording.received.slice(0, at + 1));
      const ext = tab.shown.extensions['1001']!;
      assert.is(ext.dnd, true);
      assert.is(ext.devices.length, 1);
      assert.is(ext.devices[0]!.userAgent, 'Yealink SIP-T46U 66.86.0.15');
      assert.is(tab.shown.figures?.devices, 1);
      assert.is(tab.shown.tenant?.credit, '125.4985');
      assert.is(tab.shown.queues.sales?.answered, 1);
    });
  }
}

for (const { name, url } of filesOf(LIVE_PROTOCOL, 'good')) {
  test(`${name}: mid-session, the tab shows the voicemail a caller left (MESSAGE_WAITING's count)`, async () => {
    const recording = readJson<WireRecording>(url);
    const at = recording.received.findIndex((m) => m.event === 'patch' && m.data.scope === 'ext:1001' && (m.data.set as { voicemail?: { new: number } }).voicemail?.new === 1);
    assert.ok(at > 0, 'a voicemail is left in the session');
    const tab = await replay(recording.received.slice(0, at + 1));
    assert.equal(tab.shown.extensions['1001']!.voicemail, { new: 1, saved: 0 });
  });
}

for (const { name, url } of filesOf(LIVE_PROTOCOL, 'good')) {
  test(`${name}: the colleagues' presence follows the day (a call, the lunch break with its reason, the phone gone); peers for the supervisor only`, async () => {
    const recording = readJson<WireRecording>(url);
    const supervisor = recording.user.startsWith('supervisor');
    const at = recording.received.findIndex((m) => m.event === 'patch' && m.data.scope === 'presence' && (m.data.set as PresenceSet)['1001']?.state === 'on-break');
    assert.ok(at > 0, 'the break shows in presence');
    const mid = await replay(recording.received.slice(0, at + 1));
    assert.is(mid.shown.presence?.['1001']?.breakReason, 'Lunch');
    assert.is(mid.shown.extensions['1001']!.agent?.reason, 'Lunch');
    assert.ok(recording.received.some((m) => m.event === 'patch' && m.data.scope === 'presence' && (m.data.set as PresenceSet)['1001']?.state === 'talking'), 'the calls show');
    assert.is(recording.received.some((m) => m.event === 'patch' && m.data.scope === 'peers'), supervisor, 'peers reach the supervisor only');
    const end = await replay(recording.received);
    assert.is(end.shown.presence?.['1001']?.state, 'offline', 'the phone unregistered at the end');
    assert.equal(end.shown.peers, {});
  });
}

// --- Bad: what the client promises for wrong input -------------------------------

for (let protocol = 1; protocol <= LIVE_PROTOCOL; protocol++) {
  for (const { name, url } of filesOf(protocol, 'bad')) {
    const fixture = readJson<BadFixture>(url);
    test(`${name}: ${fixture.expect} — ${fixture.why}`, async () => {
      const snapshot = fixture.received.find((m) => m.event === 'snapshot')!.data as Snapshot;
      const tab = await replay(fixture.received, fixture.answer);
      if (fixture.expect === 'reload') {
        assert.is(tab.reloads, 1, 'the tab reloads to get code that reads this protocol');
        assert.equal(tab.shown, { tenant: null, figures: null, extensions: {}, queues: {}, presence: null, peers: {} }, 'nothing of the unreadable protocol is shown');
        assert.is(tab.resyncs, 0);
        return;
      }
      assert.is(tab.reloads, 0);
      if (fixture.expect === 'resync') {
        assert.ok(fixture.answer, 'a resync fixture carries the answering snapshot');
        assert.is(tab.resyncs, 1, 'one resync for one gap');
        assert.equal(tab.shown, shownBy(fixture.answer!), 'the answering snapshot is shown, not the patch after the gap');
        assert.is.not(tab.shown.figures?.activeCalls, (fixture.received.at(-1)!.data as { set: { activeCalls?: number } }).set.activeCalls);
        return;
      }
      assert.is(tab.resyncs, 0, 'nothing lost, nothing to ask');
      assert.is(tab.status, 'live');
      assert.equal(tab.shown, shownBy(snapshot), 'the patch changed nothing');
    });
  }
}

// --- The current server still sends what the fixtures hold -----------------------

/**
 * The shapes a message is made of: every path in it with the JS kind of its
 * value (`patch queue:* set.members[].agent: null`). Array elements share a
 * path ([]); maps keyed by a name (a snapshot's extensions and queues,
 * agentUpdates) share one too ({}); a scope is named by its kind. Per path,
 * not per message, because the server coalesces a turn's changes to a scope
 * into one patch, and which fields meet in one depends on timing.
 */
function shapesOf(messages: WireMessage[]): Set<string> {
  const shapes = new Set<string>();
  const byName = new Set(['extensions', 'queues', 'agentUpdates']);
  const walk = (prefix: string, value: unknown) => {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    shapes.add(`${prefix}: ${kind}`);
    if (Array.isArray(value)) for (const v of value) walk(`${prefix}[]`, v);
    else if (kind === 'object') {
      const keyed = byName.has(prefix.slice(prefix.lastIndexOf('.') + 1));
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(keyed ? `${prefix}{}` : `${prefix}.${k}`, v);
    }
  };
  for (const m of messages) {
    if (m.event === 'snapshot') walk('snapshot', m.data);
    else walk(`patch ${String(m.data.scope).replace(/:.*/, ':*')}`, m.data);
  }
  return shapes;
}

test(`the current server sends the shapes of v${LIVE_PROTOCOL}/good, and every one of them`, async () => {
  const server = await startTestServer();
  try {
    const fresh = await recordSession(server);
    for (const [user, recording] of Object.entries(fresh)) {
      const golden = readJson<WireRecording>(new URL(`${user}-session.json`, fixtureDir(LIVE_PROTOCOL, 'good')));
      const now = shapesOf([...recording.received, { event: 'snapshot', data: recording.final }]);
      const then = shapesOf([...golden.received, { event: 'snapshot', data: golden.final }]);
      const unread = [...now].filter((s) => !then.has(s));
      const gone = [...then].filter((s) => !now.has(s));
      assert.equal(unread, [], `${user}: the server sends shapes no v${LIVE_PROTOCOL} tab was proven to read (a change to the wire: bump LIVE_PROTOCOL and record v${LIVE_PROTOCOL + 1})`);
      assert.equal(gone, [], `${user}: the server no longer sends shapes the fixtures hold (re-record if the session changed on purpose)`);
      assert.is(recording.protocol, LIVE_PROTOCOL);
    }
  } finally {
    await server.close();
  }
});

test.run();
