// The ESL boundary fuzzed: a whole Switchboard linked to the PBX simulator
// receives, on its event socket, frames recorded from real FreeSWITCH 1.10.12
// (tests/fixtures/freeswitch/pbx.json) mutated at random, and hand-made
// hostile ones (bad Content-Length, broken `%` escapes, huge headers,
// truncated and odd JSON, floods of empty frames). After each input the
// simulator fires a real sofia::register: either Switchboard reads it (the
// link was kept), or the link was dropped by the frame guard and came back
// with a resync, or the frame's Content-Length is still waiting for bytes
// (ESL framing: then the simulator drops the connection, as a restarting
// FreeSWITCH would). A crash is any exception that escapes; a listener error
// is a PbxEvent our own reducers could not take.
import { readFileSync } from 'node:fs';
import type { PbxEvent } from '../server/pbx/events.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { waitFor } from '../tests/helpers/wait.ts';
import { mutate } from './mutate.ts';
import { random, type Random } from './random.ts';

export interface EslFuzzResult {
  inputs: number;
  /** Of which hand-made hostile frames. */
  hostile: number;
  /** The sentinel read right after the input: the link was kept. */
  kept: number;
  /** The frame guard ended the link; it came back and read FreeSWITCH's truth. */
  reset: number;
  /** The input promised more bytes than it sent; the connection was dropped to go on. */
  waiting: number;
  crashes: number;
  listenerErrors: number;
  ms: number;
  maxRssMb: number;
  /** What went wrong, first few. */
  findings: string[];
}

const DOMAIN = 'acme.pbx.test';
const FIXTURE = new URL('../tests/fixtures/freeswitch/pbx.json', import.meta.url);

interface RecordedFrame {
  headers: [string, string][];
  body?: string;
  event?: unknown;
}

/** Every event frame of the recording, as bytes on the wire (Content-Length recomputed). */
export function seedFrames(): Buffer[] {
  const steps = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { steps: Record<string, RecordedFrame[]> }).steps;
  return Object.values(steps)
    .flat()
    .filter((f) => f.event !== undefined || f.headers.some(([k, v]) => k === 'Content-Type' && v === 'text/event-plain'))
    .map((f) => frame(f.headers.filter(([k]) => k !== 'Content-Length'), f.event !== undefined ? JSON.stringify(f.event) : f.body!));
}

function frame(headers: [string, string][], body: string | Buffer): Buffer {
  const bytes = Buffer.from(body);
  const head = [['Content-Length', String(bytes.length)], ...headers].map(([k, v]) => `${k}: ${v}\n`).join('');
  return Buffer.concat([Buffer.from(`${head}\n`), bytes]);
}

const json = (body: string) => frame([['Content-Type', 'text/event-json']], body);
const plain = (body: string) => frame([['Content-Type', 'text/event-plain']], body);

/** The inputs a careful attacker (or a broken peer) would try first. */
function hostileFrames(seeds: Buffer[], r: Random): Buffer[] {
  const event = (seed: Buffer) => seed.subarray(seed.indexOf('\n\n') + 2).toString();
  const some = () => event(r.pick(seeds));
  return [
    Buffer.from('Content-Length: -5\nContent-Type: text/event-json\n\n{}'),
    Buffer.from('Content-Length: abc\nContent-Type: text/event-json\n\n{}'),
    Buffer.from('Content-Length: 1.5e3\nContent-Type: text/event-json\n\n{}'),
    Buffer.from('Content-Length: 99999999999\nContent-Type: text/event-json\n\n{}'),
    Buffer.from('Content-Length: 2\nContent-Type: text/event-json\n\n{"Event-Name":"CUSTOM"}'),
    Buffer.from('Content-Length: 100000\nContent-Type: text/event-json\n\n{'),
    Buffer.from('Content-Type: text/event-plain\nEvent-Name: %\n\n'),
    Buffer.from('Content-Type: text/event-plain\nEvent-Name: %E0%A4%A\nUnique-ID: %ZZ\n\n'),
    plain('Event-Name: CHANNEL_CREATE\nUnique-ID: %%%\nCaller-Caller-ID-Number: %C0%AF\n\n'),
    plain('Event-Name: CUSTOM\nEvent-Subclass: sofia%3A%3Aregister\nfrom-user: 1001\nfrom-host: %\ncall-id: x\nexpires: 1e400\n\n'),
    Buffer.from(`X-Huge: ${'A'.repeat(100_000)}`),
    Buffer.from(`${'X-Many: y\n'.repeat(8_000)}\n`),
    Buffer.from('\n\n'.repeat(50_000)),
    json(some().slice(0, 200)),
    json('null'),
    json('5'),
    json('[]'),
    json('"CHANNEL_CREATE"'),
    json('{"Event-Name":42,"Unique-ID":{"a":1}}'),
    json('{"Event-Name":"CHANNEL_CREATE","Unique-ID":"u1","Event-Date-Timestamp":"-1","Caller-Caller-ID-Number":null}'),
    json('{"Event-Name":"CHANNEL_HANGUP_COMPLETE","Unique-ID":"u1","variable_billsec":"NaN","variable_duration":"1e309"}'),
    json(`{"Event-Name":"CUSTOM","Event-Subclass":"callcenter::info","CC-Action":"members-count","CC-Count":"${'9'.repeat(400)}"}`),
    json(`{"Event-Name":"CUSTOM","Event-Subclass":"sofia::register","from-user":"${'1'.repeat(50_000)}","from-host":"${DOMAIN}","call-id":"c","expires":"-99"}`),
    json('{"Event-Name":"CUSTOM","Event-Subclass":"sofia::register","from-user":"1001","from-host":"acme.pbx.test","call-id":"__proto__","expires":"60"}'),
    json('{"Event-Name":"CHANNEL_CREATE","Unique-ID":"constructor","variable_presence_id":"@@@","Channel-Presence-ID":"%"}'),
    frame([['Content-Type', 'text/event-xml']], '<event><headers><Event-Name>CHANNEL_CREATE'),
    frame([['Content-Type', 'text/event-xml']], 'not xml at all <<<'),
    frame([['Content-Type', 'api/response']], '+OK an answer nobody asked for'),
    frame([['Content-Type', 'command/reply'], ['Reply-Text', '-ERR surprise']], ''),
    frame([['Content-Type', 'text/disconnect-notice']], 'Disconnected, goodbye.\n'),
    Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0x0a, 0xc3, 0x28, 0x0a, 0x0a]),
  ];
}

/**
 * Mostly the body mutated under a true Content-Length (the frame still ends
 * where it says, so the next one is read: what a buggy module would send);
 * sometimes the whole frame, header and length included.
 */
function mutated(seeds: Buffer[], r: Random): Buffer {
  const seed = r.pick(seeds);
  if (r.next() < 0.2) return Buffer.from(mutate(seed, r, r.pick(seeds)));
  const split = seed.indexOf('\n\n') + 2;
  const headers = seed
    .subarray(0, split - 2)
    .toString()
    .split('\n')
    .map((line) => line.split(': ') as [string, string])
    .filter(([k]) => k !== 'Content-Length');
  const other = r.pick(seeds);
  return frame(headers, Buffer.from(mutate(seed.subarray(split), r, other.subarray(other.indexOf('\n\n') + 2))));
}

export async function fuzzEsl(options: { inputs: number; seed: number; onProgress?: (done: number) => void }): Promise<EslFuzzResult> {
  const r = random(options.seed);
  const seeds = seedFrames();
  const hostile = hostileFrames(seeds, r);
  const result: EslFuzzResult = { inputs: 0, hostile: Math.min(hostile.length, options.inputs), kept: 0, reset: 0, waiting: 0, crashes: 0, listenerErrors: 0, ms: 0, maxRssMb: 0, findings: [] };
  const finding = (what: string) => result.findings.length < 10 && result.findings.push(what);

  const crashed = (err: unknown) => {
    result.crashes++;
    finding(`uncaught: ${(err as Error)?.stack ?? err}`);
  };
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);
  // The server logs every dropped link; only a listener that threw is a finding.
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (/listener threw/.test(line)) {
      result.listenerErrors++;
      finding(line.slice(0, 600));
    }
  };

  const server = await startTestServer({ LOG_LEVEL: 'warn' });
  const sim = server.simulator;
  const pbx = server.switchboard.pbx;
  const seen = new Set<string>();
  let drops = 0;
  const off = pbx.onEvent((e: PbxEvent) => {
    if (e.kind === 'registered') seen.add(e.registration.callId);
    if (e.kind === 'resync') for (const reg of e.registrations) seen.add(reg.callId);
    if (e.kind === 'link' && !e.up) drops++;
  });
  const started = performance.now();
  try {
    await waitFor(() => pbx.connected, 10_000, 'the ESL link');
    for (let i = 0; i < options.inputs; i++) {
      const input = i < hostile.length ? hostile[i]! : mutated(seeds, r);
      const dropsBefore = drops;
      sim.writeRaw(input);
      // The sentinel: a device registering, as FreeSWITCH announces it.
      const callId = sim.register({ user: '1001', domain: DOMAIN, userAgent: `fuzz ${i}` });
      const outcome = await waitFor(
        () => (seen.has(callId) ? (drops === dropsBefore ? 'kept' : 'reset') : drops > dropsBefore ? 'reset' : undefined),
        800,
        'the sentinel',
        2,
      ).catch(() => 'waiting' as const);
      if (outcome === 'kept') result.kept++;
      else if (outcome === 'reset') result.reset++;
      else {
        result.waiting++;
        sim.dropConnections();
      }
      sim.unregister('1001', DOMAIN, callId);
      if (!pbx.connected) await waitFor(() => pbx.connected, 10_000, `the link back after input ${i}`);
      result.inputs++;
      result.maxRssMb = Math.max(result.maxRssMb, process.memoryUsage().rss / 1024 / 1024);
      if (i % 100 === 99) options.onProgress?.(i + 1);
    }
    // Afterwards the link works as before: a last registration is read live.
    const last = sim.register({ user: '1002', domain: DOMAIN, userAgent: 'after the fuzz' });
    await waitFor(() => seen.has(last), 5000, 'a registration after the fuzz').catch(() => finding('the link did not come back after the fuzz'));
  } finally {
    result.ms = Math.round(performance.now() - started);
    off();
    await server.close();
    console.error = consoleError;
    process.off('uncaughtException', crashed);
    process.off('unhandledRejection', crashed);
  }
  return result;
}
