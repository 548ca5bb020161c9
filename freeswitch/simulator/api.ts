// `api` commands answered from the simulator's truth, in mod_commands' words.
import type { SimChannel, SimRegistration } from './truth.ts';
import { localDateTime } from './event.ts';

export interface ApiContext {
  hostname: string;
  startedAt: number;
  now: number;
  sessionsSinceStartup: number;
  registrations: Iterable<SimRegistration>;
  channels: Iterable<SimChannel>;
  /** mod_callcenter's `callcenter_config <args>`. */
  callcenter(args: string): string;
  /** Global variables (vars.xml's `set`s) for `global_getvar`. */
  globals: Record<string, string>;
}

/** `show …` without a format: comma-separated, a header line, a blank line and the count. */
function asText(rows: Record<string, string>[], columns: string[]): string {
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => r[c] ?? '').join(','))];
  return `${lines.join('\n')}\n\n${rows.length} total.\n`;
}

/** Table output as `show … as json` prints it: every value a string; no rows prints no `rows`. */
function asJson(rows: Record<string, string>[]): string {
  if (rows.length === 0) return '{"row_count": 0}\n';
  return JSON.stringify({ row_count: rows.length, rows });
}

const REGISTRATION_COLUMNS = ['reg_user', 'realm', 'token', 'url', 'expires', 'network_ip', 'network_port', 'network_proto', 'hostname', 'metadata'];

const registrationRow = (r: SimRegistration, hostname: string): Record<string, string> => ({
  reg_user: r.user,
  realm: r.domain,
  token: r.callId,
  url: `sofia/${r.profile}/${r.contact.replace(/^.*<|>.*$/g, '')}`,
  expires: String(r.expiresEpoch),
  network_ip: r.networkIp,
  network_port: String(r.networkPort),
  network_proto: r.networkProto,
  hostname,
  metadata: '',
});

const channelRow = (c: SimChannel, hostname: string) => ({
  uuid: c.uuid,
  direction: c.direction,
  created: localDateTime(c.createdAt),
  created_epoch: String(Math.floor(c.createdAt / 1_000_000)),
  name: c.name,
  state: c.answeredAt ? 'CS_EXECUTE' : 'CS_ROUTING',
  cid_name: c.callerIdName,
  cid_num: c.callerIdNumber,
  ip_addr: c.networkIp,
  dest: c.to,
  application: c.answeredAt ? 'bridge' : '',
  application_data: c.answeredAt ? `user/${c.to}@${c.domain}` : '',
  dialplan: 'XML',
  context: c.domain,
  read_codec: c.answeredAt ? 'PCMU' : '',
  read_rate: c.answeredAt ? '8000' : '',
  read_bit_rate: c.answeredAt ? '64000' : '',
  write_codec: c.answeredAt ? 'PCMU' : '',
  write_rate: c.answeredAt ? '8000' : '',
  write_bit_rate: c.answeredAt ? '64000' : '',
  secure: '',
  hostname,
  presence_id: `${c.extension}@${c.domain}`,
  presence_data: '',
  accountcode: '',
  callstate: c.answeredAt ? 'ACTIVE' : 'RINGING',
  callee_name: '',
  callee_num: '',
  callee_direction: '',
  call_uuid: c.uuid,
  sent_callee_name: '',
  sent_callee_num: '',
  initial_cid_name: c.callerIdName,
  initial_cid_num: c.callerIdNumber,
  initial_ip_addr: c.networkIp,
  initial_dest: c.to,
  initial_dialplan: 'XML',
  initial_context: c.domain,
});

/** mod_commands' uuid_getvar / uuid_setvar (no value: unset), in their words. */
function channelVariable(command: string, [uuid, variable, ...value]: string[], channels: Iterable<SimChannel>): string {
  const channel = [...channels].find((c) => c.uuid === uuid);
  if (!channel) return '-ERR No such channel!\n';
  if (!variable) return command === 'uuid_getvar' ? '-ERR No variable name specified!\n' : '-ERR No variable specified\n';
  if (command === 'uuid_getvar') return channel.variables?.[variable] ?? '_undef_';
  channel.variables ??= {};
  if (value.length) channel.variables[variable] = value.join(' ');
  else delete channel.variables[variable];
  return '+OK\n';
}

/** A row of FreeSWITCH's basic_calls view (switch_core_sqldb.c) for a call of one leg. */
function callRow(c: SimChannel, hostname: string): Record<string, string> {
  const row = channelRow(c, hostname);
  return {
    uuid: row.uuid,
    direction: row.direction,
    created: row.created,
    created_epoch: row.created_epoch,
    name: row.name,
    state: row.state,
    cid_name: row.cid_name,
    cid_num: row.cid_num,
    ip_addr: row.ip_addr,
    dest: row.dest,
    presence_id: row.presence_id,
    presence_data: '',
    accountcode: '',
    callstate: row.callstate,
    callee_name: '',
    callee_num: '',
    callee_direction: '',
    call_uuid: row.call_uuid,
    hostname,
    sent_callee_name: '',
    sent_callee_num: '',
  };
}

export function uptimeText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const us = Math.floor((ms % 1) * 1000);
  return `${Math.floor(s / 31_536_000)} years, ${Math.floor((s % 31_536_000) / 86400)} days, ${Math.floor((s % 86400) / 3600)} hours, ${Math.floor((s % 3600) / 60)} minutes, ${s % 60} seconds, ${Math.floor(ms % 1000)} milliseconds, ${us} microseconds`;
}

function status(ctx: ApiContext): string {
  const sessions = [...ctx.channels].length;
  return (
    `UP ${uptimeText((ctx.now - ctx.startedAt) / 1000)}\n` +
    'FreeSWITCH (Version 1.10.12 -release 64bit) is ready\n' +
    `${ctx.sessionsSinceStartup} session(s) since startup\n` +
    `${sessions} session(s) - peak ${sessions}, last 5min ${sessions} \n` +
    '0 session(s) per Sec out of max 30, peak 0, last 5min 0 \n' +
    '1000 session(s) max\n' +
    'min idle cpu 0.00/99.00\n' +
    'Current Stack Size/Max 240K/8192K\n'
  );
}

/** The body FreeSWITCH would answer `api <command>` with. */
export function runApi(command: string, ctx: ApiContext): string {
  const line = command.trim().replace(/\s+/g, ' ');
  const [name = '', ...rest] = line.split(' ');
  const args = rest.join(' ').toLowerCase();
  switch (name.toLowerCase()) {
    case 'status':
      return status(ctx);
    case 'hostname':
      return ctx.hostname;
    case 'global_getvar':
      // switch_core_get_variable: the value as set, nothing at all for an unset variable.
      return ctx.globals[rest[0] ?? ''] ?? '';
    case 'callcenter_config':
      // Agent names and statuses are case-sensitive words: pass them as typed.
      return ctx.callcenter(command.trim().slice(name.length).trim());
    case 'uuid_getvar':
    case 'uuid_setvar':
      return channelVariable(name.toLowerCase(), rest, ctx.channels);
    case 'xml_flush_cache':
      // The simulator caches no XML; FreeSWITCH answers the same for an entry it did not hold.
      return '+OK cleared 0 entries\n';
    case 'show':
      if (args === 'registrations') {
        const rows = [...ctx.registrations].map((r) => registrationRow(r, ctx.hostname));
        return asText(rows, REGISTRATION_COLUMNS);
      }
      if (args === 'registrations as json') return asJson([...ctx.registrations].map((r) => registrationRow(r, ctx.hostname)));
      if (args === 'channels as json') return asJson([...ctx.channels].map((c) => channelRow(c, ctx.hostname)));
      // basic_calls: one row per call, the bridged leg in b_* columns. The simulator's calls are one leg each: no b_*.
      if (args === 'calls as json') return asJson([...ctx.channels].map((c) => callRow(c, ctx.hostname)));
      if (args === 'registrations count' || args === 'channels count') {
        const n = args.startsWith('reg') ? [...ctx.registrations].length : [...ctx.channels].length;
        return `\n${n} total.\n\n`;
      }
      return '-ERR Cannot find format or table\n';
    default:
      return `-ERR ${name} Command not found!\n`;
  }
}
