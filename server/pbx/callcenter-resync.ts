// mod_callcenter's truth after a (re)connect: `callcenter_config queue list`
// and, per queue, its agents, members and tiers. The parsers are pure; the
// reader only sequences the api calls the connection runs for it.
import type { CcAgentRow, CcMemberRow, CcQueue, CcTierRow } from './events.ts';
import type { MemberState } from '../../common/live.ts';
import { agentState, agentStatus } from './callcenter.ts';

type Row = Record<string, string>;

/**
 * mod_callcenter prints a `|`-separated header line, one line per row and a
 * final `+OK`; a list with no rows is only `+OK` (no header).
 */
export function parseTable(output: string): Row[] {
  const lines = output.split('\n').map((l) => l.replace(/\r$/, ''));
  const end = lines.findIndex((l) => l.startsWith('+OK'));
  if (end === -1) throw new Error(`callcenter_config: unexpected answer: ${output.slice(0, 80)}`);
  const [header, ...rows] = lines.slice(0, end).filter((l) => l.length > 0);
  if (!header) return [];
  const names = header.split('|');
  return rows.map((line) => {
    const values = line.split('|');
    // A caller ID name may itself contain `|`: the columns after it are fixed, so count from the right.
    if (values.length > names.length) {
      const extra = values.length - names.length;
      const at = names.indexOf('cid_name');
      if (at !== -1) values.splice(at, extra + 1, values.slice(at, at + extra + 1).join('|'));
    }
    return Object.fromEntries(names.map((n, i) => [n, values[i] ?? '']));
  });
}

const int = (v: string | undefined) => {
  const n = Number.parseInt(v ?? '', 10);
  return Number.isFinite(n) ? n : 0;
};

const MEMBER_STATES: readonly MemberState[] = ['Waiting', 'Trying', 'Answered'];

export const parseQueueList = (output: string) =>
  parseTable(output).map((r) => ({ name: r.name ?? '', callsAnswered: int(r.calls_answered), callsAbandoned: int(r.calls_abandoned) }));

export function parseAgents(output: string): CcAgentRow[] {
  return parseTable(output).flatMap((r) => {
    const status = agentStatus(r.status);
    const state = agentState(r.state);
    if (!r.name || !status || !state) return [];
    return [{ name: r.name, status, state, lastStatusChange: int(r.last_status_change), lastBridgeEnd: int(r.last_bridge_end), wrapUpTime: int(r.wrap_up_time) }];
  });
}

/** Abandoned members stay in the table for discard-abandoned-after seconds; they are no longer callers in the queue. */
export function parseMembers(output: string): CcMemberRow[] {
  return parseTable(output).flatMap((r) => {
    const state = MEMBER_STATES.find((s) => s === r.state);
    if (!r.uuid || !state) return [];
    return [
      {
        uuid: r.uuid,
        cidName: r.cid_name ?? '',
        cidNumber: r.cid_number ?? '',
        joinedAt: int(r.joined_epoch),
        state,
        // ring-all and ring-progressively members carry the strategy's name there until an agent answers.
        servingAgent: r.serving_agent?.includes('@') ? r.serving_agent : null,
        ...(int(r.bridge_epoch) > 0 && { bridgedAt: int(r.bridge_epoch) }),
      },
    ];
  });
}

export const parseTiers = (output: string): CcTierRow[] =>
  parseTable(output).flatMap((r) => (r.agent ? [{ agent: r.agent, level: int(r.level), position: int(r.position) }] : []));

/** Undefined when FreeSWITCH has no mod_callcenter loaded. */
export async function readCallCenter(api: (command: string) => Promise<string>): Promise<CcQueue[] | undefined> {
  let list: string;
  try {
    list = await api('callcenter_config queue list');
  } catch (err) {
    if (/command not found/i.test((err as Error).message)) return undefined;
    throw err;
  }
  return Promise.all(
    parseQueueList(list).map(async (q) => {
      const [agents, members, tiers] = await Promise.all([
        api(`callcenter_config queue list agents ${q.name}`),
        api(`callcenter_config queue list members ${q.name}`),
        api(`callcenter_config queue list tiers ${q.name}`),
      ]);
      return { ...q, agents: parseAgents(agents), members: parseMembers(members), tiers: parseTiers(tiers) };
    }),
  );
}
