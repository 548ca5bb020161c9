// Size limits and floods: every /api body has a ceiling (server/http/body-limits.ts),
// every socket message too (maxHttpBufferSize), and each socket has an
// allowance per event (server/socket/flood.ts). Past any of them: a 4xx or a
// refusal, nothing done, and the server goes on answering everyone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Refusal } from '../../../common/socket.ts';
import { API_BODY_LIMIT } from '../../../server/http/body-limits.ts';
import { MAX_MESSAGE_BYTES } from '../../../server/socket/index.ts';
import { follow, type LiveSocket } from '../../helpers/live-client.ts';
import { serverSuite } from '../../helpers/server-suite.ts';
import { waitFor } from '../../helpers/wait.ts';

const suite = serverSuite(test);
type Raw = { emit(event: string, ...args: unknown[]): unknown };
const raw = (socket: LiveSocket) => socket as unknown as Raw;

async function connected(email: string) {
  const cookie = await suite.server.signIn(email);
  const socket = suite.server.connect(cookie);
  const view = follow(socket);
  const refused: Refusal[] = [];
  socket.on('refused', (r) => refused.push(r));
  await waitFor(() => view.snapshots === 1, 5000, 'the first snapshot');
  return { cookie, socket, view, refused };
}

const stillAnswers = async () => {
  const res = await fetch(`${suite.server.url}/api/me`, { headers: { cookie: await suite.server.signIn('agent6@acme.test') } });
  assert.is(res.status, 200, 'the server still answers');
};

test('a JSON body over the limit is 413, announced or streamed, and nothing changes', async () => {
  const cookie = await suite.server.signIn('agent@acme.test');
  const oversized = JSON.stringify({ dnd: true, padding: 'x'.repeat(API_BODY_LIMIT + 1) });
  const announced = await fetch(`${suite.server.url}/api/account/extensions/1001/dnd`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie },
    body: oversized,
  });
  assert.is(announced.status, 413);
  assert.match(((await announced.json()) as { error: string }).error, /larger than 1 MB/);

  // Without a Content-Length (chunked): counted as it streams in.
  const chunks = new ReadableStream<Uint8Array>({
    start(controller) {
      const piece = new TextEncoder().encode('x'.repeat(64 * 1024));
      controller.enqueue(new TextEncoder().encode('{"dnd":true,"padding":"'));
      for (let sent = 0; sent <= API_BODY_LIMIT; sent += piece.length) controller.enqueue(piece);
      controller.enqueue(new TextEncoder().encode('"}'));
      controller.close();
    },
  });
  const streamed = await fetch(`${suite.server.url}/api/account/extensions/1001/dnd`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie },
    body: chunks,
    duplex: 'half',
  } as RequestInit);
  assert.is(streamed.status, 413);

  const account = (await (await fetch(`${suite.server.url}/api/account`, { headers: { cookie } })).json()) as { extensions: { number: string; dnd: boolean }[] };
  assert.is(account.extensions.find((e) => e.number === '1001')?.dnd, false);
  // A malformed body is a 400, not a crash.
  const malformed = await fetch(`${suite.server.url}/api/account/extensions/1001/dnd`, { method: "PUT", headers: { "content-type": "application/json", cookie }, body: "{\"dnd\": tru" });
  assert.is(malformed.status, 400);
  await stillAnswers();
});

test('a socket message over the limit closes that connection; nothing is done and the server goes on', async () => {
  const { socket } = await connected('agent3@acme.test');
  const agentCommands = () => suite.server.simulator.commands.filter((c) => c.startsWith('callcenter_config')).length;
  const before = agentCommands();
  // A break reason far past any schema's length, and past the message limit: the connection ends, no ack comes.
  const outcome = await new Promise<string>((resolve) => {
    socket.on('disconnect', (reason) => resolve(`disconnected: ${reason}`));
    raw(socket).emit('agent-break', 'x'.repeat(MAX_MESSAGE_BYTES * 4), (result: unknown) => resolve(`handled: ${JSON.stringify(result).slice(0, 80)}`));
  });
  assert.match(outcome, /^disconnected: transport (close|error)/);
  assert.is(agentCommands(), before, 'nothing reached the PBX');
  await stillAnswers();
});

test('a flood of 200 resyncs gets refusals (rate-limited), few snapshots, and the server stays responsive', async () => {
  const { socket, view, refused } = await connected('supervisor@acme.test');
  try {
    for (let i = 0; i < 200; i++) socket.emit('resync');
    await waitFor(() => refused.length >= 190, 10_000, 'the refusals');
    assert.ok(refused.every((r) => r.code === 'rate-limited' && r.event === 'resync'), JSON.stringify(refused[0]));
    assert.match(refused[0]!.error, /Too many resync requests/);
    assert.ok(view.snapshots <= 1 + 6, `${view.snapshots} snapshots for 200 requests`);
    assert.ok(socket.connected, 'the socket stays open');
    await stillAnswers();
  } finally {
    socket.close();
  }
});

test('a flood of agent-status commands: those past the allowance are refused in their ack and never reach the PBX', async () => {
  const { socket } = await connected('agent4@acme.test');
  try {
    const before = suite.server.simulator.commands.filter((c) => c.includes('agent set status 1004')).length;
    const results = await Promise.all(
      Array.from({ length: 100 }, () => new Promise<unknown>((resolve) => socket.emit('agent-status', 'Available', resolve))),
    );
    const limited = results.filter((r) => (r as Refusal).code === 'rate-limited');
    assert.ok(limited.length >= 85, `${limited.length} of 100 refused`);
    assert.equal(limited[0], {
      ok: false,
      code: 'rate-limited',
      event: 'agent-status',
      error: 'Too many agent-status requests at once. Wait a moment and try again.',
      path: [],
    });
    const sent = suite.server.simulator.commands.filter((c) => c.includes('agent set status 1004')).length - before;
    assert.is(sent, 100 - limited.length, 'only the allowed ones went to FreeSWITCH');
  } finally {
    socket.close();
  }
});

test.run();
