// CUSTOM callcenter::info → CallCenterEvent. Pure, like parse.ts, which
// hands these events here. Header names and values are mod_callcenter's.
import { AGENT_STATES, AGENT_STATUSES, type AgentState, type AgentStatus } from '../../common/live.ts';
import type { CallCenterEvent, CcMember, Micros } from './events.ts';
import { int, type Get } from './headers.ts';

/** FreeSWITCH compares statuses case-insensitively and echoes what it was given; we keep its canonical spelling. */
const canonical = <T extends string>(list: readonly T[], value: string | undefined): T | undefined =>
  value === undefined ? undefined : list.find((v) => v.toLowerCase() === value.toLowerCase());

export const agentStatus = (value: string | undefined): AgentStatus | undefined => canonical(AGENT_STATUSES, value);
export const agentState = (value: string | undefined): AgentState | undefined => canonical(AGENT_STATES, value);

/** member-queue-start carries no joined time: the event's own time is when the caller joined. */
function member(get: Get, at: Micros): CcMember | undefined {
  const uuid = get('CC-Member-UUID');
  if (!uuid) return undefined;
  return {
    uuid,
    cidName: get('CC-Member-CID-Name') ?? '',
    cidNumber: get('CC-Member-CID-Number') ?? '',
    joinedAt: int(get('CC-Member-Joined-Time')) || Math.floor(at / 1_000_000),
  };
}

export function parseCallCenter(get: Get, at: Micros): CallCenterEvent | undefined {
  const queue = get('CC-Queue');
  const agent = get('CC-Agent');
  switch (get('CC-Action')) {
    case 'agent-status-change': {
      const status = agentStatus(get('CC-Agent-Status'));
      return agent && status ? { kind: 'agent-status-change', at, agent, status } : undefined;
    }
    case 'agent-state-change': {
      const state = agentState(get('CC-Agent-State'));
      return agent && state ? { kind: 'agent-state-change', at, agent, state } : undefined;
    }
    case 'agent-offering': {
      const m = member(get, at);
      return queue && agent && m ? { kind: 'agent-offering', at, queue, agent, member: m } : undefined;
    }
    case 'bridge-agent-end': {
      const m = member(get, at);
      if (!queue || !agent || !m) return undefined;
      return { kind: 'bridge-agent-end', at, queue, agent, member: m, endedAt: int(get('CC-Bridge-Terminated-Time')) || Math.floor(at / 1_000_000) };
    }
    case 'bridge-agent-start': {
      const m = member(get, at);
      if (!queue || !agent || !m) return undefined;
      return { kind: 'bridge-agent-start', at, queue, agent, member: m, answeredAt: int(get('CC-Agent-Answered-Time')) };
    }
    case 'bridge-agent-fail': {
      const m = member(get, at);
      if (!queue || !agent || !m) return undefined;
      return { kind: 'bridge-agent-fail', at, queue, agent, member: m, hangupCause: get('CC-Hangup-Cause') ?? '' };
    }
    case 'member-queue-start': {
      const m = member(get, at);
      return queue && m ? { kind: 'member-queue-start', at, queue, member: m } : undefined;
    }
    case 'member-queue-resume': {
      // The same headers as member-queue-start; the member row is the abandoned one, Waiting again.
      const m = member(get, at);
      return queue && m ? { kind: 'member-queue-start', at, queue, member: m, resumed: true } : undefined;
    }
    case 'member-queue-end': {
      const m = member(get, at);
      const cause = get('CC-Cause');
      if (!queue || !m || (cause !== 'Terminated' && cause !== 'Cancel')) return undefined;
      return {
        kind: 'member-queue-end',
        at,
        queue,
        member: m,
        cause,
        cancelReason: get('CC-Cancel-Reason'),
        agent,
        leftAt: int(get('CC-Member-Leaving-Time')) || Math.floor(at / 1_000_000),
        ...(int(get('CC-Agent-Answered-Time')) > 0 && { answeredAt: int(get('CC-Agent-Answered-Time')) }),
      };
    }
    case 'members-count':
      return queue ? { kind: 'members-count', at, queue, count: int(get('CC-Count')) } : undefined;
    default:
      return undefined;
  }
}
