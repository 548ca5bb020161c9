// A load process: up to a few thousand socket.io-client sockets, each an
// agent's browser tab, recording arrival − emission for every message that
// carries the causing event's FreeSWITCH timestamp. It only measures; it
// never resyncs, so a slow client shows up as latency, not as extra load.
//
// Tabs show pages as people use them: one in WALLBOARD_EVERY is a
// supervisor's wallboard, which watches the tenant's counters ('figures-watch',
// as the Dashboard does) and the queues (as the wallboard does, said at the
// handshake); the others are agents on their desk, who get their own
// extension and the header only.
import { io, type Socket } from 'socket.io-client';
import type { Patch } from '../../common/live.ts';
import { QUEUES_ON_WATCH } from '../../common/socket.ts';
import { newHistogram, record, toData } from '../stats/histogram.ts';
import { newLedger, patchInto, snapshotInto, type SeqLedger } from '../stats/seq-ledger.ts';
import { serve } from './serve.ts';

/** One tab in this many is a wallboard: the first this process opens, the 21st, … (the same tabs every run). */
export const WALLBOARD_EVERY = 20;

/** Handshakes in flight at once per load process. */
const CONNECT_CONCURRENCY = 50;
const CONNECT_TIMEOUT_MS = 20_000;

export interface Tab {
  cookie: string;
  domain: string;
}

const sockets: Socket[] = [];
let histogram = newHistogram();
let messages = 0;
/** Events stamped before the current run began belong to an earlier one: counted, not recorded. */
let since = 0;
let stale = 0;
/** The newest event time (µs) delivered in this run: how far behind the screens are. */
let newestAt = 0;
/** Sockets the server (or a ping timeout) closed, not us: a cell that loses some no longer measures N. */
let dropped = 0;
/** Characters of every Socket.IO message received (patches and everything else), as they came off the WebSocket. */
let bytes = 0;
const countBytes = (data: unknown) => {
  bytes += typeof data === 'string' ? data.length : data instanceof ArrayBuffer ? data.byteLength : 0;
};

/** The same clock the simulator stamps Event-Date-Timestamp with, in µs. */
const nowUs = () => (performance.timeOrigin + performance.now()) * 1000;

function arrived(eventAt: number) {
  messages++;
  if (eventAt < since) stale++;
  else {
    record(histogram, nowUs() - eventAt);
    if (eventAt > newestAt) newestAt = eventAt;
  }
}

const onPatch = (patch: Patch) => patch.eventAt !== undefined && arrived(patch.eventAt);

/** While the two-node cell counts: each socket's patches judged by seq, keyed by the agent's cookie (bench/nodes.ts). */
let ledgers: Map<string, SeqLedger> | undefined;

/** What the floor sends: the event's name and FreeSWITCH timestamp (µs). */
export interface FloorMessage {
  name: string;
  at: number;
}

const onFloorEvent = (m: FloorMessage) => arrived(m.at);

/**
 * Agent i lives in load process i mod L and is opened in the order of i, so
 * a socket's place in `sockets` picks the same agents every run (keep() closes
 * from the end).
 */
function open(url: string, floor: boolean, tab: Tab): Promise<boolean> {
  // The floor knows no pages: every socket of a tenant gets every event.
  const wallboard = !floor && sockets.length % WALLBOARD_EVERY === 0;
  const socket = io(url, {
    transports: ['websocket'],
    extraHeaders: { cookie: tab.cookie },
    // The browser's handshake (the floor reads only the domain).
    auth: { domain: tab.domain, ...QUEUES_ON_WATCH, watchingQueues: wallboard },
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_TIMEOUT_MS,
  });
  sockets.push(socket);
  socket.io.on('open', () => socket.io.engine.on('data', countBytes));
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') dropped++;
  });
  if (floor) socket.on('event', onFloorEvent);
  else socket.on('patch', onPatch);
  const ledger = ledgers && !floor ? newLedger() : undefined;
  if (ledger) {
    ledgers!.set(tab.cookie, ledger);
    socket.on('snapshot', (snapshot) => snapshotInto(ledger, snapshot));
    socket.on('patch', (patch: Patch) => patchInto(ledger, patch));
  }
  return new Promise((resolve) => {
    socket.once('connect', () => {
      if (wallboard) socket.emit('figures-watch', true);
      resolve(true);
    });
    socket.once('connect_error', () => resolve(false));
  });
}

const handlers = {
  async connect({ url, floor, tabs }: { url: string; floor: boolean; tabs: Tab[] }) {
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < tabs.length) if (!(await open(url, floor, tabs[next++]!))) failed++;
    };
    await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
    return { connected: tabs.length - failed, failed };
  },
  /** Keeps the first `count` sockets, closing the rest. */
  keep(count: number) {
    for (const s of sockets.splice(count)) s.close();
  },
  /** Messages received so far, to tell when delivery has drained. */
  messages: () => messages,
  /** A run starts now: anything stamped earlier is an earlier run's, counted as stale and not recorded. */
  begin() {
    histogram = newHistogram();
    messages = stale = dropped = bytes = 0;
    since = newestAt = nowUs();
  },
  /**
   * What arrived since the last take, and start a new window of the same run
   * (an event of this run that arrives in a later window is still recorded,
   * with its whole latency). `newestAt`: the newest event time delivered so far in the run.
   */
  take() {
    const taken = { histogram: toData(histogram), messages, stale, newestAt, dropped, bytes };
    histogram = newHistogram();
    messages = stale = dropped = bytes = 0;
    return taken;
  },
  /** Sockets opened from now on keep a seq ledger each (true), or none (false: the ledgers are dropped). */
  countSeqs(on: boolean) {
    ledgers = on ? new Map() : undefined;
  },
  /** Each counted socket's tally, by cookie. */
  seqTallies: () => Object.fromEntries([...(ledgers ?? [])].map(([cookie, l]) => [cookie, l.tally])),
  /** Sockets open right now. */
  open: () => sockets.length,
};

export type LoadApi = typeof handlers;
serve(handlers);
