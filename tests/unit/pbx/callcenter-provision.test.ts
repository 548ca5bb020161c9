// The mod_callcenter provisioning's diff, on answers copied from a real
// FreeSWITCH 1.10.12 (`callcenter_config queue list`, `agent list`, `queue
// list tiers`): nothing to send when FreeSWITCH agrees with our database;
// exactly the commands that remove, add or correct what differs otherwise.
// Also the two callcenter::info cases the simulator never sends: the agent
// state Reserved and member-queue-resume (fields from mod_callcenter.c).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { agentCommands, provisionCallCenter, queueCommands, tierCommands, type CallCenterPlan } from '../../../server/pbx/callcenter-provision.ts';
import { parseCallCenter } from '../../../server/pbx/callcenter.ts';
import { parseMembers } from '../../../server/pbx/callcenter-resync.ts';
import { callcenterConfDocument } from '../../../server/xmlcurl/callcenter.ts';
import { queueActions } from '../../../server/xmlcurl/queue.ts';

const D = 'acme.pbx.test';
const plan: CallCenterPlan = {
  queues: [{ name: `sales@${D}`, strategy: 'longest-idle-agent', maxWaitTime: 0 }],
  agents: [
    { name: `1001@${D}`, wrapUpTime: 10 },
    { name: `1002@${D}`, wrapUpTime: 10 },
  ],
  tiers: [
    { queue: `sales@${D}`, agent: `1001@${D}`, level: 1, position: 1 },
    { queue: `sales@${D}`, agent: `1002@${D}`, level: 1, position: 2 },
  ],
};

const QUEUE_HEADER =
  'name|strategy|moh_sound|time_base_score|tier_rules_apply|tier_rule_wait_second|tier_rule_wait_multiply_level|tier_rule_no_agent_no_wait|discard_abandoned_after|abandoned_resume_allowed|max_wait_time|max_wait_time_with_no_agent|max_wait_time_with_no_agent_time_reached|record_template|calls_answered|calls_abandoned|ring_progressively_delay|skip_agents_with_external_calls|agent_no_answer_status';
const queueRow = (name: string, strategy = 'longest-idle-agent') => `${name}|${strategy}|local_stream://moh|queue|false|0|false|true|60|false|0|0|5||0|0|0|true|On Break`;
const AGENT_HEADER =
  'name|instance_id|uuid|type|contact|status|state|max_no_answer|wrap_up_time|reject_delay_time|busy_delay_time|no_answer_delay_time|last_bridge_start|last_bridge_end|last_offered_call|last_status_change|no_answer_count|calls_answered|talk_time|ready_time|external_calls_count';
const agentRow = (name: string, contact = `user/${name}`, type = 'callback') =>
  `${name}|single_box||${type}|${contact}|Logged Out|Waiting|3|10|10|60|5|0|0|0|0|0|0|0|0|0`;
const table = (header: string, rows: string[]) => (rows.length ? [header, ...rows, '+OK', ''].join('\n') : '+OK\n');
const tiers = (rows: [string, number, number][]) =>
  table('queue|agent|state|level|position', rows.map(([a, l, p]) => `sales@${D}|${a}|Ready|${l}|${p}`));

test('FreeSWITCH agrees with the database: no command', () => {
  assert.equal(queueCommands(plan, table(QUEUE_HEADER, [queueRow(`sales@${D}`)])).commands, []);
  assert.equal(agentCommands(plan, table(AGENT_HEADER, [agentRow(`1002@${D}`), agentRow(`1001@${D}`)])), []);
  assert.equal(tierCommands(plan, `sales@${D}`, tiers([[`1001@${D}`, 1, 1], [`1002@${D}`, 1, 2]])), []);
});

test('queues: unload the stranger, load the missing, reload the changed', () => {
  const empty = queueCommands(plan, table(QUEUE_HEADER, []));
  assert.equal(empty.commands, [`callcenter_config queue load sales@${D}`]);
  const other = queueCommands(plan, table(QUEUE_HEADER, [queueRow('old@x.test'), queueRow(`sales@${D}`, 'ring-all')]));
  assert.equal(other.extra, ['old@x.test']);
  assert.equal(other.commands, ['callcenter_config queue unload old@x.test', `callcenter_config queue reload sales@${D}`]);
});

test('agents: delete the stranger, add the missing with its settings, correct a changed contact and type', () => {
  const commands = agentCommands(plan, table(AGENT_HEADER, [agentRow('9@x.test'), agentRow(`1002@${D}`, 'sofia/internal/1002', 'uuid-standby')]));
  assert.equal(commands, [
    'callcenter_config agent del 9@x.test',
    `callcenter_config agent add 1001@${D} callback`,
    `callcenter_config agent set contact 1001@${D} user/1001@${D}`,
    `callcenter_config agent set max_no_answer 1001@${D} 3`,
    `callcenter_config agent set wrap_up_time 1001@${D} 10`,
    `callcenter_config agent set reject_delay_time 1001@${D} 10`,
    `callcenter_config agent set busy_delay_time 1001@${D} 60`,
    `callcenter_config agent set no_answer_delay_time 1001@${D} 5`,
    `callcenter_config agent set contact 1002@${D} user/1002@${D}`,
    `callcenter_config agent set type 1002@${D} callback`,
  ]);
  // FreeSWITCH keeps the type as given and compares it case-insensitively.
  assert.equal(agentCommands({ ...plan, agents: [{ name: `1001@${D}`, wrapUpTime: 10 }] }, table(AGENT_HEADER, [agentRow(`1001@${D}`, undefined, 'Callback')])), []);
});

test('tiers: delete the stranger, add the missing, set a changed level and position', () => {
  const commands = tierCommands(plan, `sales@${D}`, tiers([[`1099@${D}`, 1, 9], [`1002@${D}`, 7, 3]]));
  assert.equal(commands, [
    `callcenter_config tier del sales@${D} 1099@${D}`,
    `callcenter_config tier add sales@${D} 1001@${D} 1 1`,
    `callcenter_config tier set level sales@${D} 1002@${D} 1`,
    `callcenter_config tier set position sales@${D} 1002@${D} 2`,
  ]);
});

test('a name that is not one word never reaches a command line', () => {
  const bad: CallCenterPlan = { queues: [{ name: 'a b@x', strategy: 'ring-all', maxWaitTime: 0 }], agents: [{ name: 'x;y@z w', wrapUpTime: 10 }], tiers: [] };
  assert.equal(queueCommands(bad, table(QUEUE_HEADER, [])).commands, []);
  assert.equal(agentCommands(bad, table(AGENT_HEADER, [])), []);
});

test('provisioning runs queues, then agents, then tiers, and reports refusals without stopping', async () => {
  const sent: string[] = [];
  const answers: Record<string, string> = {
    'callcenter_config queue list': table(QUEUE_HEADER, []),
    'callcenter_config agent list': table(AGENT_HEADER, [agentRow(`1001@${D}`), agentRow(`1002@${D}`)]),
    [`callcenter_config queue list tiers sales@${D}`]: tiers([[`1001@${D}`, 1, 1]]),
  };
  const result = await provisionCallCenter(async (command) => {
    sent.push(command);
    if (command in answers) return answers[command]!;
    if (command.startsWith('callcenter_config tier add')) throw new Error('-ERR Queue not found!');
    return '+OK\n';
  }, plan);
  assert.equal(sent, [
    'callcenter_config queue list',
    `callcenter_config queue load sales@${D}`,
    'callcenter_config agent list',
    `callcenter_config queue list tiers sales@${D}`,
    `callcenter_config tier add sales@${D} 1002@${D} 1 2`,
  ]);
  assert.equal(result.applied, [`callcenter_config queue load sales@${D}`]);
  assert.equal(result.failed, [{ command: `callcenter_config tier add sales@${D} 1002@${D} 1 2`, error: '-ERR Queue not found!' }]);
});

test('callcenter.conf lists every queue with its strategy, every agent as a callback agent, every tier', () => {
  const doc = callcenterConfDocument(plan);
  assert.match(doc, '<configuration name="callcenter.conf" description="CallCenter">');
  assert.match(doc, `<queue name="sales@${D}">`);
  assert.match(doc, '<param name="strategy" value="longest-idle-agent"/>');
  assert.match(
    doc,
    `<agent name="1001@${D}" contact="user/1001@${D}" type="callback" max-no-answer="3" wrap-up-time="10" reject-delay-time="10" busy-delay-time="60" no-answer-delay-time="5"/>`,
  );
  assert.match(doc, `<tier queue="sales@${D}" agent="1002@${D}" level="1" position="2"/>`);
  assert.not.match(doc, 'status=', 'the agents\' status is mod_callcenter\'s own');
});

test('a call into a queue runs the callcenter application on <queue>@<domain>', () => {
  assert.equal(queueActions('sales', D), [['set', 'hangup_after_bridge=true'], ['callcenter', `sales@${D}`], ['hangup']]);
  assert.throws(() => queueActions('sales support', D), /not a queue name/);
});

const event = (headers: Record<string, string>) => (name: string) => headers[name];

test('callcenter::info agent-state-change Reserved (reserve-agents) is an agent state', () => {
  assert.equal(
    parseCallCenter(event({ 'CC-Agent': `1001@${D}`, 'CC-Action': 'agent-state-change', 'CC-Agent-State': 'Reserved' }), 5),
    { kind: 'agent-state-change', at: 5, agent: `1001@${D}`, state: 'Reserved' },
  );
});

test('callcenter::info member-queue-resume: the caller is a waiting member again', () => {
  const parsed = parseCallCenter(
    event({
      'CC-Queue': `sales@${D}`,
      'CC-Action': 'member-queue-resume',
      'CC-Member-UUID': 'm-1',
      'CC-Member-Session-UUID': 's-1',
      'CC-Member-CID-Name': 'Caller',
      'CC-Member-CID-Number': '1009',
    }),
    1_796_160_000_000_000,
  );
  assert.equal(parsed, {
    kind: 'member-queue-start',
    at: 1_796_160_000_000_000,
    queue: `sales@${D}`,
    member: { uuid: 'm-1', cidName: 'Caller', cidNumber: '1009', joinedAt: 1_796_160_000 },
    resumed: true,
  });
});

test('a ring-all member being offered names the strategy, not an agent, as its serving agent (FreeSWITCH 1.10.12)', () => {
  const list =
    'queue|instance_id|uuid|session_uuid|cid_number|cid_name|system_epoch|joined_epoch|rejoined_epoch|bridge_epoch|abandoned_epoch|base_score|skill_score|serving_agent|serving_system|state|score\n' +
    `billing@${D}|single_box|m-1|s-1|1009|Caller 1009|1796160902|1796160902|0|0|0|0|0|ring-all||Trying|1\n+OK\n`;
  assert.equal(parseMembers(list), [{ uuid: 'm-1', cidName: 'Caller 1009', cidNumber: '1009', joinedAt: 1796160902, state: 'Trying', servingAgent: null }]);
});

test.run();
