// A supervisor's orders for agents, kept per agent outside the rows that
// show them (a row is rebuilt when its agent's patch arrives, which is the
// very moment an order is confirmed). An order is pending from the click
// until the agent's live row shows the status (and reason) asked for —
// FreeSWITCH's agent-status-change, never the click — or failed with the
// server's words when FreeSWITCH (or the server) refused it.
import { createEffect, createRoot } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { AgentStatus, QueueAgent } from '../../../common/live.ts';
import { announce } from '../access/announce.ts';
import { live, requestSetAgentStatus } from '../live/store.ts';

export interface OrderTarget {
  status: AgentStatus;
  reason?: string;
}

export interface Order {
  id: number;
  target: OrderTarget;
  /** asking: the server has not answered; confirming: FreeSWITCH took it, its event is awaited; late: it has not come within CONFIRM_MS. */
  phase: 'asking' | 'confirming' | 'late' | 'failed';
  error?: string;
}

/** How long a confirmation may take before the row says it has not come. */
const CONFIRM_MS = 10_000;

const [orders, setOrders] = createStore<Record<string, Order | undefined>>({});
export const orderOf = (agent: string): Order | undefined => orders[agent];
export const forgetOrder = (agent: string) => setOrders(agent, undefined);
let nextId = 0;

/** The target in words: "On Break · Lunch". */
export const targetWords = (t: OrderTarget) => (t.reason ? `${t.status} · ${t.reason}` : t.status);

/** Whether the agent's row shows what was asked. */
export const confirms = (agent: Pick<QueueAgent, 'status' | 'reason'>, t: OrderTarget) =>
  agent.status === t.status && (t.reason === undefined || agent.reason === t.reason);

const liveAgent = (name: string) => {
  for (const q of Object.values(live.queues)) {
    const found = q.agents.find((a) => a.name === name);
    if (found) return found;
  }
  return undefined;
};

export async function placeOrder(agent: Pick<QueueAgent, 'name' | 'extension'>, target: OrderTarget): Promise<void> {
  const id = ++nextId;
  const current = () => orders[agent.name]?.id === id;
  setOrders(agent.name, { id, target, phase: 'asking' });
  const result = await requestSetAgentStatus({ extension: agent.extension, ...target });
  if (!current()) return;
  if (!result.ok) {
    setOrders(agent.name, { id, target, phase: 'failed', error: result.error });
    announce(`${agent.extension} not changed: ${result.error}`, 'assertive');
    return;
  }
  setOrders(agent.name, 'phase', 'confirming');
  // Done when the live row shows it: FreeSWITCH's own event, through the patches.
  createRoot((dispose) => {
    const late = setTimeout(() => {
      if (current()) setOrders(agent.name, 'phase', 'late');
    }, CONFIRM_MS);
    createEffect(() => {
      const shown = liveAgent(agent.name);
      if (!current()) {
        clearTimeout(late);
        dispose();
      } else if (shown && confirms(shown, target)) {
        clearTimeout(late);
        forgetOrder(agent.name);
        announce(`FreeSWITCH confirmed: ${agent.extension} is ${targetWords(target)}.`);
        dispose();
      }
    });
  });
}
