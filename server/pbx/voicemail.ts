// mod_voicemail over ESL: its API commands as pure builders (run with
// pbx.api()), the parsers of what it answers, and its MESSAGE_WAITING event.
// Every argument is checked, so nothing a user sent can change a command;
// mod_voicemail splits its arguments on spaces and quotes none of them.
//
// What FreeSWITCH 1.10.12 answers (recorded in tests/fixtures/freeswitch/voicemail.json):
//   vm_boxcount default/<user>@<domain>|all  → `new:saved:new-urgent:saved-urgent` ("0:0:0:0"),
//     counted by read_epoch like MESSAGE_WAITING; an unknown profile: `-ERR No such profile`
//   vm_fsdb_msg_list json default <domain> <user> inbox not-read|read
//     → a serialised REQUEST_PARAMS event: VM-List-Message-<n>-UUID …, VM-List-Count
//   vm_fsdb_msg_get json default <domain> <user> <uuid> → the event with VM-Message-* headers, or
//     without any of them when that box has no such message (an empty header is left out: a
//     new message has no VM-Message-Flags)
//   vm_fsdb_msg_save / vm_fsdb_pref_password_set / vm_fsdb_pref_greeting_set → `-OK` (sic: a
//     success starts with a minus), `-ERR Profile not found`, `-ERR Filename doesn't exist`
//   vm_read <user>@<domain> read <uuid>, vm_delete <user>@<domain> <uuid> → `+OK`, also for a
//     uuid that is not there; both fire MESSAGE_WAITING (Update-Reason READ / DELETE). They find
//     the message by uuid alone, so the box is checked first (vm_fsdb_msg_get).
//   vm_fsdb_pref_greeting_get json default <domain> <user> → VM-Preference-Greeting-File-Path …,
//     or `-ERR No greeting found`
import type { VoicemailCount } from '../../common/live.ts';
import { word } from './commands.ts';
import { int, splitAddress, type Get } from './headers.ts';
import type { MailboxCount, Micros, PbxEvent } from './events.ts';

/** The mod_voicemail profile freeswitch/conf/autoload_configs/voicemail.conf.xml defines, and the dialplan uses. */
export const VOICEMAIL_PROFILE = 'default';

/** mod_voicemail's folder every message is left in (its only one). */
const INBOX = 'inbox';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A path FreeSWITCH reads as one argument: absolute, no spaces, nothing a shell or its parser treats specially. */
const PATH = /^\/[A-Za-z0-9._/+-]+$/;
/** What the voicemail PIN schema allows (common/admin.ts voicemailPin); mod_voicemail compares it as text. */
const PIN = /^[0-9]{4,10}$/;

const box = (user: string, domain: string) => `${word(user, 'extension')}@${word(domain, 'domain')}`;
const fsdb = (domain: string, user: string) => `${VOICEMAIL_PROFILE} ${word(domain, 'domain')} ${word(user, 'extension')}`;

export function messageUuid(uuid: string): string {
  if (!UUID.test(uuid)) throw new Error(`not a message uuid: ${JSON.stringify(uuid)}`);
  return uuid;
}

export const isMessageUuid = (value: string): boolean => UUID.test(value);

function path(value: string): string {
  if (!PATH.test(value) || value.split('/').includes('..')) throw new Error(`not a path FreeSWITCH can be given: ${JSON.stringify(value)}`);
  return value;
}

/** `new:saved:new-urgent:saved-urgent` of one box, counted as MESSAGE_WAITING counts it. */
export const boxCount = (user: string, domain: string): string => `vm_boxcount ${VOICEMAIL_PROFILE}/${box(user, domain)}|all`;

/** The uuids of a box's new (`not-read`) or saved (`read`: listened to or saved) messages. */
export const listMessages = (user: string, domain: string, which: 'not-read' | 'read'): string =>
  `vm_fsdb_msg_list json ${fsdb(domain, user)} ${INBOX} ${which}`;

/** One message of this box (nothing for another box's uuid). */
export const getMessage = (user: string, domain: string, uuid: string): string => `vm_fsdb_msg_get json ${fsdb(domain, user)} ${messageUuid(uuid)}`;

/** Flags the message saved, as the phone menu's "save" key does (no MESSAGE_WAITING: markRead follows). */
export const saveMessage = (user: string, domain: string, uuid: string): string => `vm_fsdb_msg_save ${fsdb(domain, user)} ${messageUuid(uuid)}`;

/** Marks it listened to: no longer new (read_epoch), and mod_voicemail fires MESSAGE_WAITING with the new count. */
export const markRead = (user: string, domain: string, uuid: string): string => `vm_read ${box(user, domain)} read ${messageUuid(uuid)}`;

/** Deletes the message and its file; mod_voicemail fires MESSAGE_WAITING with the new count. */
export const deleteMessage = (user: string, domain: string, uuid: string): string => `vm_delete ${box(user, domain)} ${messageUuid(uuid)}`;

/** The box's password in mod_voicemail's own database (voicemail_prefs), what the phone menu's "change password" sets. */
export function setBoxPassword(user: string, domain: string, pin: string): string {
  if (!PIN.test(pin) && !/^[A-Za-z0-9]{16,64}$/.test(pin)) throw new Error('not a voicemail PIN');
  return `vm_fsdb_pref_password_set ${fsdb(domain, user)} ${pin}`;
}

/** Greeting 1 from `file`, which FreeSWITCH moves into the box's folder (same file system) and selects. */
export const setGreeting = (user: string, domain: string, file: string): string => `vm_fsdb_pref_greeting_set ${fsdb(domain, user)} 1 ${path(file)}`;

/** The selected greeting's file. */
export const getGreeting = (user: string, domain: string): string => `vm_fsdb_pref_greeting_get json ${fsdb(domain, user)}`;

/** `vm_boxcount …|all`: "new:saved:new-urgent:saved-urgent"; the urgent ones are already in new and saved. */
export function parseBoxCount(output: string): VoicemailCount {
  const m = /^(\d+):(\d+):\d+:\d+$/.exec(output.trim());
  if (!m) throw new Error(`vm_boxcount: unexpected answer: ${JSON.stringify(output.slice(0, 80))}`);
  return { new: Number(m[1]), saved: Number(m[2]) };
}

/** The headers of a serialised event (what the vm_fsdb_* commands print). */
function eventJson(output: string, what: string): Record<string, string> {
  const text = output.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${what}: unexpected answer: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${what}: unexpected answer`);
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

/** `vm_fsdb_msg_list`: the uuids in mod_voicemail's order. */
export function parseMessageList(output: string): string[] {
  const h = eventJson(output, 'vm_fsdb_msg_list');
  const count = int(h['VM-List-Count']);
  const uuids: string[] = [];
  for (let n = 1; n <= count; n++) {
    const uuid = h[`VM-List-Message-${n}-UUID`];
    if (uuid && UUID.test(uuid)) uuids.push(uuid);
  }
  return uuids;
}

/** One message as mod_voicemail keeps it. */
export interface BoxMessage {
  uuid: string;
  /** Unix seconds it was left. */
  receivedAt: number;
  /** Unix seconds it was listened to or saved; 0 while new. */
  readAt: number;
  callerIdName: string;
  callerIdNumber: string;
  /** Where FreeSWITCH keeps the recording. */
  filePath: string;
  seconds: number;
  /** '' (new or listened to), 'save', or 'delete' (deleted on a phone, purged when it hangs up). */
  flags: string;
  /** B_NORMAL or A_URGENT. */
  urgent: boolean;
}

/** `vm_fsdb_msg_get`: the message, or undefined when the box has no such message. */
export function parseMessage(output: string): BoxMessage | undefined {
  const h = eventJson(output, 'vm_fsdb_msg_get');
  const uuid = h['VM-Message-UUID'];
  if (!uuid) return undefined;
  return {
    uuid,
    receivedAt: int(h['VM-Message-Received-Epoch']),
    readAt: int(h['VM-Message-Read-Epoch']),
    callerIdName: h['VM-Message-Caller-Name'] ?? '',
    callerIdNumber: h['VM-Message-Caller-Number'] ?? '',
    filePath: h['VM-Message-File-Path'] ?? '',
    seconds: int(h['VM-Message-Duration']),
    flags: h['VM-Message-Flags'] ?? '',
    urgent: h['VM-Message-Read-Flags'] === 'A_URGENT',
  };
}

/** `vm_fsdb_pref_greeting_get`: the greeting's file, or undefined when the box has none (`-ERR No greeting found`). */
export function parseGreeting(output: string): string | undefined {
  if (output.startsWith('-ERR')) return undefined;
  return eventJson(output, 'vm_fsdb_pref_greeting_get')['VM-Preference-Greeting-File-Path'] || undefined;
}

/**
 * MESSAGE_WAITING, as mod_voicemail fires it (update_mwi: a message left,
 * read, deleted, purged) and as it answers a phone's MESSAGE_QUERY:
 * MWI-Message-Account is `<user>@<domain>` (`sip:` in front when a phone
 * asked), MWI-Voice-Message `new/saved` or `new/saved (urgent-new/urgent-saved)`.
 * Answering a phone whose box is empty, it sends `MWI-Messages-Waiting: no`
 * without MWI-Voice-Message: 0/0.
 */
export function messageWaiting(get: Get, at: Micros): PbxEvent | undefined {
  const account = (get('MWI-Message-Account') ?? '').replace(/^[a-z]+:/i, '');
  const [user, domain] = splitAddress(account);
  if (!user || !domain) return undefined;
  const voice = get('MWI-Voice-Message');
  const waiting = get('MWI-Messages-Waiting');
  let count: VoicemailCount;
  if (voice === undefined) {
    if (waiting !== 'no') return undefined;
    count = { new: 0, saved: 0 };
  } else {
    const m = /^\s*(\d+)\/(\d+)/.exec(voice);
    if (!m) return undefined;
    count = { new: Number(m[1]), saved: Number(m[2]) };
  }
  return { kind: 'message-waiting', at, user, domain, count };
}

/** One box to count after a (re)connect. */
export interface Mailbox {
  user: string;
  domain: string;
}

/** How many vm_boxcount commands run at once: a big tenant's boxes do not flood the event socket. */
export const COUNT_CONCURRENCY = 8;

/**
 * The count of every box (vm_boxcount), at most COUNT_CONCURRENCY at a time.
 * Undefined when FreeSWITCH has no mod_voicemail (or no such profile): counts
 * are then left as they are. A box whose count could not be read is left out.
 */
export async function readMailboxCounts(
  api: (command: string) => Promise<string>,
  boxes: readonly Mailbox[],
  concurrency = COUNT_CONCURRENCY,
): Promise<MailboxCount[] | undefined> {
  if (boxes.length === 0) return [];
  const counts: MailboxCount[] = [];
  let next = 0;
  let missing = false;
  const worker = async () => {
    while (next < boxes.length && !missing) {
      const { user, domain } = boxes[next++]!;
      let command: string;
      try {
        command = boxCount(user, domain);
      } catch {
        continue;
      }
      try {
        counts.push({ user, domain, count: parseBoxCount(await api(command)) });
      } catch (err) {
        if (/command not found|no such profile/i.test((err as Error).message)) missing = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, boxes.length) }, worker));
  return missing ? undefined : counts;
}
