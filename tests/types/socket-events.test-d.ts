// Type-level tests of the Socket.IO event maps in common/socket.ts, as both
// ends see them: the browser's Socket<ServerToClientEvents,
// ClientToServerEvents> and the server's LiveServer (model: Socket.IO's
// socket.io.test-d.ts). Compiled by tests/unit/typecheck.test.ts, never run.
import type { Socket } from 'socket.io-client';
import type { AdminArea } from '../../common/admin.ts';
import type { Patch, Snapshot } from '../../common/live.ts';
import type {
  AgentStatusResult,
  ClientToServerEvents,
  Refusal,
  SuperviseRequest,
  SuperviseResult,
  ServerToClientEvents,
  SessionEnd,
  SessionEndCode,
} from '../../common/socket.ts';
import { readSessionEnd, sessionEnd } from '../../common/socket.ts';
import type { LiveServer } from '../../server/socket/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>) => proof;

declare const browser: Socket<ServerToClientEvents, ClientToServerEvents>;
declare const server: LiveServer;
declare const snapshot: Snapshot;
declare const patch: Patch;

// --- What the browser listens to -----------------------------------------------

same<Parameters<ServerToClientEvents['snapshot']>, [snapshot: Snapshot]>(true);
same<Parameters<ServerToClientEvents['patch']>, [patch: Patch]>(true);
same<Parameters<ServerToClientEvents['usage']>, []>(true);
same<Parameters<ServerToClientEvents['session-ended']>, [reason: SessionEnd]>(true);
same<Parameters<ServerToClientEvents['refused']>, [refusal: Refusal]>(true);
// The server's events, exactly (a new one must be added here on purpose).
same<keyof ServerToClientEvents, 'snapshot' | 'patch' | 'fax' | 'cdr' | 'usage' | 'account-changed' | 'admin-changed' | 'session-ended' | 'refused'>(true);
same<Parameters<ServerToClientEvents['account-changed']>, []>(true);
same<Parameters<ServerToClientEvents['admin-changed']>, [areas: AdminArea[]]>(true);
same<keyof ClientToServerEvents, 'resync' | 'agent-status' | 'agent-break' | 'set-agent-status' | 'agent-ready' | 'presence-watch' | 'figures-watch' | 'queues-watch' | 'supervise' | 'supervise-leave'>(true);
same<Parameters<ClientToServerEvents['supervise']>, [request: SuperviseRequest, ack: (result: SuperviseResult) => void]>(true);
same<Parameters<ClientToServerEvents['presence-watch']>, [watch: boolean]>(true);
same<Parameters<ClientToServerEvents['figures-watch']>, [watch: boolean]>(true);
same<Parameters<ClientToServerEvents['queues-watch']>, [watch: boolean]>(true);

browser.on('snapshot', (s) => s.protocol.toFixed());
browser.on('patch', (p) => p.seq.toFixed());
browser.on('session-ended', (reason) => {
  const code: SessionEndCode = reason.code;
  return code;
});
// An event the server never sends cannot be listened to.
// @ts-expect-error
browser.on('snapshoot', () => {});
// A snapshot is not a patch.
// @ts-expect-error
browser.on('snapshot', (s: Patch) => s);
// The session's end is a code and a message, not a bare sentence any more.
// @ts-expect-error
browser.on('session-ended', (reason: string) => reason);

// --- What the browser sends ----------------------------------------------------

browser.emit('resync');
browser.emit('agent-status', 'Available', (result) => (result.ok ? 'ok' : result.error));
browser.emit('set-agent-status', { extension: '1001', status: 'On Break', reason: 'Lunch' }, (result) => (result.ok ? 'ok' : result.error));
// A supervisor names the agent by extension only: no tenant, no domain.
// @ts-expect-error
browser.emit('set-agent-status', { extension: '1001', status: 'On Break', tenantId: 'x' }, () => {});
browser.emit('agent-status', 'On Break', (result: AgentStatusResult) => result);
// resync takes no argument.
// @ts-expect-error
browser.emit('resync', 'now');
// A status mod_callcenter does not spell is not sent.
// @ts-expect-error
browser.emit('agent-status', 'Out to lunch', () => {});
// agent-status needs its ack.
// @ts-expect-error
browser.emit('agent-status', 'Available');
// An event the server does not handle cannot be sent.
// @ts-expect-error
browser.emit('set-dnd', true);

// --- The server's side ---------------------------------------------------------

server.to('tenant:t1').emit('patch', patch);
server.to('user:u1').emit('snapshot', snapshot);
server.to('user:u1').emit('session-ended', sessionEnd('password-reset'));
server.on('connection', (socket) => {
  socket.on('resync', () => {});
  socket.on('agent-status', (status, ack) => ack(status === 'Available' ? { ok: true } : { ok: false, error: 'no' }));
  // The server cannot listen for an event the client never sends.
  // @ts-expect-error
  socket.on('patch', () => {});
});
// A patch's money is a decimal string.
// @ts-expect-error
server.to('tenant:t1').emit('patch', { scope: 'tenant', seq: 1, set: { credit: 12.5 } });
// A scope without a known prefix is not sent.
// @ts-expect-error
server.to('tenant:t1').emit('patch', { scope: 'extension:1001', seq: 1, set: {} });
// session-ended carries a SessionEnd, not a sentence.
// @ts-expect-error
server.to('user:u1').emit('session-ended', 'Your session has expired.');
// A code outside the list is not a reason.
// @ts-expect-error
sessionEnd('kicked');

// --- Results and reasons --------------------------------------------------------

const accepted: AgentStatusResult = { ok: true };
const refusedByPbx: AgentStatusResult = { ok: false, error: 'The PBX does not know you as a queue agent.' };
const refusedByDecoder: AgentStatusResult = { ok: false, code: 'invalid-value', event: 'agent-status', error: 'Choose one.', path: [0] };
// A failure always says why.
// @ts-expect-error
const silentFailure: AgentStatusResult = { ok: false };
// A refusal's code is one of REFUSAL_CODES.
// @ts-expect-error
const unknownRefusal: Refusal = { ok: false, code: 'bad', event: 'x', error: 'x', path: [] };
// What comes off the wire is checked, so the reader's result may be null.
// @ts-expect-error
const unchecked: SessionEnd = readSessionEnd({ code: 'expired' });
const checked: SessionEnd | null = readSessionEnd({ code: 'expired' });

