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
    agents: [{ name: '1001@acme.pbx.test', status: 'Available', state: 'Waiting' }],
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
  assert.equal(queue().agents, [{ name: '1001@acme.pbx.test', extension: '1001', status: 'Available', state: 'Waiting' }]);
  assert.equal(ext().agent, { name: '1001@acme.pbx.test', status: 'Available', state: 'Waiting', call: null });
  const n = patches.length;
  live.ingest(resync);
  assert.is(patches.length, n);
});

test('a caller joins, is offered, answered and hangs up: members, agent call and today\'s counters follow', () => {
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
  assert.equal([queue().answered, queue().waitSeconds, queue().answeredWithinThreshold], [1, 30, 0], '30 s is past the 20 s threshold');
  live.ingest({ kind: 'bridge-agent-end', at: T0 + 90e6, queue: q, agent, member });
  live.ingest({ kind: 'member-queue-end', at: T0 + 90e6, queue: q, member, cause: 'Terminated', cancelReason: undefined, agent, leftAt: 0 });
  assert.equal(queue().members, []);
  assert.is(ext().agent!.call, null);
  assert.is(queue().abandoned, 0, 'a terminated call is not abandoned');
});

test('a caller who gives up counts as abandoned; events for other tenants\' or unknown queues change nothing', () => {
  const { live, patches, queue } = store();
  live.ingest({ kind: 'member-queue-start', at: T0, queue: 'sales@acme.pbx.test', member });
  live.ingest({ kind: 'member-queue-end', at: T0, queue: 'sales@acme.pbx.test', member, cause: 'Cancel', cancelReason: 'BREAK_OUT', agent: undefined, leftAt: 0 });
  assert.is(queue().abandoned, 1);
  live.flush();
  const n = patches.length;
  live.ingest({ kind: 'member-queue-start', at: T0, queue: 'sales@globex.pbx.test', member });
  live.ingest({ kind: 'member-queue-start', at: T0, queue: 'lottery@acme.pbx.test', member });
  live.ingest({ kind: 'agent-status-change', at: T0, agent: '1009@acme.pbx.test', status: 'On Break' });
  live.flush();
  assert.is(patches.length, n);
});

test('a new day starts today\'s counters from zero', () => {
  const { live, queue } = store();
  const q = 'sales@acme.pbx.test';
  live.ingest({ kind: 'member-queue-start', at: T0, queue: q, member });
  live.ingest({ kind: 'member-queue-end', at: T0, queue: q, member, cause: 'Cancel', cancelReason: 'TIMEOUT', agent: undefined, leftAt: 0 });
  const tomorrow = T0 + 86_400e6;
  live.ingest({ kind: 'member-queue-start', at: tomorrow, queue: q, member: { ...member, uuid: 'm2' } });
  live.ingest({ kind: 'member-queue-end', at: tomorrow, queue: q, member: { ...member, uuid: 'm2' }, cause: 'Cancel', cancelReason: 'TIMEOUT', agent: undefined, leftAt: 0 });
  assert.is(queue().abandoned, 1);
});

/** A queue with 80 agents, 1001…1080, all Available and Waiting. */
const bigResync = (names = Array.from({ length: 80 }, (_, i) => `${1001 + i}@acme.pbx.test`)): PbxEvent => ({
  ...resync,
  callcenter: [{
    ...resync.callcenter![0]!,
    agents: names.map((name) => ({ name, status: 'Available' as const, state: 'Waiting' as const })),
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
  assert.equal(patch.set, {
    agentUpdates: { '1042@acme.pbx.test': { name: '1042@acme.pbx.test', extension: '1042', status: 'On Break', state: 'Waiting' } },
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
      '1042@acme.pbx.test': { name: '1042@acme.pbx.test', extension: '1042', status: 'Logged Out', state: 'Waiting' },
      '1007@acme.pbx.test': { name: '1007@acme.pbx.test', extension: '1007', status: 'Available', state: 'Receiving' },
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
