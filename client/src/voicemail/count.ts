// The unread (new) voicemail count of the user's extensions, live: what
// mod_voicemail's MESSAGE_WAITING says, as a desk phone's light shows it.
import { live, liveReady } from '../live/store.ts';

/** Where Voicemail → Messages lives (nav.ts, App.tsx). */
export const VOICEMAIL_PATH = '/voicemail/messages';

/** New messages across these extensions; undefined until FreeSWITCH has said for any of them. */
export function newVoicemail(extensions: readonly string[]): number | undefined {
  if (!liveReady()) return undefined;
  let known = false;
  let total = 0;
  for (const n of extensions) {
    const count = live.extensions[n]?.voicemail;
    if (!count) continue;
    known = true;
    total += count.new;
  }
  return known ? total : undefined;
}

export const newMessagesText = (n: number) => (n === 1 ? '1 new voicemail message' : `${n} new voicemail messages`);
