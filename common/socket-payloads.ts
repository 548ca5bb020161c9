// The payload schemas of every client→server event (common/socket.ts names
// the events), so both ends share one definition: the server decodes every
// message with them (server/socket/decode.ts), and an event added to
// ClientToServerEvents without a row here does not compile.
import { z } from 'zod';
import { AGENT_STATUSES } from './live.ts';
import type { ClientToServerEvents } from './socket.ts';

/** One event's arguments: a schema per payload argument, in order, and whether an ack function comes last. */
export interface EventShape {
  args: readonly z.ZodType[];
  ack: boolean;
}

const CHOOSE_STATUS = `Choose one of: ${AGENT_STATUSES.join(', ')}.`;
/** mod_callcenter's own status words, exactly as `callcenter_config agent set status` takes them. */
export const agentStatusPayload = z.string({ error: CHOOSE_STATUS }).pipe(z.enum(AGENT_STATUSES, { error: CHOOSE_STATUS }));

export const CLIENT_EVENTS = {
  resync: { args: [], ack: false },
  'agent-status': { args: [agentStatusPayload], ack: true },
} as const satisfies Record<keyof ClientToServerEvents, EventShape>;
