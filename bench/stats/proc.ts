// What the kernel knows about a process and a TCP link, read from /proc
// (Linux): resident memory, CPU time, and bytes queued on loopback sockets.
import { readFileSync } from 'node:fs';

/** USER_HZ: /proc reports CPU time in these ticks; 100 on every Linux we run on. */
const TICKS_PER_S = 100;

export interface ProcSample {
  atMs: number;
  rssKb: number;
  cpuS: number;
}

export function sampleProc(pid: number): ProcSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuS = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  return { atMs: performance.now(), rssKb, cpuS };
}

/** CPU used between two samples, as % of one core. */
export const cpuPercent = (a: ProcSample, b: ProcSample): number =>
  b.atMs > a.atMs ? ((b.cpuS - a.cpuS) / ((b.atMs - a.atMs) / 1000)) * 100 : 0;

/**
 * Bytes sitting in the kernel on both ends of the TCP connections to a local
 * port: sent by the listener but not yet read (tx_queue on its side,
 * rx_queue on the client's). Growing means the reader falls behind.
 */
export function queuedBytes(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let bytes = 0;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5 || cols[3] !== '01') continue; // ESTABLISHED only
    const [tx, rx] = cols[4]!.split(':').map((h) => parseInt(h, 16));
    if (cols[1]!.endsWith(`:${hexPort}`)) bytes += tx!;
    if (cols[2]!.endsWith(`:${hexPort}`)) bytes += rx!;
  }
  return bytes;
}
