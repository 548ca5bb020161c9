// The call-center reducers and the callcenter_config parsers, no sockets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyScopePatch, type Patch, type QueueLive, type QueueScope } from '../../../common/live.ts';
import { LiveStore } from '../../../server/live/store.ts';
import type { CcMember, PbxEvent } from '../../../server/pbx/events.ts';
import { parseMembers, parseQueueList, parseTable } from '../../../server/pbx/callcenter-resync.ts';

const T0 = 1_700_000_000_000_000;
const seed = {
  id: 't-acme', name: 'Acme', domain: 'acme.pbx.test', credit: '1', currency: 'USD', queues: 1,
  extensions: [{ number: '1001', dnd: false }], queueNames: ['sales'],
};
const member: CcMember = { uuid: 'm1', cidName: 'Marc', cidNumber: '+15145551212', joinedAt: T0 / 1e6 };
const resync: PbxEvent = {
  kind: 'resync', at: T0, registrations: [], channels: [],
  callcenter: [{
    name: 'sales@acme.pbx.test', callsAnswered: 0, callsAbandoned: 0, members: [],
    agents: [{ name: '1001@acme.pbx.test', status: 'Available', state: 'Waiting', lastStatusChange: T0 / 1e6 - 60, lastBridgeEnd: 0, wrapUpTime: 10 }],
    tiers: [{ agent: '1001@acme.pbx.test', level: 1, position: 1 }],
  }],
};

function store() {
  const live = new LiveStore([seed]);
  const patches: Patch[] = [];
  live.onPatch((_, p) => patches.push(p));
  live.ingest(resync);
  // Patches go out at the end of the turn, merged per scope; deliver them now.
  live.flush();
  return { live, patches, queue: () => live.tenantState('t-acme')!.queues.get('sales')!, ext: () => live.tenantState('t-acme')!.extensions.get('1001')! };
}

test('resync fills the queue\'s agents and the agent\'s own extension; a second identical resync sends nothing', () => {
  const { live, patches, queue, ext } = store();
  // Desk fields only when they say something: no phone registered here.
  const desk = { since: T0 / 1e6 - 60, phone: false };
  assert.equal(queue().agents, [{ name: '1001@acme.pbx.test', extension: '1001', status: 'Available', state: 'Waiting', ...desk }]);
  assert.equal(ext().agent, { name: '1001@acme.pbx.test', status: 'Available', state: 'Waiting', ...desk, call: null });
  const n = patches.length;
  live.ingest(resync);
  assert.is(patches.length, n);
});

test('a caller joins, is offered, answered and hangs up: members and the agent\'s call follow; the counters are the stored ones', () => {
  const { live, patches, queue, ext } = store();
  const q = 'sales@acme.pbx.test';
  const agent = '1001@acme.pbx.test';
  live.ingest({ kind: 'member-queue-start', at: T0, queue: q, member });
  live.flush();
  assert.equal(queue().members, [{ ...member, state: 'Waiting', agent: null }]);
  assert.equal(patches.at(-1)!.scope, 'queue:sales');
  live.ingest({ kind: 'agent-offering', at: T0, queue: q, agent, member: { ...member, joinedAt: 0 } });
  assert.is(queue().members[0]!.joinedAt, member.joinedAt, 'the offer keeps the joined time we had');
  assert.is(ext().agent!.call!.memberUuid, 'm1');
  live.ingest({ kind: 'agent-state-change', at: T0, agent, state: 'In a queue call' });
  live.ingest({ kind: 'bridge-agent-start', at: T0 + 30e6, queue: q, agent, member, answeredAt: member.joinedAt + 30 });
  assert.equal([queue().answered, queue().waitSeconds], [0, 0], "today's counters are read from the stored visits, not counted from events");
  live.ingest({ kind: 'bridge-agent-end', at: T0 + 90e6, queue: q, agent, member, endedAt: T0 / 1e6 + 90 });
  assert.is(ext().agent!.wrapUpUntil, T0 / 1e6 + 100, "the agent's 10 s wrap-up after the call");
  live.ingest({ kind: 'member-queue-end', at: T0 + 90e6, queue: q, member, cause: 'Terminated', cancelReason: undefined, agent, leftAt: 0 });
  assert.equal(queue().members, []);
  assert.is(ext().agent!.call, null);
});

test('a caller who gives up leaves the queue; events for other tenants\' or unknown queues change nothing', () => {
  const { live, patches, queue } = store();
  live.ingest({ kind: 'member-queue-start', at: T0, queue: 'sales@acme.pbx.test', member });
  live.ingest({ kind: 'member-queue-end', at: T0, queue: 'sales@acme.pbx.test', member, cause: 'Cancel', cancelReason: 'BREAK_OUT', agent: undefined, leftAt: 0 });
  assert.equal(queue().members, []);
  live.flush();
  const n = patches.length;
  live.ingest({ kind: 'member-queue-start', at: T0, queue: 'sales@globex.pbx.test', member });
  live.ingest({ kind: 'member-queue-start', at: T0, queue: 'lottery@acme.pbx.test', member });
  live.ingest({ kind: 'agent-status-change', at: T0, agent: '1009@acme.pbx.test', status: 'On Break' });
  live.flush();
  assert.is(patches.length, n);
});

test("today's figures read from the store replace the queue's, and say only what changed", () => {
  const { live, patches, queue } = store();
  const today = { day: '2026-12-07', offered: 3, answered: 2, abandoned: 1, waitSeconds: 40, answeredWithinThreshold: 1, longestWaitSeconds: 30 };
  live.ingest({ kind: 'queue-today', tenantId: 't-acme', queue: 'sales', today });
  live.flush();
  assert.equal(patches.at(-1)!.set, today);
  assert.is(queue().abandoned, 1);
  const n = patches.length;
  live.ingest({ kind: 'queue-today', tenantId: 't-acme', queue: 'sales', today });
  live.ingest({ kind: 'queue-today', tenantId: 't-acme', queue: 'nosuch', today });
  live.flush();
  assert.is(patches.length, n, 'the same figures again send nothing');
  live.ingest({ kind: 'queue-today', tenantId: 't-acme', queue: 'sales', today: { ...today, offered: 4 } });
  live.flush();
  assert.equal(patches.at(-1)!.set, { offered: 4 });
});

/** A queue with 80 agents, 1001…1080, all Available and Waiting. */
const bigResync = (names = Array.from({ length: 80 }, (_, i) => `${1001 + i}@acme.pbx.test`)): PbxEvent => ({
  ...resync,
  callcenter: [{
    ...resync.callcenter![0]!,
    agents: names.map((name) => ({ name, status: 'Available' as const, state: 'Waiting' as const, lastStatusChange: 0, lastBridgeEnd: 0, wrapUpTime: 10 })),
    tiers: names.map((agent, i) => ({ agent, level: 1, position: i + 1 })),
  }],
});

test('an agent\'s status change sends that agent only, and folding the patch gives the server\'s queue', () => {
  const { live, patches, queue } = store();
  live.ingest(bigResync());
  live.flush();
  const before: QueueLive = structuredClone(queue());
  assert.is(before.agents.length, 80);
  const n = patches.length;
  live.ingest({ kind: 'agent-status-change', at: T0, agent: '1042@acme.pbx.test', status: 'On Break' });
  live.flush();
  const patch = patches.slice(n).find((p) => p.scope === 'queue:sales') as Patch<QueueScope>;
  // No phone is said of an Available agent only.
  assert.equal(patch.set, {
    agentUpdates: { '1042@acme.pbx.test': { name: '1042@acme.pbx.test', extension: '1042', status: 'On Break', state: 'Waiting', since: T0 / 1e6 } },
  });
  const json = JSON.stringify(patch);
  assert.is(json.match(/@acme\.pbx\.test/g)!.length, 2, 'one agent: its name as the key and in the value');
  assert.equal(applyScopePatch(patch.scope, before, patch.set), queue());
});

test('two agents changing in one turn make one queue patch with both, and nobody else', () => {
  const { live, patches } = store();
  live.ingest(bigResync());
  live.flush();
  const n = patches.length;
  live.ingest({ kind: 'agent-status-change', at: T0, agent: '1042@acme.pbx.test', status: 'On Break' });
  live.ingest({ kind: 'agent-state-change', at: T0, agent: '1007@acme.pbx.test', state: 'Receiving' });
  live.ingest({ kind: 'agent-status-change', at: T0, agent: '1042@acme.pbx.test', status: 'Logged Out' });
  live.flush();
  const queuePatches = patches.slice(n).filter((p) => p.scope === 'queue:sales');
  assert.is(queuePatches.length, 1);
  assert.equal(queuePatches[0]!.set, {
    agentUpdates: {
      '1042@acme.pbx.test': { name: '1042@acme.pbx.test', extension: '1042', status: 'Logged Out', state: 'Waiting', since: T0 / 1e6 },
      '1007@acme.pbx.test': { name: '1007@acme.pbx.test', extension: '1007', status: 'Available', state: 'Receiving', since: 0, phone: false },
    },
  });
});

test('a resync that adds and removes agents sends just those, and the follower lands on the sorted list', () => {
  const { live, patches, queue } = store();
  live.ingest(bigResync(['1001@acme.pbx.test', '1003@acme.pbx.test']));
  live.flush();
  const before: QueueLive = structuredClone(queue());
  const n = patches.length;
  live.ingest(bigResync(['1002@acme.pbx.test', '1003@acme.pbx.test']));
  live.flush();
  const patch = patches.slice(n).find((p) => p.scope === 'queue:sales') as Patch<QueueScope>;
  assert.equal(Object.keys(patch.set), ['agentUpdates']);
  const after = applyScopePatch(patch.scope, before, patch.set);
  assert.equal(after.agents.map((a) => a.name), ['1002@acme.pbx.test', '1003@acme.pbx.test']);
  assert.equal(after, queue());
});

test("the agent's desk: a break's reason and since, only while On Break; a phone lost and back; the reason kept across a resync", () => {
  const { live, queue, ext } = store();
  const agent = '1001@acme.pbx.test';
  const shown = () => queue().agents[0]!;
  // The reason is saved first (every node hears it), then mod_callcenter confirms the break.
  live.ingest({ kind: 'agent-break', tenantId: 't-acme', agent, break: { reason: 'Lunch', source: 'agent', since: T0 / 1e6 + 5 } });
  assert.is(shown().reason, undefined, 'not on break yet: no reason shown');
  live.ingest({ kind: 'agent-status-change', at: T0 + 6e6, agent, status: 'On Break' });
  assert.equal([shown().status, shown().reason, shown().breakSource, shown().since], ['On Break', 'Lunch', 'agent', T0 / 1e6 + 6]);
  assert.is(ext().agent!.reason, 'Lunch', "the agent's own screen too");
  // Another reason while on break: time in state starts again.
  live.ingest({ kind: 'agent-break', tenantId: 't-acme', agent, break: { reason: 'Training', source: 'agent', since: T0 / 1e6 + 600 } });
  assert.equal([shown().reason, shown().since], ['Training', T0 / 1e6 + 600]);
  // A resync (mod_callcenter still says On Break) keeps our reason.
  live.ingest({ ...resync, callcenter: [{ ...resync.callcenter![0]!, agents: [{ ...resync.callcenter![0]!.agents[0]!, status: 'On Break', lastStatusChange: T0 / 1e6 + 6 }] }] } as PbxEvent);
  assert.is(shown().reason, 'Training');
  // Available again: no reason shown, whatever the table still holds.
  live.ingest({ kind: 'agent-status-change', at: T0 + 700e6, agent, status: 'Available' });
  assert.ok(!('reason' in shown()) && !('breakSource' in shown()), 'nothing sent of a break that is over');

  // A phone registers and goes: the agent shows whether it can take calls.
  const registration = { user: '1001', domain: 'acme.pbx.test', callId: 'c1', contact: 'sip:1001@10.0.0.1', networkIp: '10.0.0.1', networkPort: 5060, userAgent: 'x', expiresAt: 2e9 };
  live.ingest({ kind: 'registered', at: T0, registration });
  assert.ok(!('phone' in shown()), 'a phone registered: the usual, not sent');
  live.ingest({ kind: 'unregistered', at: T0, reason: 'unregister', user: '1001', domain: 'acme.pbx.test', callId: 'c1' });
  assert.is(shown().phone, false);
  assert.is(ext().agent!.phone, false);
  // Said of an Available agent only: gone on break, back without a phone.
  live.ingest({ kind: 'agent-status-change', at: T0 + 800e6, agent, status: 'On Break' });
  assert.ok(!('phone' in shown()), 'on break: a phone does not matter');
  live.ingest({ kind: 'registered', at: T0, registration });
  live.ingest({ kind: 'unregistered', at: T0, reason: 'unregister', user: '1001', domain: 'acme.pbx.test', callId: 'c1' });
  assert.ok(!('phone' in shown()), 'a phone coming and going under a break changes nothing');
  live.ingest({ kind: 'agent-status-change', at: T0 + 900e6, agent, status: 'Available' });
  assert.is(shown().phone, false, 'Available again, still without a phone');
});

test("FreeSWITCH's word from before a break was saved (an event or a resync read earlier, arriving after) does not end it", () => {
  const { live, queue } = store();
  const agent = '1001@acme.pbx.test';
  const savedAt = T0 / 1e3 + 10_000; // ms
  const availableBefore = { kind: 'agent-status-change', at: T0 + 9.5e6, agent, status: 'Available' } as const;
  live.ingest({ kind: 'agent-break', tenantId: 't-acme', agent, break: { reason: 'Lunch', source: 'agent', since: savedAt / 1e3, savedAt } });
  // The Available of a moment before the break was asked for, delivered late: the break stays.
  live.ingest(availableBefore);
  live.ingest({ ...resync, at: T0 + 9.9e6 } as PbxEvent);
  live.ingest({ kind: 'agent-status-change', at: T0 + 10.2e6, agent, status: 'On Break' });
  assert.equal([queue().agents[0]!.status, queue().agents[0]!.reason], ['On Break', 'Lunch']);
  // FreeSWITCH says Available after it: the break is over.
  live.ingest({ kind: 'agent-status-change', at: T0 + 20e6, agent, status: 'Available' });
  assert.ok(!('reason' in queue().agents[0]!));
  live.ingest({ kind: 'agent-status-change', at: T0 + 21e6, agent, status: 'On Break' });
  assert.ok(!('reason' in queue().agents[0]!), 'the reason was forgotten, not kept for the next break');
});

test("who set the status: shown only once FreeSWITCH confirms that status, forgotten when it reports another", () => {
  const { live, queue, ext } = store();
  const agent = '1001@acme.pbx.test';
  const shown = () => queue().agents[0]!;
  // Saved (every node hears it) before FreeSWITCH is asked: the row does not change at the click.
  live.ingest({ kind: 'agent-setter', tenantId: 't-acme', agent, setter: { status: 'On Break', by: 'Grace Lindqvist' } });
  assert.is(shown().setBy, undefined, 'still Available: nothing said yet');
  live.ingest({ kind: 'agent-status-change', at: T0 + 6e6, agent, status: 'On Break' });
  assert.equal([shown().status, shown().setBy, ext().agent!.setBy], ['On Break', 'Grace Lindqvist', 'Grace Lindqvist']);
  // The agent at a phone, or mod_callcenter itself, sets another status: the supervisor's word goes, on screen and in the state.
  live.ingest({ kind: 'agent-status-change', at: T0 + 9e6, agent, status: 'Available' });
  assert.ok(!('setBy' in shown()) && !('setBy' in ext().agent!));
  assert.is(live.tenantState('t-acme')!.setters.has(agent), false);
  // Set while the status already is the one set: shown at once; forgotten (the agent's own change) at once too.
  live.ingest({ kind: 'agent-setter', tenantId: 't-acme', agent, setter: { status: 'Available', by: 'Hiro Tanaka' } });
  assert.is(shown().setBy, 'Hiro Tanaka');
  live.ingest({ kind: 'agent-setter', tenantId: 't-acme', agent, setter: null });
  assert.ok(!('setBy' in shown()));
});

test('a queue\'s alert thresholds: in the seed, and patched when an admin changes them (all unset: none)', () => {
  const live = new LiveStore([{ ...seed, queueAlerts: { sales: { waitingCallers: 3, longestWaitSeconds: null, serviceLevelPercent: 80 } } }]);
  const patches: Patch[] = [];
  live.onPatch((_, p) => patches.push(p));
  const sales = () => live.tenantState('t-acme')!.queues.get('sales')!;
  assert.equal(sales().alerts, { waitingCallers: 3, longestWaitSeconds: null, serviceLevelPercent: 80 });
  live.upsertTenant({ ...seed, queueAlerts: { sales: { waitingCallers: 2, longestWaitSeconds: 60, serviceLevelPercent: null } } });
  live.flush();
  assert.equal(patches.map((p) => [p.scope, p.set]), [['queue:sales', { alerts: { waitingCallers: 2, longestWaitSeconds: 60, serviceLevelPercent: null } }]]);
  live.upsertTenant({ ...seed, queueAlerts: {} });
  live.flush();
  assert.equal(sales().alerts, { longestWaitSeconds: null, waitingCallers: null, serviceLevelPercent: null });
  live.upsertTenant({ ...seed, queueAlerts: {} });
  live.flush();
  assert.is(patches.length, 2, 'unchanged: nothing sent again');
});

test('callcenter_config tables: header only with rows, +OK at the end, abandoned members dropped', () => {
  assert.equal(parseTable('+OK\n'), []);
  assert.throws(() => parseTable('-ERR Invalid!\n'));
  assert.equal(parseQueueList('name|calls_answered|calls_abandoned\nsales@acme.pbx.test|4|1\n+OK\n'), [
    { name: 'sales@acme.pbx.test', callsAnswered: 4, callsAbandoned: 1 },
  ]);
  const members = parseMembers(
    'queue|uuid|cid_number|cid_name|joined_epoch|serving_agent|state\n' +
      'sales@acme.pbx.test|a|+1555|Pipe | Name|100||Waiting\n' +
      'sales@acme.pbx.test|b|+1556|Gone|90||Abandoned\n+OK\n',
  );
  assert.equal(members, [{ uuid: 'a', cidName: 'Pipe | Name', cidNumber: '+1555', joinedAt: 100, state: 'Waiting', servingAgent: null }]);
});

test.run();
