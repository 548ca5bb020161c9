// Which FreeSWITCH an ESL command must run on, when there are several
// (server/pbx/cluster.ts). Pure: read from the command the builders in
// commands.ts, eavesdrop.ts, fax.ts and voicemail.ts write, so no caller has
// to know how many servers there are.

export type CommandTarget =
  /** A channel's command (uuid_*): the server that holds the channel. */
  | { kind: 'channel'; uuid: string }
  /** A call to a user's phones (`originate … user/1001@acme.pbx.test`): the server the phone is registered on. */
  | { kind: 'user'; user: string; domain: string }
  /** Each server keeps its own copy (the directory cache, sofia's registrations): all of them. */
  | { kind: 'every' }
  /** A `show … as json` table: every server's rows, together. */
  | { kind: 'rows' }
  /** mod_callcenter, mod_voicemail, the fax gateway and the rest: the first server listed (the queue server). */
  | { kind: 'home' };

const UUID_COMMAND = /^uuid_\w+\s+(\S+)/;
/** eavesdrop runs on the server of the call it listens to: FreeSWITCH eavesdrops on its own channels only. */
const EAVESDROP = /&eavesdrop\(([^)\s]+)\)/;
const USER_DIAL = /}?user\/([^@\s]+)@([^\s&]+)/;

export function commandTarget(command: string): CommandTarget {
  const uuid = UUID_COMMAND.exec(command);
  if (uuid) return { kind: 'channel', uuid: uuid[1]! };
  if (command.startsWith('originate ')) {
    const target = EAVESDROP.exec(command);
    if (target) return { kind: 'channel', uuid: target[1]! };
    const user = USER_DIAL.exec(command);
    if (user) return { kind: 'user', user: user[1]!, domain: user[2]!.toLowerCase() };
    return { kind: 'home' };
  }
  if (command === 'xml_flush_cache' || command.startsWith('xml_flush_cache ')) return { kind: 'every' };
  if (/^sofia profile \S+ flush_inbound_reg\b/.test(command)) return { kind: 'every' };
  if (/^show \w+ as json$/.test(command)) return { kind: 'rows' };
  return { kind: 'home' };
}

/** Several `show … as json` answers as one (mod_commands' shape: `{"row_count": n, "rows": [...]}`). */
export function joinRows(answers: string[]): string {
  const rows = answers.flatMap((answer) => {
    const parsed = JSON.parse(answer.trim()) as { rows?: unknown };
    return Array.isArray(parsed.rows) ? parsed.rows : [];
  });
  return JSON.stringify({ row_count: rows.length, rows });
}
