// The shape of bench/results/latest.json (other tools read it: keep the
// documented fields), and where it and the chart are written.
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ClientWeight } from '../client-weight.ts';
import type { IngestResult } from '../ingest.ts';
import type { RealPbxResult } from '../real/phase.ts';
import type { NodesResult } from '../nodes.ts';

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export interface Cell {
  p50_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
  achieved_rate: number;
  messages_per_s: number;
  /** KB (1,000 characters) per second of Socket.IO messages the agents received, all kinds. */
  kb_per_s?: number;
  cpu_pct: { server: number; pbx: number; loads: number };
  /** False: messages still arrived when the drain time ran out, so the latencies are lower bounds. */
  drained: boolean;
  /** Stopped early: the screens fell 3 s behind (p99, or nothing fresh delivered); the figures are what was delivered until then. */
  overloaded: boolean;
  /** 'ok'; 'lower-bound' (still arriving at the cut); 'overloaded' (stopped early). */
  status: 'ok' | 'lower-bound' | 'overloaded';
  overload_reason?: string;
  /** Messages delivered to the agents in the cell, late ones included. */
  messages: number;
  /** Events the driver fired. */
  fired: number;
  /** Largest lag (now − newest event delivered) seen while events were fired, ms. */
  max_lag_ms: number;
  /** After an overloaded or undrained cell every socket is closed and reconnected, so the next cell starts clean; seconds it took. */
  recovered_s?: number;
}

export interface FanoutRow {
  n: number;
  rate: number;
  p50_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
  /** null when the floor's cell was not run (a partial run). */
  floor_p99_ms: number | null;
  /** Our p99 ÷ the floor's; null without a floor cell. */
  ratio_p99: number | null;
  product: Cell;
  floor: Cell | null;
}

export interface Results {
  machine: string;
  date: string;
  plan: string;
  duration_s: number;
  /** True when the run hit its deadline or skipped phases for lack of time: what is here was measured, the rest is missing. */
  partial: boolean;
  /** 1-minute load average at the start and the end: other work on the machine shows here. */
  load_average: { start: number; end: number };
  fanout: FanoutRow[];
  ingest_events_per_s: number;
  ingest: IngestResult | null;
  /** (RSS with N sockets − RSS with none) ÷ N, both read after a full GC. */
  rss_per_socket_kb: number;
  /** The same for the V8 heap in use. */
  heap_per_socket_kb: number;
  rss: { n: number; at_0_kb: number; at_n_kb: number; heap_at_0_kb: number; heap_at_n_kb: number };
  /** softphone: the lazy `softphone-*.js` chunk (client/src/softphone/softphone.tsx, JsSIP inside) and what only it pulls in. */
  client_gzip_kb: { before_sign_in: number; softphone: number | null };
  client_files: ClientWeight['files'];
  /** sipp through a real FreeSWITCH into Switchboard (bench/real/); null when FreeSWITCH is not installed, the plan has no such cell or no time was left. */
  real_pbx: RealPbxResult | null;
  /** The same cell on one node and on two behind one address (bench/nodes.ts); null when not run. */
  two_nodes: NodesResult | null;
  notes: string[];
}

export const machine = () => `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;

export const loadAverage = () => Math.round(loadavg()[0]! * 100) / 100;
