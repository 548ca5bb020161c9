// Compares what the scripted ESL scenario got from the simulator with what a
// real FreeSWITCH sent for it (tests/fixtures/freeswitch/*.json): content
// types and outer headers, reply texts word for word, api bodies' shapes
// (JSON columns, mod_callcenter tables), and of each event every header our
// parsers read (server/pbx/*.ts) — present in both or in neither, with values
// of the same kind; sofia's XML status line for line, its values by kind.
// Each difference is one line of the returned list.
import { readFileSync } from 'node:fs';
import type { Recording } from '../freeswitch/harness/esl-scenario.ts';
import { contentType, type TapFrame } from '../freeswitch/harness/esl-tap.ts';

export interface RecordedFrame {
  headers: [string, string][];
  body?: string;
  event?: Record<string, string>;
}
export type Recorded = Record<string, RecordedFrame[]>;

export const fixture = (name: string): Recorded =>
  (JSON.parse(readFileSync(new URL(`../fixtures/freeswitch/${name}.json`, import.meta.url), 'utf8')) as { steps: Recorded }).steps;

/** Every header name our event parsers read with get('…'). */
const PARSERS = ['parse', 'cdr', 'quality', 'callcenter', 'fax', 'dnd-event', 'voicemail'];
export const relied = new Set<string>(['Event-Name', 'Event-Subclass', 'Event-Date-Timestamp', 'Job-UUID', 'Job-Command', 'Job-Command-Arg']);
for (const file of PARSERS) {
  const source = readFileSync(new URL(`../../server/pbx/${file}.ts`, import.meta.url), 'utf8');
  for (const m of source.matchAll(/\bget\(\s*'([^']+)'\s*\)/g)) relied.add(m[1]!);
}
/** Headers whose very value (not only its kind) must match: the words parsers branch on. */
const EXACT = new Set(['Event-Name', 'Event-Subclass', 'Call-Direction', 'Caller-Direction', 'variable_direction', 'Hangup-Cause', 'variable_hangup_cause', 'profile-name', 'Job-Command', 'CC-Action', 'CC-Cause', 'CC-Agent-Status', 'CC-Agent-State', 'CC-Agent-Type', 'CC-Agent-Bridged', 'CC-Hangup-Cause']);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A value's kind: what a parser's regex or int() would see. */
function kind(value: string): string {
  const encoded = /%[0-9A-F]{2}/i.test(value) ? ' url-encoded' : '';
  if (value === '') return 'empty';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return 'uuid';
  if (/^1\d{15}$/.test(value)) return 'epoch-micros';
  if (/^1\d{9}$/.test(value)) return 'epoch-seconds';
  if (/^\d+$/.test(value)) return 'integer';
  if (/^-?\d+\.\d+$/.test(value)) return 'decimal';
  if (value === 'true' || value === 'false') return 'boolean';
  if (/^(?:\d{1,3}\.){3}\d{1,3}$/.test(value)) return 'ipv4';
  return 'text' + encoded;
}

/** A reply as words: UUIDs and counts vary between runs, the words do not. */
const words = (text: string) => text.replace(UUID, '<uuid>').replace(/cleared \d+ entr(?:y|ies)/, 'cleared <n> entries');

/**
 * mod_callcenter's own headers, all of them. (Its member and bridge events
 * also carry a channel's data — the caller's or the agent leg's — which the
 * simulator's do not; our parsers read only CC-* from them, so only CC-* is
 * compared there.)
 */
const callcenterHeaders = (fs: Record<string, string>, sim: Record<string, string>) =>
  new Set([...Object.keys(fs), ...Object.keys(sim)].filter((n) => n.startsWith('CC-') || n === 'Event-Name' || n === 'Event-Subclass'));

function compareEvent(where: string, fs: Record<string, string>, sim: Record<string, string>, out: string[]) {
  const names = fs['Event-Subclass'] === 'callcenter::info' ? callcenterHeaders(fs, sim) : relied;
  for (const name of names) {
    const a = fs[name];
    const b = sim[name];
    if (a === undefined && b === undefined) continue;
    if (a === undefined) out.push(`${where}: ${name} is sent by the simulator (${JSON.stringify(b)}), not by FreeSWITCH`);
    else if (b === undefined) out.push(`${where}: ${name} is sent by FreeSWITCH (${JSON.stringify(a)}), not by the simulator`);
    else if (EXACT.has(name) ? a !== b : kind(a) !== kind(b)) {
      out.push(`${where}: ${name} is ${JSON.stringify(a)} (${kind(a)}) from FreeSWITCH, ${JSON.stringify(b)} (${kind(b)}) from the simulator`);
    }
  }
  if ('_body' in fs || '_body' in sim) {
    if (words(fs._body ?? '').split(' ')[0] !== words(sim._body ?? '').split(' ')[0]) {
      out.push(`${where}: body ${JSON.stringify(fs._body)} from FreeSWITCH, ${JSON.stringify(sim._body)} from the simulator`);
    }
  }
}

const plainFields = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n\n')[0]!
      .split('\n')
      .filter((l) => l.includes(': '))
      .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
  );

type Row = Record<string, unknown>;
export const jsonRows = (body: string): { count: unknown; rows: Row[] | undefined } => {
  const parsed = JSON.parse(body) as { row_count: unknown; rows?: Row[] };
  return { count: parsed.row_count, rows: parsed.rows };
};

/** One line of sofia's XML status: its layout (indentation and tags), and the value of a `<name>value</name>` line. */
interface XmlLine {
  layout: string;
  name?: string;
  value?: string;
}
const xmlLine = (line: string): XmlLine => {
  const m = /^(\s*)<([\w-]+)>(.*)<\/\2>$/.exec(line);
  return m ? { layout: `${m[1]}<${m[2]}>…</${m[2]}>`, name: m[2]!, value: m[3]! } : { layout: line };
};

/** sofia's XML: the lines outside `<registration>` blocks, and each block's lines. */
function xmlRows(text: string): { outer: XmlLine[]; rows: XmlLine[][] } {
  const outer: XmlLine[] = [];
  const rows: XmlLine[][] = [];
  let row: XmlLine[] | undefined;
  for (const line of text.split('\n').map(xmlLine)) {
    if (line.layout.trim() === '<registration>') rows.push((row = []));
    if (row) row.push(line);
    else outer.push(line);
    if (line.layout.trim() === '</registration>') row = undefined;
  }
  return { outer, rows };
}

/**
 * A value of sofia's XML as compared: its kind, and whether it is written
 * XML-escaped (sofia escapes the contact and the agent only); sofia's status
 * word for word with the numbers out (`Registered(UDP)(unknown)
 * exp(N-N-N N:N:N) expsecs(N)`), the NAT mark aside (it is the phone's: sipp
 * on loopback has none, the simulator's phones are behind NAT).
 */
function xmlValue(line: XmlLine): string {
  const v = line.value!;
  if (line.name === 'status') return v.replace(/\d+/g, 'N').replace('-NAT)', ')');
  return kind(v) + (/&(?:amp|lt|gt|quot|apos);/.test(v) ? ' xml-escaped' : '') + (/[<>"']/.test(v) ? ' with raw <>"\'' : '');
}

/** `sofia xmlstatus`: the same layout line for line (row for row), each value of the same kind. */
function compareXml(where: string, fs: string, sim: string, out: string[]) {
  const a = xmlRows(fs);
  const b = xmlRows(sim);
  const layout = (lines: XmlLine[]) => lines.map((l) => l.layout).join('\n');
  if (layout(a.outer) !== layout(b.outer)) out.push(`${where}: layout\n    FreeSWITCH: ${JSON.stringify(layout(a.outer))}\n    simulator:  ${JSON.stringify(layout(b.outer))}`);
  if (a.rows.length !== b.rows.length) out.push(`${where}: ${a.rows.length} registration(s) from FreeSWITCH, ${b.rows.length} from the simulator`);
  a.rows.forEach((row, r) => {
    const theirs = b.rows[r];
    if (!theirs) return;
    if (layout(row) !== layout(theirs)) return void out.push(`${where}: registration ${r + 1}\n    FreeSWITCH: ${JSON.stringify(layout(row))}\n    simulator:  ${JSON.stringify(layout(theirs))}`);
    row.forEach((line, i) => {
      if (line.name === undefined) return;
      const other = theirs[i]!;
      if (xmlValue(line) !== xmlValue(other)) {
        out.push(`${where}: registration ${r + 1} <${line.name}> is ${JSON.stringify(line.value)} (${xmlValue(line)}) from FreeSWITCH, ${JSON.stringify(other.value)} (${xmlValue(other)}) from the simulator`);
      }
    });
  });
}

/**
 * An event serialised as JSON (mod_voicemail's vm_fsdb_* answers): the same
 * headers in the same order, each value of the same kind; the words our
 * parsers branch on, exactly.
 */
function compareEventJson(where: string, fs: string, sim: string, out: string[]) {
  let theirs: Record<string, string>;
  try {
    theirs = JSON.parse(sim) as Record<string, string>;
  } catch {
    return void out.push(`${where}: FreeSWITCH answers an event as JSON, the simulator ${JSON.stringify(sim.slice(0, 80))}`);
  }
  const ours = JSON.parse(fs) as Record<string, string>;
  const a = Object.keys(ours).join(', ');
  const b = Object.keys(theirs).join(', ');
  if (a !== b) out.push(`${where}: headers\n    FreeSWITCH: ${a}\n    simulator:  ${b}`);
  for (const [name, value] of Object.entries(ours)) {
    const other = theirs[name];
    if (other === undefined || typeof other !== 'string') continue;
    const exact = EXACT.has(name) || ['Event-Calling-File', 'Event-Calling-Function', 'Event-Calling-Line-Number', 'VM-Message-Flags', 'VM-Message-Read-Flags', 'VM-Message-Folder', 'VM-Preference-Greeting-Slot', 'VM-Preference-Greeting-Selected'].includes(name);
    if (exact ? value !== other : kind(value) !== kind(other)) {
      out.push(`${where}: ${name} is ${JSON.stringify(value)} (${kind(value)}) from FreeSWITCH, ${JSON.stringify(other)} (${kind(other)}) from the simulator`);
    }
  }
}

function compareBody(where: string, fs: string, sim: string, out: string[]) {
  if (fs.startsWith('<?xml')) return compareXml(where, fs, sim, out);
  if (fs.startsWith('{"Event-Name":')) return compareEventJson(where, fs, sim, out);
  if (fs.startsWith('{')) {
    if (!sim.startsWith('{')) return void out.push(`${where}: FreeSWITCH answers JSON, the simulator ${JSON.stringify(sim.slice(0, 80))}`);
    const a = jsonRows(fs);
    const b = jsonRows(sim);
    if (typeof a.count !== typeof b.count) out.push(`${where}: row_count is a ${typeof a.count} from FreeSWITCH, a ${typeof b.count} from the simulator`);
    if ((a.rows === undefined) !== (b.rows === undefined)) out.push(`${where}: rows ${a.rows ? 'present' : 'absent'} from FreeSWITCH, ${b.rows ? 'present' : 'absent'} from the simulator`);
    if (a.rows?.[0] && b.rows?.[0]) {
      const ka = Object.keys(a.rows[0]).join(',');
      const kb = Object.keys(b.rows[0]).join(',');
      if (ka !== kb) out.push(`${where}: columns\n    FreeSWITCH: ${ka}\n    simulator:  ${kb}`);
      for (const [col, v] of Object.entries(a.rows[0])) {
        const w = b.rows[0][col];
        if (typeof v !== typeof w) out.push(`${where}: column ${col} is a ${typeof v} from FreeSWITCH, a ${typeof w} from the simulator`);
      }
    }
    // Bodies start `{"row_count": 0}` when empty (with the space) and `{"row_count":N,` otherwise.
    if (fs.startsWith('{"row_count": 0}') !== sim.startsWith('{"row_count": 0}')) out.push(`${where}: ${JSON.stringify(fs.slice(0, 20))} from FreeSWITCH, ${JSON.stringify(sim.slice(0, 20))} from the simulator`);
    return;
  }
  if (fs.includes('|') && fs.endsWith('+OK\n')) {
    // A mod_callcenter table: the header line, rows of as many fields, `+OK`.
    const [ha, ...ra] = fs.trimEnd().split('\n').slice(0, -1);
    const [hb, ...rb] = sim.trimEnd().split('\n').slice(0, -1);
    if (!sim.endsWith('+OK\n')) out.push(`${where}: the simulator's table does not end with +OK: ${JSON.stringify(sim.slice(-40))}`);
    if (ha !== hb) out.push(`${where}: header line\n    FreeSWITCH: ${ha}\n    simulator:  ${hb}`);
    const n = ha!.split('|').length;
    for (const row of rb) if (row.split('|').length !== n) out.push(`${where}: simulator row with ${row.split('|').length} fields, not ${n}: ${row}`);
    if (ra.length && !rb.length) out.push(`${where}: FreeSWITCH lists rows, the simulator none`);
    return;
  }
  if (/\n\d+ total\.\n$/.test(fs)) {
    const head = (t: string) => t.split('\n')[0];
    if (head(fs) !== head(sim)) out.push(`${where}: header line\n    FreeSWITCH: ${head(fs)}\n    simulator:  ${head(sim)}`);
    if (!/\n\n\d+ total\.\n$/.test(sim)) out.push(`${where}: the simulator's table does not end like FreeSWITCH's: ${JSON.stringify(sim.slice(-20))}`);
    return;
  }
  if (words(fs) !== words(sim)) out.push(`${where}: ${JSON.stringify(fs)} from FreeSWITCH, ${JSON.stringify(sim)} from the simulator`);
}

function compareFrame(where: string, fs: RecordedFrame, sim: TapFrame, out: string[]) {
  const names = (h: [string, string][]) => h.map(([n]) => n).join(', ');
  if (names(fs.headers) !== names(sim.headers)) out.push(`${where}: frame headers [${names(fs.headers)}] from FreeSWITCH, [${names(sim.headers)}] from the simulator`);
  const ct = fs.headers.find(([n]) => n === 'Content-Type')?.[1] ?? '';
  if (ct !== contentType(sim)) return void out.push(`${where}: Content-Type ${ct} from FreeSWITCH, ${contentType(sim)} from the simulator`);
  const reply = fs.headers.find(([n]) => n === 'Reply-Text')?.[1];
  if (reply !== undefined) {
    const theirs = sim.headers.find(([n]) => n === 'Reply-Text')?.[1] ?? '';
    if (words(reply) !== words(theirs)) out.push(`${where}: Reply-Text ${JSON.stringify(reply)} from FreeSWITCH, ${JSON.stringify(theirs)} from the simulator`);
  }
  if (fs.event) return compareEvent(where, fs.event, JSON.parse(sim.body) as Record<string, string>, out);
  // `event plain`: header lines as written, values still URL-encoded — the kinds say whether both encode alike.
  if (ct === 'text/event-plain') return compareEvent(where, plainFields(fs.body ?? ''), plainFields(sim.body), out);
  if (fs.body !== undefined || sim.body) compareBody(where, fs.body ?? '', sim.body, out);
}

/** A recorded or a live event frame's event. */
export const eventOf = (frame: RecordedFrame | TapFrame): Record<string, string> =>
  'event' in frame && frame.event ? frame.event : (JSON.parse(frame.body ?? '') as Record<string, string>);

/** Every header of the step's event, in FreeSWITCH's order (for events whose headers are sofia's own, all of them known). */
export function compareHeaderOrder(recorded: Recorded, run: Recording, step: string): string[] {
  const fs = recorded[step]?.[0];
  const sim = run[step]?.[0];
  if (!fs || !sim) return [`${step}: recorded from FreeSWITCH, not run against the simulator`];
  const a = Object.keys(eventOf(fs)).join(', ');
  const b = Object.keys(eventOf(sim)).join(', ');
  return a === b ? [] : [`${step}: headers\n    FreeSWITCH: ${a}\n    simulator:  ${b}`];
}

export function compare(recorded: Recorded, run: Recording, steps: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const [step, frames] of Object.entries(recorded)) {
    if (!steps(step)) continue;
    const ours = run[step];
    if (!ours) {
      out.push(`${step}: recorded from FreeSWITCH, not run against the simulator`);
      continue;
    }
    if (ours.length !== frames.length) out.push(`${step}: ${frames.length} frame(s) from FreeSWITCH, ${ours.length} from the simulator`);
    frames.forEach((f, i) => ours[i] && compareFrame(frames.length > 1 ? `${step}[${i}]` : step, f, ours[i]!, out));
  }
  return out;
}
