// A call into a mod_callcenter queue: the caller becomes a member of
// `<queue>@<domain>`, hears the queue's music and is bridged to the agent
// who answers. Pure; used for a phone dialling the queue's name and for a
// DID routed to a queue.
import type { Action } from './dialplan.ts';

const WORD = /^[A-Za-z0-9_.+-]+$/;

export function queueActions(queue: string, domain: string): Action[] {
  // The callcenter application splits its argument on spaces; a name is one word.
  if (!WORD.test(queue) || !WORD.test(domain)) throw new Error(`not a queue name: ${JSON.stringify(`${queue}@${domain}`)}`);
  return [
    // When the agent hangs up, so does the caller, instead of running on in this dialplan.
    ['set', 'hangup_after_bridge=true'],
    // mod_callcenter answers the caller itself (its waiting time starts then).
    ['callcenter', `${queue}@${domain}`],
    ['hangup'],
  ];
}
