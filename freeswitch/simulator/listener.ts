// One inbound Event Socket connection: auth, the commands a client sends,
// and which events it has asked for (mod_event_socket's `listener_t`).
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { EventFormat, SimEvent } from './event.ts';
import { eventName } from './event-names.ts';
import { AUTH_REQUEST, DISCONNECT_NOTICE, apiResponse, commandReply } from './wire.ts';

export interface ListenerHost {
  password: string;
  /** Log of every api/bgapi command received. */
  commands: string[];
  runApi(command: string): string;
  backgroundJob(jobUuid: string, command: string, arg: string, output: string): void;
}

const FORMATS: Record<string, EventFormat> = { plain: 'plain', json: 'json', xml: 'xml' };

export class Listener {
  private authed = false;
  /** LFLAG_EVENTS: set by the first accepted `event`, cleared by `noevents`. */
  private listening = false;
  /** LFLAG_LOG: set by `log`, cleared by `nolog`. */
  private logging = false;
  private format: EventFormat | undefined;
  private all = false;
  private readonly names = new Set<string>();
  private readonly subclasses = new Set<string>();
  private filters: [header: string, value: string][] = [];
  private pending = '';

  constructor(
    readonly socket: Socket,
    private readonly host: ListenerHost,
  ) {
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    // A client vanishing mid-write is normal life for a server.
    socket.on('error', () => socket.destroy());
    socket.write(AUTH_REQUEST);
  }

  /** Sends the event if this connection subscribed to it and its filters let it through. */
  deliver(event: SimEvent): void {
    if (!this.listening || !this.format || !this.wants(event) || this.socket.destroyed) return;
    this.socket.write(event.frame(this.format));
  }

  private wants(event: SimEvent): boolean {
    if (!this.all) {
      if (!this.names.has(event.name)) return false;
      if (event.name === 'CUSTOM' && (!event.subclass || !this.subclasses.has(event.subclass))) return false;
    }
    if (this.filters.length === 0) return true;
    for (const [header, value] of this.filters) {
      const actual = event.header(header);
      if (actual === undefined) continue;
      if (value.startsWith('/')) {
        if (new RegExp(value.replace(/^\/|\/$/g, '')).test(actual)) return true;
      } else if (actual.toLowerCase() === value.toLowerCase()) return true;
    }
    return false;
  }

  private onData(chunk: string): void {
    this.pending += chunk.includes('\r') ? chunk.replace(/\r/g, '') : chunk;
    let end: number;
    while ((end = this.pending.indexOf('\n\n')) !== -1) {
      const block = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      if (block.trim()) this.onCommand(block.replace(/^\n+/, ''));
      if (this.socket.destroyed) return;
    }
  }

  private reply(text: string, extra = ''): void {
    this.socket.write(commandReply(text, extra));
  }

  private goodbye(replyText: string): void {
    this.socket.write(commandReply(replyText) + DISCONNECT_NOTICE);
    this.socket.end();
  }

  private onCommand(block: string): void {
    const lines = block.split('\n');
    const line = lines[0]!.trim();
    const space = line.indexOf(' ');
    const verb = (space === -1 ? line : line.slice(0, space)).toLowerCase();
    const rest = space === -1 ? '' : line.slice(space + 1).trim();

    // parse_command: `exit` works at any time; before auth only `auth` does,
    // anything else is "-ERR command not found" and the line stays open.
    if (verb === 'exit' || verb === '...') return this.goodbye('+OK bye');
    if (!this.authed) {
      if (verb !== 'auth' || space === -1) return this.reply('-ERR command not found');
      if (rest !== this.host.password) return this.goodbye('-ERR invalid');
      this.authed = true;
      return this.reply('+OK accepted');
    }

    switch (verb) {
      case 'api': {
        this.host.commands.push(rest);
        // api_exec: a command that printed nothing is answered "-ERR no reply" (a bgapi's job body stays empty).
        this.socket.write(apiResponse(this.host.runApi(rest) || '-ERR no reply\n'));
        return;
      }
      case 'bgapi': {
        this.host.commands.push(rest);
        const jobUuid = headerIn(lines, 'Job-UUID') ?? randomUUID();
        this.reply(`+OK Job-UUID: ${jobUuid}`, `Job-UUID: ${jobUuid}\n`);
        const [command = '', ...args] = rest.split(' ');
        const output = this.host.runApi(rest);
        // FreeSWITCH runs the job in its own thread: the reply always comes first.
        setImmediate(() => this.host.backgroundJob(jobUuid, command, args.join(' '), output));
        return;
      }
      case 'event':
        return this.subscribe(rest);
      case 'noevents':
        if (!this.listening) return this.reply('-ERR not listening for events');
        this.listening = false;
        this.all = false;
        this.names.clear();
        this.subclasses.clear();
        return this.reply('+OK no longer listening for events');
      case 'filter':
        return this.filter(rest);
      // Lingering is for outbound sockets, which control a session; this is an inbound one.
      case 'linger':
      case 'nolinger':
        return this.reply('-ERR not controlling a session');
      case 'log':
        this.logging = true;
        return this.reply(`+OK log level ${rest.split(' ')[0] ?? ''} [7]`);
      case 'nolog':
        if (!this.logging) return this.reply('-ERR not loging');
        this.logging = false;
        return this.reply('+OK no longer logging');
      case 'myevents':
        return this.reply('+OK Events Enabled');
      default:
        return this.reply('-ERR command not found');
    }
  }

  /**
   * Like mod_event_socket: additive; every word after CUSTOM is a subclass;
   * words that name no event are skipped, and with no event named at all
   * the command is refused (the format word has taken effect by then).
   */
  private subscribe(rest: string): void {
    const words = rest.split(/\s+/).filter(Boolean);
    const format = FORMATS[words[0]?.toLowerCase() ?? ''];
    if (format) words.shift();
    this.format = format ?? this.format ?? 'plain';
    let custom = false;
    let keys = 0;
    for (const word of words) {
      if (custom) {
        this.subclasses.add(word);
        continue;
      }
      const name = eventName(word);
      if (!name) continue;
      keys++;
      if (name === 'ALL') this.all = true;
      this.names.add(name);
      if (name === 'CUSTOM') custom = true;
    }
    if (!keys) return this.reply('-ERR no keywords supplied');
    this.listening = true;
    this.reply(`+OK event listener enabled ${this.format}`);
  }

  /** `filter [add] <header> <value>`, `filter delete <header> [<value>]`, `filter delete all`. */
  private filter(rest: string): void {
    let [first = '', ...others] = rest.split(' ');
    if (first.toLowerCase() === 'delete' && others.length) {
      const [header = '', ...value] = others;
      if (header.toLowerCase() === 'all') this.filters = [];
      else this.filters = this.filters.filter(([h, v]) => h !== header || (value.length > 0 && v !== value.join(' ')));
      // switch_str_nil: a missing value prints as nothing.
      return this.reply(`+OK filter deleted. [${header}][${value.join(' ')}]`);
    }
    if (first.toLowerCase() === 'add' && others.length) [first = '', ...others] = others;
    if (!others.length) return this.reply('-ERR invalid syntax');
    this.filters.push([first, others.join(' ')]);
    this.reply(`+OK filter added. [${first}]=[${others.join(' ')}]`);
  }
}

function headerIn(lines: string[], name: string): string | undefined {
  const prefix = name.toLowerCase() + ':';
  const line = lines.slice(1).find((l) => l.toLowerCase().startsWith(prefix));
  return line?.slice(prefix.length).trim();
}
