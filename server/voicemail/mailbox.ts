// A box's messages and greeting, read and changed through mod_voicemail's
// own API (server/pbx/voicemail.ts): FreeSWITCH's storage is the only copy.
// The caller has already checked that the box is the user's own; every
// command here names that box, and the commands that find a message by uuid
// alone (vm_read, vm_delete) run only after the box was seen to hold it.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { VoicemailMessage } from '../../common/voicemail.ts';
import {
  deleteMessage,
  getGreeting,
  getMessage,
  isMessageUuid,
  listMessages,
  markRead,
  parseGreeting,
  parseMessage,
  parseMessageList,
  saveMessage,
  setGreeting,
  type BoxMessage,
} from '../pbx/voicemail.ts';

export type Api = (command: string) => Promise<string>;

export interface Box {
  user: string;
  domain: string;
}

/** How many vm_fsdb_msg_get run at once for one listing. */
const GET_CONCURRENCY = 4;

export const isNew = (m: BoxMessage) => m.readAt === 0;

export const messageView = (m: BoxMessage): VoicemailMessage => ({
  uuid: m.uuid,
  folder: isNew(m) ? 'new' : 'saved',
  callerIdName: m.callerIdName,
  callerIdNumber: m.callerIdNumber,
  receivedAt: new Date(m.receivedAt * 1000).toISOString(),
  seconds: m.seconds,
  urgent: m.urgent,
});

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Every message of the box, newest first. Messages deleted on a phone
 * (flagged, purged when that call ends) are not shown; a message deleted
 * between the list and its read is simply left out.
 */
export async function listBox(api: Api, box: Box): Promise<BoxMessage[]> {
  const [fresh, read] = await Promise.all([
    api(listMessages(box.user, box.domain, 'not-read')),
    api(listMessages(box.user, box.domain, 'read')),
  ]);
  const uuids = [...new Set([...parseMessageList(fresh), ...parseMessageList(read)])];
  const messages = await mapLimit(uuids, GET_CONCURRENCY, (uuid) => findMessage(api, box, uuid));
  return messages
    .filter((m): m is BoxMessage => !!m && m.flags !== 'delete')
    .sort((a, b) => b.receivedAt - a.receivedAt || a.uuid.localeCompare(b.uuid));
}

/** The box's message with this uuid, or undefined (another box's, or none at all). */
export async function findMessage(api: Api, box: Box, uuid: string): Promise<BoxMessage | undefined> {
  if (!isMessageUuid(uuid)) return undefined;
  const message = parseMessage(await api(getMessage(box.user, box.domain, uuid)));
  return message && message.uuid === uuid && message.flags !== 'delete' ? message : undefined;
}

/**
 * Saved, as the phone menu's "save" key leaves it (flagged save, no longer
 * new); mod_voicemail then fires MESSAGE_WAITING with the box's new count.
 * Undefined when the box has no such message.
 */
export async function keepMessage(api: Api, box: Box, uuid: string): Promise<BoxMessage | undefined> {
  const message = await findMessage(api, box, uuid);
  if (!message) return undefined;
  await api(saveMessage(box.user, box.domain, uuid));
  if (isNew(message)) await api(markRead(box.user, box.domain, uuid));
  return (await findMessage(api, box, uuid)) ?? { ...message, flags: 'save', readAt: message.readAt || Math.floor(Date.now() / 1000) };
}

/** Deleted with its file; mod_voicemail fires MESSAGE_WAITING. False when the box has no such message. */
export async function removeMessage(api: Api, box: Box, uuid: string): Promise<boolean> {
  if (!(await findMessage(api, box, uuid))) return false;
  await api(deleteMessage(box.user, box.domain, uuid));
  return true;
}

/** The selected greeting's file, if the owner has one. */
export async function greetingOf(api: Api, box: Box): Promise<string | undefined> {
  try {
    return parseGreeting(await api(getGreeting(box.user, box.domain)));
  } catch (err) {
    // pbx.api rejects -ERR answers; "No greeting found" is an answer, not a failure.
    if (/no greeting found/i.test((err as Error).message)) return undefined;
    throw err;
  }
}

export class GreetingNotTaken extends Error {}

/**
 * Hands FreeSWITCH the converted greeting: it moves the file into the box's
 * folder and selects it. mod_voicemail answers -OK even when its rename
 * failed and an older greeting is still there, so the file is checked: if it
 * is still where we put it, FreeSWITCH did not take it (it does not see the
 * same folder), and it is removed.
 */
export async function installGreeting(api: Api, box: Box, file: string): Promise<void> {
  try {
    await api(setGreeting(box.user, box.domain, file));
    if (existsSync(file)) throw new GreetingNotTaken(`FreeSWITCH did not take ${file}: is VOICEMAIL_DIR the folder FreeSWITCH keeps voicemail in?`);
  } finally {
    await rm(file, { force: true });
  }
}
