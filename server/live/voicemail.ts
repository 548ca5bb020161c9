// mod_voicemail's count of each extension's box, as the extension's scope
// shows it: set by MESSAGE_WAITING (what a desk phone's light follows) and
// replaced by the counts read back after every (re)connect. Pure.
import { extensionScope, type VoicemailCount } from '../../common/live.ts';
import type { MailboxCount } from '../pbx/events.ts';
import type { Change } from './changes.ts';
import type { TenantState } from './state.ts';

const same = (a: VoicemailCount | undefined, b: VoicemailCount) => a !== undefined && a.new === b.new && a.saved === b.saved;

/** One box's new count (MESSAGE_WAITING carries the whole count, so replaying it is harmless). */
export function voicemailCounted(state: TenantState, box: MailboxCount): Change[] {
  const ext = state.extensions.get(box.user);
  if (!ext || same(ext.voicemail, box.count)) return [];
  return [{ kind: 'scope', scope: extensionScope(ext.number), set: { voicemail: { new: box.count.new, saved: box.count.saved } } }];
}

/** After a reconnect: every box FreeSWITCH counted is the truth; boxes it was not asked about stay as they are. */
export const resyncVoicemail = (state: TenantState, boxes: MailboxCount[]): Change[] => boxes.flatMap((box) => voicemailCounted(state, box));
