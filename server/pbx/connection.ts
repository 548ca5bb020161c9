// The ESL link to FreeSWITCH: connect with modesl, subscribe, read back the
// truth, turn events into PbxEvents, and reconnect with backoff after any
// failure until close(). The only file that touches modesl (with esl-frames.ts,
// which hardens its frame parser).
import modesl, { type EslConnection, type EslEvent } from 'modesl';
import type { Socket } from 'node:net';
import { backoffDelay, DEFAULT_BACKOFF, type Backoff } from './backoff.ts';
import { provisionCallCenter, type CallCenterPlan } from './callcenter-provision.ts';
import { readCallCenter } from './callcenter-resync.ts';
import type { PbxEvent } from './events.ts';
import { guardEslFrames } from './esl-frames.ts';
import { PARSED_EVENTS, parseBackgroundJobEvent, parseEvent } from './parse.ts';
import { LATE_MARGIN_VARIABLE, lateMarginFrom, resyncEvent, SOFIA_REGISTRATIONS } from './resync.ts';
import { readMailboxCounts, type Mailbox } from './voicemail.ts';

export type PbxLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface PbxOptions {
  host: string;
  port: number;
  password: string;
  log?: (level: PbxLogLevel, msg: string) => void;
  backoff?: Backoff;
  /** Give up on a connection that has not authenticated and subscribed by then. */
  readyTimeoutMs?: number;
  /** Reject an api command FreeSWITCH has not answered by then. */
  apiTimeoutMs?: number;
  /**
   * The queues, agents and tiers mod_callcenter must hold (our database):
   * provisioned on every (re)connect, before the resync reads them back.
   */
  callcenterPlan?: () => Promise<CallCenterPlan>;
  /** The mod_voicemail boxes whose counts the resync reads back (vm_boxcount): every extension we know. */
  mailboxes?: () => Mailbox[] | Promise<Mailbox[]>;
  /** One of several FreeSWITCH servers (server/pbx/cluster.ts): every event says it came from this one. */
  server?: string;
}

export interface Pbx {
  /** Listen to every PbxEvent; returns an unsubscribe function. */
  onEvent(listener: (event: PbxEvent) => void): () => void;
  /** Run an ESL `api` command; rejects when the link is down or FreeSWITCH answers -ERR. */
  api(command: string): Promise<string>;
  /**
   * Start an ESL `bgapi` job; resolves once FreeSWITCH accepted it, with its
   * Job-UUID. The outcome arrives as events about the channel the job
   * creates (every node sees them), so nothing waits on this socket for it.
   */
  bgapi(command: string): Promise<string>;
  /**
   * Provision mod_callcenter from our database again and read FreeSWITCH's
   * truth back (a resync event), as on a reconnect: after an administrative
   * change. Calls while one runs are folded into one more run after it.
   * Resolves once done; does nothing while the link is down (the reconnect will).
   */
  reprovision(): Promise<void>;
  readonly connected: boolean;
  close(): Promise<void>;
}

export class PbxDownError extends Error {
  constructor() {
    super('The PBX link is down');
  }
}

/** FreeSWITCH answered `-ERR …`. */
export class PbxCommandError extends Error {}

/**
 * Exactly what parse.ts understands (its PARSED_EVENTS). Every word after
 * CUSTOM is a subclass to FreeSWITCH (mod_event_socket's `event`).
 * BACKGROUND_JOB: an originate that fails before a channel exists (a missing gateway) says so nowhere else.
 */
export const SUBSCRIPTION = ['event json', ...PARSED_EVENTS.names, 'CUSTOM', ...PARSED_EVENTS.subclasses].join(' ');

/** How long after a read-back without mod_voicemail the link reads everything back once more. */
const VOICEMAIL_RETRY_MS = 5_000;

guardEslFrames();

const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

interface Attempt {
  conn: EslConnection;
  socket: Socket;
  pending: Set<(err: Error) => void>;
  /** Events held back while the resync is read, replayed after it. */
  held: PbxEvent[] | undefined;
  up: boolean;
  authFailed: boolean;
  error: Error | undefined;
  readyTimer: NodeJS.Timeout | undefined;
  /** The provisioning and read-backs of this link, one after another (they share `held`). */
  chain: Promise<void>;
  /** A read-back waiting for the one running: later requests join it. */
  queued: Promise<void> | undefined;
  /** mod_voicemail was not there at the first read-back (FreeSWITCH still loading its modules): asked once more. */
  voicemailRetried: boolean;
}

export function connectPbx(options: PbxOptions): Pbx {
  const { host, port, password } = options;
  const log = options.log ?? (() => {});
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  const apiTimeoutMs = options.apiTimeoutMs ?? 15_000;
  const where = `${host}:${port}`;
  const listeners = new Set<(event: PbxEvent) => void>();
  let current: Attempt | undefined;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;
  let up = false;

  const emit = (untagged: PbxEvent) => {
    const event = options.server === undefined ? untagged : { ...untagged, server: options.server };
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log('error', `a PBX event listener threw on ${event.kind}: ${(err as Error).stack ?? err}`);
      }
    }
  };

  const setLink = (next: boolean) => {
    if (up === next) return;
    up = next;
    emit({ kind: 'link', at: nowMicros(), up: next });
  };

  function runApi(a: Attempt, command: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(timer);
        a.pending.delete(fail);
        reject(err);
      };
      const timer = setTimeout(() => fail(new Error(`api ${command}: no answer within ${apiTimeoutMs} ms`)), apiTimeoutMs);
      a.pending.add(fail);
      a.conn.api(command, (response: EslEvent) => {
        if (!a.pending.has(fail)) return;
        clearTimeout(timer);
        a.pending.delete(fail);
        const body = response.getBody() ?? '';
        if (body.startsWith('-ERR')) reject(new PbxCommandError(body.trim()));
        else resolve(body);
      });
    });
  }

  function sendRecv(a: Attempt, command: string): Promise<string> {
    return new Promise((resolve) => a.conn.sendRecv(command, (reply: EslEvent) => resolve(reply.getHeader('Reply-Text') ?? '')));
  }

  async function onReady(a: Attempt): Promise<void> {
    // modesl subscribes to BACKGROUND_JOB and CHANNEL_EXECUTE_COMPLETE on its
    // own after auth; we want only what SUBSCRIPTION names.
    await sendRecv(a, 'noevents');
    const reply = await sendRecv(a, SUBSCRIPTION);
    if (a !== current) return;
    if (!reply.startsWith('+OK')) throw new Error(`FreeSWITCH refused the event subscription: ${reply}`);
    clearTimeout(a.readyTimer);
    a.up = true;
    failures = 0;
    log('info', `ESL link to ${where} up`);
    setLink(true);
    a.chain = provisionAndRead(a);
    await a.chain;
  }

  /** mod_callcenter provisioned, then the truth read back while events wait, then the events replayed. */
  async function provisionAndRead(a: Attempt): Promise<void> {
    a.held = [];
    await provision(a);
    if (a !== current) return;
    // Stamped when the reading starts: what changed after that may be missing from it (a break saved meanwhile).
    const readAt = nowMicros();
    const [registrations, channels, callcenter, lateMargin, sofia, voicemail] = await Promise.all([
      runApi(a, 'show registrations as json'),
      runApi(a, 'show channels as json'),
      readCallCenter((command) => runApi(a, command)),
      // show registrations' expiry includes it; a PBX without the variable has sofia's default.
      runApi(a, `global_getvar ${LATE_MARGIN_VARIABLE}`).catch(() => ''),
      runApi(a, SOFIA_REGISTRATIONS).catch(() => ''),
      readVoicemail(a),
    ]);
    if (a !== current) return;
    const resync = { ...resyncEvent(readAt, registrations, channels, lateMarginFrom(lateMargin), sofia), callcenter, voicemail };
    const held = a.held;
    a.held = undefined;
    emit(resync);
    // Anything that happened while we read is at least as new as the resync.
    for (const event of held) emit(event);
  }

  /** Every box's count, a few at a time; undefined (counts left alone) without mod_voicemail or boxes to ask for. */
  async function readVoicemail(a: Attempt) {
    if (!options.mailboxes) return undefined;
    const boxes = await options.mailboxes();
    const counts = await readMailboxCounts((command) => runApi(a, command), boxes);
    if (!counts) {
      log('debug', 'FreeSWITCH has no mod_voicemail (or no "default" profile): voicemail counts not read');
      // The event socket is up before FreeSWITCH has loaded its later modules: ask once more, a little later.
      if (!a.voicemailRetried) {
        a.voicemailRetried = true;
        setTimeout(() => void reprovision(), VOICEMAIL_RETRY_MS).unref();
      }
    }
    return counts;
  }

  /** mod_callcenter made to match our database; a failure is logged, the link stays up. */
  async function provision(a: Attempt): Promise<void> {
    if (!options.callcenterPlan) return;
    try {
      const plan = await options.callcenterPlan();
      if (a !== current) return;
      const { applied, failed } = await provisionCallCenter((command) => runApi(a, command), plan);
      if (applied.length) log('info', `mod_callcenter provisioned: ${applied.length} change(s): ${applied.join('; ')}`);
      for (const f of failed) log('warn', `mod_callcenter refused ${f.command}: ${f.error}`);
    } catch (err) {
      const message = (err as Error).message;
      if (/command not found/i.test(message)) log('debug', 'FreeSWITCH has no mod_callcenter: no queues provisioned');
      else log('warn', `mod_callcenter not provisioned: ${message}`);
    }
  }

  function onEslEvent(a: Attempt, event: EslEvent): void {
    if (!event.type || a !== current) return;
    const header = (name: string) => event.getHeader(name);
    let parsed: PbxEvent | undefined;
    try {
      parsed = parseEvent(header) ?? parseBackgroundJobEvent(header, event.getBody() ?? '');
    } catch (err) {
      // One event we cannot read is dropped; the link and every other event go on.
      log('warn', `ESL ${event.type} event not understood: ${(err as Error).message}`);
      return;
    }
    if (!parsed) return;
    if (a.held) a.held.push(parsed);
    else emit(parsed);
  }

  function connect(): void {
    retryTimer = undefined;
    if (closed) return;
    log('debug', `connecting to FreeSWITCH ESL at ${where}`);
    const conn = new modesl.Connection(host, port, password);
    const socket = conn.socket!;
    const a: Attempt = {
      conn,
      socket,
      pending: new Set(),
      held: undefined,
      up: false,
      authFailed: false,
      error: undefined,
      readyTimer: undefined,
      chain: Promise.resolve(),
      queued: undefined,
      voicemailRetried: false,
    };
    current = a;
    socket.setKeepAlive(true, 15_000);
    // modesl writes a command in pieces; Nagle would hold each tail for a delayed ACK.
    socket.setNoDelay(true);
    // modesl re-emits socket and parser errors; without a listener they would throw.
    conn.on('error', (err: Error) => {
      a.error ??= err;
    });
    conn.on('esl::event::auth::fail', () => {
      a.authFailed = true;
      log('error', `FreeSWITCH at ${where} rejected the ESL password: check ESL_PASSWORD`);
    });
    conn.on('esl::ready', () => {
      onReady(a).catch((err: Error) => {
        if (a !== current) return;
        log('error', `ESL link to ${where}: ${err.message}; reconnecting`);
        socket.destroy();
      });
    });
    conn.on('esl::event::**', (event: EslEvent) => onEslEvent(a, event));
    a.readyTimer = setTimeout(() => {
      a.error ??= new Error(`not ready after ${readyTimeoutMs} ms`);
      socket.destroy();
    }, readyTimeoutMs);
    socket.once('close', () => onClose(a));
  }

  function onClose(a: Attempt): void {
    clearTimeout(a.readyTimer);
    for (const fail of [...a.pending]) fail(new PbxDownError());
    if (a !== current) return;
    current = undefined;
    setLink(false);
    if (closed) return;
    const delay = backoffDelay(failures++, backoff);
    const retry = `retrying in ${(delay / 1000).toFixed(1)} s`;
    if (a.up) log('warn', `ESL link to ${where} lost${a.error ? ` (${describe(a.error)})` : ''}; ${retry}`);
    else if (a.authFailed) log('warn', `ESL authentication at ${where} failed; ${retry}`);
    else log('warn', `cannot reach FreeSWITCH ESL at ${where}${a.error ? ` (${describe(a.error)})` : ''}; ${retry}`);
    retryTimer = setTimeout(connect, delay);
  }

  // One provisioning at a time per link; requests while one runs share the next.
  const reprovision = async (): Promise<void> => {
    const a = current;
    if (!a?.up || closed) return;
    if (!a.queued) {
      const run = a.chain
        .catch(() => undefined)
        .then(() => {
          a.queued = undefined;
          if (a === current) return provisionAndRead(a);
        });
      a.queued = run;
      a.chain = run;
    }
    try {
      await a.queued;
    } catch (err) {
      log('warn', `re-reading FreeSWITCH after a change failed: ${(err as Error).message}`);
      // Events held while it read are still news.
      const held = a.held ?? [];
      a.held = undefined;
      for (const event of held) emit(event);
    }
  };

  connect();

  return {
    reprovision,
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    api(command) {
      // A line break would smuggle a second ESL command onto the socket.
      if (/[\r\n]/.test(command)) return Promise.reject(new Error('An ESL command must be a single line'));
      if (!current?.up || closed) return Promise.reject(new PbxDownError());
      return runApi(current, command);
    },
    bgapi(command) {
      if (/[\r\n]/.test(command)) return Promise.reject(new Error('An ESL command must be a single line'));
      if (!current?.up || closed) return Promise.reject(new PbxDownError());
      const a = current;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bgapi ${command}: no answer within ${apiTimeoutMs} ms`)), apiTimeoutMs);
        void sendRecv(a, `bgapi ${command}`).then((reply) => {
          clearTimeout(timer);
          if (reply.startsWith('+OK')) resolve(reply.replace(/^\+OK Job-UUID:\s*/, '').trim());
          else reject(new PbxCommandError(reply.trim()));
        });
      });
    },
    get connected() {
      return up;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      const a = current;
      if (!a) return;
      const gone = new Promise<void>((resolve) => {
        if (a.socket.destroyed) resolve();
        else a.socket.once('close', () => resolve());
      });
      // modesl's disconnect() forgets its socket at once; one still connecting
      // would then connect and crash modesl (its parser reads conn.socket).
      if (a.socket.connecting) a.socket.destroy();
      else a.conn.disconnect();
      const force = setTimeout(() => a.socket.destroy(), 1000);
      await gone;
      clearTimeout(force);
    },
  };
}

const describe = (err: Error) => (err as NodeJS.ErrnoException).code ?? err.message;
