// Who must hear of an AppEvent. Every node keeps its own live state, so the
// choice is made where the event is born, never guessed later:
//   'this-node'  — every node sees it on its own ESL link (a phone dialled *78),
//                  so each one only updates itself;
//   'every-node' — only this node knows (a setting saved by a web request, a
//                  CDR written, a fax counted), so it is told to the other nodes
//                  too, through the Socket.IO adapter.
import type { AppEvent } from './reduce.ts';

export type Reach = 'this-node' | 'every-node';

/** Folds an AppEvent into the live state of the nodes `reach` names (server/main.ts builds it). */
export type Deliver = (event: AppEvent, reach: Reach) => void;
