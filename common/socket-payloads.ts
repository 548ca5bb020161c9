// The payload schemas of every client→server event (common/socket.ts names
// the events), so both ends share one definition: the server decodes every
// message with them (server/socket/decode.ts), and an event added to
// ClientToServerEvents without a row here does not compile.
import { z } from 'zod';
import { AGENT_STATUSES, SUPERVISION_MODES } from './live.ts';
import type { ClientToServerEvents } from './socket.ts';

/** One event's arguments: a schema per payload argument, in order, and whether an ack function comes last. */
export interface EventShape {
  args: readonly z.ZodType[];
  ack: boolean;
}

const CHOOSE_STATUS = `Choose one of: ${AGENT_STATUSES.join(', ')}.`;
/** mod_callcenter's own status words, exactly as `callcenter_config agent set status` takes them. */
export const agentStatusPayload = z.string({ error: CHOOSE_STATUS }).pipe(z.enum(AGENT_STATUSES, { error: CHOOSE_STATUS }));

/** A break reason as the tenant's admin wrote it: checked against the tenant's list by the server. */
export const breakReasonPayload = z
  .string({ error: 'Choose a break reason.' })
  .pipe(z.string().trim().min(1, 'Choose a break reason.').max(60, 'A break reason has at most 60 characters.'));

/** A supervisor's order for one agent (server/desk/status-order.ts checks the extension is the tenant's). */
export const agentStatusOrderPayload = z.strictObject(
  {
    extension: z.string({ error: 'Name the agent by extension.' }).regex(/^[0-9A-Za-z_.+-]{1,32}$/, 'Name the agent by extension.'),
    status: agentStatusPayload,
    reason: breakReasonPayload.optional(),
  },
  { error: 'Send { extension, status, reason? }.' },
);

const CHOOSE_MODE = `Choose one of: ${SUPERVISION_MODES.join(', ')}.`;
/** Which extension's call, and how to take part in it; the tenant is the session's, never the request's. */
export const supervisePayload = z.strictObject(
  {
    extension: z.string({ error: 'Say which extension.' }).pipe(z.string().regex(/^[0-9A-Za-z_.+-]{1,40}$/, 'Not an extension number.')),
    mode: z.string({ error: CHOOSE_MODE }).pipe(z.enum(SUPERVISION_MODES, { error: CHOOSE_MODE })),
  },
  { error: 'Send { extension, mode }.' },
);

export const CLIENT_EVENTS = {
  resync: { args: [], ack: false },
  'agent-status': { args: [agentStatusPayload], ack: true },
  'agent-break': { args: [breakReasonPayload], ack: true },
  'set-agent-status': { args: [agentStatusOrderPayload], ack: true },
  'agent-ready': { args: [], ack: true },
  'presence-watch': { args: [z.boolean({ error: 'Say true or false.' })], ack: false },
  'figures-watch': { args: [z.boolean({ error: 'Say true or false.' })], ack: false },
  'queues-watch': { args: [z.boolean({ error: 'Say true or false.' })], ack: false },
  supervise: { args: [supervisePayload], ack: true },
  'supervise-leave': { args: [], ack: true },
} as const satisfies Record<keyof ClientToServerEvents, EventShape>;
