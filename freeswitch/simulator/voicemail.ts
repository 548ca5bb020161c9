// mod_voicemail as the simulator plays it: one profile ("default", as
// freeswitch/conf's voicemail.conf.xml), its messages table and prefs, the
// files under the storage folder FreeSWITCH would use, the API commands
// Switchboard sends (answered in mod_voicemail's own words, held to
// recordings of FreeSWITCH 1.10.12 by tests/integration/pbx/voicemail-conformance.test.ts)
// and MESSAGE_WAITING whenever a box's count changes, as update_mwi fires it.
//
// Layout, as FreeSWITCH's with storage-dir = <storage>/voicemail:
//   <dir>/<domain>/<user>/msg_<uuid>.wav                   a message left by a caller
//   <dir>/<domain>/<user>/msg_<uuid>_broadcast_<file>      one vm_inject delivered
//   <dir>/default/<domain>/<user>/greeting_<slot>.wav      vm_fsdb_pref_greeting_set's target
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { EventStamper } from './event.ts';
import { SimEvent } from './event.ts';
import { toneWav, wavSeconds } from './wav.ts';

const PROFILE = 'default';

export interface SimVoicemailMessage {
  uuid: string;
  user: string;
  domain: string;
  /** Unix seconds. */
  createdEpoch: number;
  /** Unix seconds it was listened to; 0 while new. */
  readEpoch: number;
  cidName: string;
  cidNumber: string;
  folder: 'inbox';
  path: string;
  seconds: number;
  flags: '' | 'save' | 'delete';
  readFlags: 'B_NORMAL' | 'A_URGENT';
}

export interface LeaveMessageOptions {
  user: string;
  domain: string;
  cidNumber: string;
  cidName?: string;
  /** Length of the recording; 3 s unless given. */
  seconds?: number;
  urgent?: boolean;
}

interface Prefs {
  password?: string;
  greetingPath?: string;
  namePath?: string;
}

const USAGE = {
  inject: '[group=<group>[@domain]|domain=<domain>|<box>[@<domain>]] <sound_file> [<cid_num>] [<cid_name>]',
};

export class SimVoicemail {
  /** voicemail_msgs, in insertion order (what mod_voicemail's SELECTs walk). */
  private readonly messages: SimVoicemailMessage[] = [];
  private readonly prefs = new Map<string, Prefs>();

  constructor(
    private readonly stamper: EventStamper,
    private readonly fire: (event: SimEvent) => void,
    /** FreeSWITCH's <storage>/voicemail (VOICEMAIL_DIR). */
    readonly dir: string,
    /** The directory: whether a box exists (vm_inject locates it there). */
    private readonly userExists: (user: string, domain: string) => boolean,
  ) {}

  /** A caller left a message: its recording is written and MESSAGE_WAITING fired, as after a real call. */
  leave(o: LeaveMessageOptions): string {
    const uuid = randomUUID();
    const folder = join(this.dir, o.domain, o.user);
    mkdirSync(folder, { recursive: true });
    const seconds = o.seconds ?? 3;
    const path = join(folder, `msg_${uuid}.wav`);
    writeFileSync(path, toneWav(seconds));
    this.store({ uuid, user: o.user, domain: o.domain, cidNumber: o.cidNumber, cidName: o.cidName ?? o.cidNumber, path, seconds, urgent: o.urgent ?? false });
    return uuid;
  }

  /** The table, for tests to compare with what the server shows. */
  list(user: string, domain: string): SimVoicemailMessage[] {
    return this.messages.filter((m) => m.user === user && m.domain === domain).map((m) => ({ ...m }));
  }

  /** The box's password and greeting as mod_voicemail keeps them (voicemail_prefs). */
  preferences(user: string, domain: string): Readonly<Prefs> {
    return { ...this.prefs.get(`${user}@${domain}`) };
  }

  /**
   * sofia's MESSAGE_QUERY when a phone first registers, as mod_voicemail
   * answers it: the count with the urgent ones when the box has messages,
   * a bare "no" otherwise.
   */
  query(user: string, domain: string): void {
    const account = `sip:${user}@${domain}`;
    const c = this.count(user, domain);
    const h = this.stamper.stamp('MESSAGE_WAITING', undefined, 'mod_voicemail.c', 'actual_message_query_handler', c.new || c.saved ? 3960 : 4026);
    if (c.new || c.saved) {
      h.push('MWI-Messages-Waiting', c.new ? 'yes' : 'no', 'MWI-Message-Account', account, 'MWI-Voice-Message', `${c.new}/${c.saved} (${c.newUrgent}/${c.savedUrgent})`);
    } else {
      h.push('MWI-Messages-Waiting', 'no', 'MWI-Message-Account', account);
    }
    this.fire(new SimEvent('MESSAGE_WAITING', undefined, h));
  }

  /** Answers mod_voicemail's API commands; undefined for any other. */
  api(command: string): string | undefined {
    const line = command.trim();
    const space = line.indexOf(' ');
    const name = (space === -1 ? line : line.slice(0, space)).toLowerCase();
    const rest = space === -1 ? '' : line.slice(space + 1).trim();
    const argv = rest ? rest.split(/\s+/) : [];
    switch (name) {
      case 'vm_boxcount':
        return this.boxcount(rest);
      case 'vm_prefs':
        return this.prefsApi(rest);
      case 'vm_list':
        return this.vmList(rest);
      case 'vm_read':
        return this.vmRead(rest);
      case 'vm_delete':
        return this.vmDelete(rest);
      case 'vm_inject':
      case 'voicemail_inject':
        return this.inject(argv);
      case 'vm_fsdb_msg_list':
        return this.fsdb(argv, 1, 5, (domain, user) => this.msgList(domain, user, argv[5]!, argv[6]));
      case 'vm_fsdb_msg_get':
        return this.fsdb(argv, 1, 5, (domain, user) => this.msgGet(domain, user, argv[4]!));
      case 'vm_fsdb_msg_count':
        return this.fsdb(argv, 1, 5, (domain, user) => this.msgCount(domain, user));
      case 'vm_fsdb_msg_save':
        return this.fsdb(argv, 0, 4, (domain, user) => this.setFlags(domain, user, argv[3]!, 'save'));
      case 'vm_fsdb_msg_delete':
        return this.fsdb(argv, 0, 4, (domain, user) => this.setFlags(domain, user, argv[3]!, 'delete'));
      case 'vm_fsdb_msg_undelete':
        return this.fsdb(argv, 0, 4, (domain, user) => this.setFlags(domain, user, argv[3]!, ''));
      case 'vm_fsdb_msg_purge':
        return this.fsdb(argv, 0, 3, (domain, user) => this.purge(domain, user));
      case 'vm_fsdb_pref_password_set':
        return this.fsdb(argv, 0, 4, (domain, user) => this.setPassword(domain, user, argv[3]!));
      case 'vm_fsdb_pref_greeting_set':
        // The slot must be a number other than 0 (atoi), the file is optional.
        if (!Number.parseInt(argv[3] ?? '', 10)) return '-ERR Missing Arguments\n';
        return this.fsdb(argv, 0, 3, (domain, user) => this.setGreeting(domain, user, Number.parseInt(argv[3]!, 10), argv[4]));
      case 'vm_fsdb_pref_greeting_get':
        return this.fsdb(argv, 1, 4, (domain, user) => this.greetingGet(domain, user));
      default:
        return undefined;
    }
  }

  // --- the vm_fsdb_* family: <profile> <domain> <user> …, with or without a leading <format> ---

  private fsdb(argv: string[], first: number, needed: number, run: (domain: string, user: string) => string): string {
    if (argv.length < needed) return '-ERR Missing Arguments\n';
    if (argv[first] !== PROFILE) return '-ERR Profile not found\n';
    return run(argv[first + 1]!, argv[first + 2]!);
  }

  private msgList(domain: string, user: string, filter: string, order = 'ASC'): string {
    if (!/^(asc|desc)$/i.test(order)) return `-ERR Bad Argument: '${order}'\n`;
    const f = filter.toLowerCase();
    const match = (m: SimVoicemailMessage) =>
      f === 'not-read' ? m.readEpoch === 0 : f === 'new' ? m.flags === '' : f === 'save' ? m.flags === 'save' : m.readEpoch !== 0;
    const rows = this.sorted(this.box(user, domain).filter(match), order.toLowerCase() === 'desc');
    const h = this.requestParams('vm_fsdb_msg_list_function', 5452);
    rows.forEach((m, i) => h.push(`VM-List-Message-${i + 1}-UUID`, m.uuid));
    h.push('VM-List-Count', String(rows.length));
    return serialize(h);
  }

  private msgGet(domain: string, user: string, uuid: string): string {
    const h = this.requestParams('vm_fsdb_msg_get_function', 5933);
    const m = this.box(user, domain).find((x) => x.uuid === uuid);
    if (m) {
      // switch_event_add_header leaves out a header whose value is empty (a new message's flags).
      const add = (name: string, value: string) => value !== '' && h.push(name, value);
      add('VM-Message-Received-Epoch', String(m.createdEpoch));
      add('VM-Message-Read-Epoch', String(m.readEpoch));
      add('VM-Message-UUID', m.uuid);
      add('VM-Message-Caller-Name', m.cidName);
      add('VM-Message-Caller-Number', m.cidNumber);
      add('VM-Message-Folder', m.folder);
      add('VM-Message-File-Path', m.path);
      add('VM-Message-Duration', String(m.seconds));
      add('VM-Message-Flags', m.flags);
      add('VM-Message-Read-Flags', m.readFlags);
    }
    return serialize(h);
  }

  /** vm_fsdb_msg_count counts by flags (new: not saved), unlike vm_boxcount and MESSAGE_WAITING. */
  private msgCount(domain: string, user: string): string {
    const box = this.box(user, domain);
    const n = (flags: string, urgent?: boolean) => box.filter((m) => m.flags === flags && (urgent === undefined || (m.readFlags === 'A_URGENT') === urgent)).length;
    const h = this.requestParams('vm_fsdb_msg_count_function', 6175);
    h.push(
      'VM-Total-New-Messages', String(n('')),
      'VM-Total-New-Urgent-Messages', String(n('', true)),
      'VM-Total-Saved-Messages', String(n('save')),
      'VM-Total-Saved-Urgent-Messages', String(n('save', true)),
    );
    return serialize(h);
  }

  /** Flags only: no MESSAGE_WAITING (mod_voicemail fires none for these). */
  private setFlags(domain: string, user: string, uuid: string, flags: SimVoicemailMessage['flags']): string {
    for (const m of this.box(user, domain)) if (m.uuid === uuid) m.flags = flags;
    return '-OK\n';
  }

  private purge(domain: string, user: string): string {
    for (const m of this.box(user, domain).filter((x) => x.flags === 'delete')) this.remove(m);
    this.updateMwi(user, domain, 'PURGE');
    return '-OK\n';
  }

  private setPassword(domain: string, user: string, password: string): string {
    this.pref(user, domain).password = password;
    return '-OK\n';
  }

  private setGreeting(domain: string, user: string, slot: number, file: string | undefined): string {
    const folder = join(this.dir, PROFILE, domain, user);
    const target = join(folder, `greeting_${slot}.wav`);
    mkdirSync(folder, { recursive: true });
    if (file) {
      if (!existsSync(file)) return "-ERR Filename doesn't exist\n";
      renameSync(file, target);
    }
    if (!existsSync(target)) return `-ERR Recording doesn't exist [${target}]\n`;
    this.pref(user, domain).greetingPath = target;
    return '-OK\n';
  }

  private greetingGet(domain: string, user: string): string {
    const path = this.prefs.get(`${user}@${domain}`)?.greetingPath;
    if (!path) return '-ERR No greeting found\n';
    const h = this.requestParams('vm_fsdb_pref_greeting_get_function', 5223);
    h.push('VM-Preference-Greeting-File-Path', path, 'VM-Preference-Greeting-Slot', 'Not Implemented yet', 'VM-Preference-Greeting-Selected', 'True');
    return serialize(h);
  }

  // --- the older commands: <user>@<domain>[/profile] … -------------------------------------

  /** `[profile/]<user>@<domain>[|how]`, as the older commands take it; null when it names no box at all. */
  private olderBox(arg: string, how: string): { profile?: string; user: string; domain?: string; how: string } | null {
    let id = arg;
    let profile: string | undefined;
    const slash = id.indexOf('/');
    if (slash !== -1) {
      profile = id.slice(0, slash);
      id = id.slice(slash + 1);
    }
    id = id.replace(/^sip:/i, '');
    if (!id) return null;
    const at = id.indexOf('@');
    if (at === -1) return { profile, user: id, how };
    let domain = id.slice(at + 1);
    const bar = domain.indexOf('|');
    if (bar !== -1) {
      how = domain.slice(bar + 1);
      domain = domain.slice(0, bar);
    }
    return { profile, user: id.slice(0, at), domain, how };
  }

  /** Counted by read_epoch, as update_mwi counts. */
  private boxcount(arg: string): string {
    const box = arg ? this.olderBox(arg, 'new') : null;
    if (!box) return '0';
    let c = { new: 0, saved: 0, newUrgent: 0, savedUrgent: 0 };
    if (box.domain !== undefined) {
      if (box.profile && box.profile !== PROFILE) return '-ERR No such profile\n';
      c = this.count(box.user, box.domain);
    }
    switch (box.how.toLowerCase()) {
      case 'saved':
        return String(c.saved);
      case 'new-urgent':
        return String(c.newUrgent);
      case 'new-saved':
        return String(c.savedUrgent);
      case 'all':
        return `${c.new}:${c.saved}:${c.newUrgent}:${c.savedUrgent}`;
      default:
        return String(c.new);
    }
  }

  private prefsApi(arg: string): string {
    const box = arg ? this.olderBox(arg, 'greeting_path') : null;
    if (!box) return '0';
    if (box.domain === undefined) return '-ERR No domain specified\n';
    if (box.profile && box.profile !== PROFILE) return '-ERR No such profile\n';
    const p = this.prefs.get(`${box.user}@${box.domain}`) ?? {};
    const greeting = p.greetingPath ?? '';
    const name = p.namePath ?? '';
    const password = p.password ?? '';
    switch (box.how.toLowerCase()) {
      case 'greeting_path':
        return greeting;
      case 'name_path':
        return name;
      case 'password':
        return password;
      default:
        return `${greeting}:${name}:${password}`;
    }
  }

  /** `<id>@<domain>[/profile] …`: the box, the profile and what follows the first space. */
  private address(arg: string): { user: string; domain: string | undefined; profile: string; rest: string } {
    const space = arg.indexOf(' ');
    const head = space === -1 ? arg : arg.slice(0, space);
    const rest = space === -1 ? '' : arg.slice(space + 1);
    const at = head.indexOf('@');
    if (at === -1) return { user: head, domain: undefined, profile: PROFILE, rest };
    const [domain = '', profile = PROFILE] = head.slice(at + 1).split('/');
    return { user: head.slice(0, at), domain, profile, rest };
  }

  private vmList(arg: string): string {
    if (!arg) return 'Usage: <id>@<domain>[/profile] [xml]\n';
    const { user, domain, profile, rest } = this.address(arg);
    if (!domain || profile !== PROFILE) return "-ERR can't find user or profile.\n";
    const [format = 'text', uuid] = rest.split(' ');
    const rows = this.box(user, domain).filter((m) => !uuid || m.uuid === uuid);
    const xml = format.toLowerCase() === 'xml';
    const lines = rows.map((m) =>
      xml
        ? ` <message>\n  <created_epoch>${m.createdEpoch}</created_epoch>\n  <read_epoch>${m.readEpoch}</read_epoch>\n  <username>${m.user}</username>\n  <domain>${m.domain}</domain>\n  <folder>${m.folder}</folder>\n  <path>${m.path}</path>\n  <uuid>${m.uuid}</uuid>\n  <cid-name>${m.cidName}</cid-name>\n  <cid-number>${m.cidNumber}</cid-number>\n  <message-len>${m.seconds}</message-len>\n </message>\n`
        : `${m.createdEpoch}:${m.readEpoch}:${m.user}:${m.domain}:${m.folder}:${m.path}:${m.uuid}:${m.cidName}:${m.cidNumber}:${m.seconds}\n`,
    );
    return xml ? `<voicemail>\n${lines.join('')}</voicemail>\n` : lines.join('');
  }

  /** `vm_read <id>@<domain> read|unread [uuid]`: by uuid alone (any box), or every message of the domain (sic). */
  private vmRead(arg: string): string {
    if (!arg) return 'Usage: <id>@<domain>[/profile] <read|unread> [<uuid>]\n';
    const { user, domain, profile, rest } = this.address(arg);
    const [ru = '', uuid] = rest.split(' ');
    const read = ru.toLowerCase() === 'read' ? true : ru.toLowerCase() === 'unread' ? false : undefined;
    if (read === undefined || !domain || profile !== PROFILE) return "-ERR can't find user or profile.\n";
    const now = this.nowSeconds();
    for (const m of this.messages) {
      if (uuid ? m.uuid !== uuid : m.domain !== domain) continue;
      if (read) m.readEpoch = now;
      else {
        m.readEpoch = 0;
        m.flags = '';
      }
    }
    this.updateMwi(user, domain, 'READ');
    return '+OK\n';
  }

  /** `vm_delete <id>@<domain> [uuid]`: the message by uuid alone (any box), or every one of the box; files too. */
  private vmDelete(arg: string): string {
    if (!arg) return 'Usage: <id>@<domain>[/profile] [<uuid>]\n';
    const { user, domain, profile, rest } = this.address(arg);
    if (!domain || profile !== PROFILE) return "-ERR can't find user or profile.\n";
    const uuid = rest || undefined;
    for (const m of this.messages.filter((x) => (uuid ? x.uuid === uuid : x.user === user && x.domain === domain))) this.remove(m);
    this.updateMwi(user, domain, 'DELETE');
    return '+OK\n';
  }

  private inject(argv: string[]): string {
    const [boxArg = '', file = '', cidNumber = 'anonymous', cidName = 'anonymous'] = argv;
    const at = boxArg.indexOf('@');
    const user = at === -1 ? boxArg : boxArg.slice(0, at);
    const domain = at === -1 ? '' : boxArg.slice(at + 1).split('@')[0]!;
    if (!file || !domain || !this.userExists(user, domain) || !existsSync(file) || !statSync(file).isFile()) return `Error: ${USAGE.inject}\n`;
    const seconds = wavSeconds(readFileSync(file));
    if (seconds === undefined) return `Error: ${USAGE.inject}\n`;
    const uuid = randomUUID();
    const folder = join(this.dir, domain, user);
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `msg_${uuid}_broadcast_${basename(file)}`);
    copyFileSync(file, path);
    this.store({ uuid, user, domain, cidNumber, cidName, path, seconds, urgent: false });
    return '+OK\n';
  }

  // --- the table ------------------------------------------------------------------------

  private store(o: { uuid: string; user: string; domain: string; cidNumber: string; cidName: string; path: string; seconds: number; urgent: boolean }): void {
    this.messages.push({
      uuid: o.uuid,
      user: o.user,
      domain: o.domain,
      createdEpoch: this.nowSeconds(),
      readEpoch: 0,
      cidName: o.cidName,
      cidNumber: o.cidNumber,
      folder: 'inbox',
      path: o.path,
      seconds: o.seconds,
      flags: '',
      readFlags: o.urgent ? 'A_URGENT' : 'B_NORMAL',
    });
    this.updateMwi(o.user, o.domain, 'NEW');
  }

  private remove(m: SimVoicemailMessage): void {
    this.messages.splice(this.messages.indexOf(m), 1);
    rmSync(m.path, { force: true });
  }

  private box(user: string, domain: string): SimVoicemailMessage[] {
    return this.messages.filter((m) => m.user === user && m.domain === domain);
  }

  /** ORDER BY read_flags, created_epoch: urgent (A_URGENT) before normal, then by age. */
  private sorted(rows: SimVoicemailMessage[], desc: boolean): SimVoicemailMessage[] {
    return [...rows].sort((a, b) => a.readFlags.localeCompare(b.readFlags) || (desc ? b.createdEpoch - a.createdEpoch : a.createdEpoch - b.createdEpoch));
  }

  /** message_count: in the inbox, new while never read (read_epoch = 0); urgent ones are also in new and saved. */
  private count(user: string, domain: string) {
    const box = this.box(user, domain);
    const urgent = (m: SimVoicemailMessage) => m.readFlags === 'A_URGENT';
    const unread = box.filter((m) => m.readEpoch === 0);
    const read = box.filter((m) => m.readEpoch !== 0);
    return { new: unread.length, saved: read.length, newUrgent: unread.filter(urgent).length, savedUrgent: read.filter(urgent).length };
  }

  /** update_mwi: MESSAGE_WAITING with the box's count (send-full-vm-header off: `new/saved`). */
  private updateMwi(user: string, domain: string, reason: 'NEW' | 'DELETE' | 'SAVE' | 'PURGE' | 'READ'): void {
    const c = this.count(user, domain);
    const h = this.stamper.stamp('MESSAGE_WAITING', undefined, 'mod_voicemail.c', 'update_mwi', 1930);
    h.push(
      'MWI-Messages-Waiting', c.new || c.newUrgent ? 'yes' : 'no',
      'Update-Reason', reason,
      'MWI-Message-Account', `${user}@${domain}`,
      'MWI-Voice-Message', `${c.new}/${c.saved}`,
    );
    this.fire(new SimEvent('MESSAGE_WAITING', undefined, h));
  }

  private pref(user: string, domain: string): Prefs {
    const key = `${user}@${domain}`;
    let p = this.prefs.get(key);
    if (!p) this.prefs.set(key, (p = {}));
    return p;
  }

  /** A REQUEST_PARAMS event as the vm_fsdb_* commands build their answers. */
  private requestParams(fn: string, line: number): string[] {
    return this.stamper.stamp('REQUEST_PARAMS', undefined, 'mod_voicemail.c', fn, line);
  }

  private nowSeconds(): number {
    return Math.floor(this.stamper.now() / 1_000_000);
  }
}

/** switch_event_serialize_json: one object, every value a string, no spaces. */
function serialize(headers: string[]): string {
  const out: Record<string, string> = {};
  for (let i = 0; i < headers.length; i += 2) out[headers[i]!] = headers[i + 1]!;
  return JSON.stringify(out);
}
