// Queue patches that carry only the changed agents: the pure fold every side
// shares, and how the store merges several of them into one patch per turn.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyScopePatch, type QueueAgent, type QueueLive, type QueueSet } from '../../../common/live.ts';
import { mergeQueueSets } from '../../../server/live/store.ts';
import { emptyQueue } from '../../../server/live/state.ts';

const agent = (ext: string, status: QueueAgent['status'] = 'Available'): QueueAgent => ({
  name: `${ext}@acme.pbx.test`,
  extension: ext,
  status,
  state: 'Waiting',
});
const queue = (...agents: QueueAgent[]): QueueLive => ({ ...emptyQueue('sales', '2026-11-25'), agents });
const names = (q: QueueLive) => q.agents.map((a) => a.extension);

test('an update replaces the agent in place and leaves the rest (and the input) alone', () => {
  const before = queue(agent('1001'), agent('1002'), agent('1003'));
  const after = applyScopePatch('queue:sales', before, { agentUpdates: { '1002@acme.pbx.test': agent('1002', 'On Break') } });
  assert.equal(after.agents, [agent('1001'), agent('1002', 'On Break'), agent('1003')]);
  assert.is(after.agents[0], before.agents[0], 'untouched agents are the same objects');
  assert.is(before.agents[1]!.status, 'Available', 'pure: the old state is unchanged');
});

test('a new agent goes where its name sorts; null removes one; other fields merge as before', () => {
  const before = queue(agent('1001'), agent('1003'));
  const after = applyScopePatch('queue:sales', before, {
    answered: 4,
    agentUpdates: { '1002@acme.pbx.test': agent('1002'), '1004@acme.pbx.test': agent('1004'), '1001@acme.pbx.test': null },
  });
  assert.equal(names(after), ['1002', '1003', '1004']);
  assert.is(after.answered, 4);
  assert.not.ok('agentUpdates' in after, 'the state keeps only the list');
});

test('a whole agents list still replaces the list', () => {
  const after = applyScopePatch('queue:sales', queue(agent('1001')), { agents: [agent('1005')] });
  assert.equal(names(after), ['1005']);
});

test('two updates in one turn merge by agent name, the later one winning', () => {
  const merged = mergeQueueSets(
    { answered: 1, agentUpdates: { '1001@acme.pbx.test': agent('1001', 'On Break'), '1002@acme.pbx.test': agent('1002', 'On Break') } },
    { agentUpdates: { '1001@acme.pbx.test': agent('1001', 'Logged Out') } },
  );
  assert.equal(merged, {
    answered: 1,
    agentUpdates: { '1001@acme.pbx.test': agent('1001', 'Logged Out'), '1002@acme.pbx.test': agent('1002', 'On Break') },
  });
});

test('a whole list then an update in one turn: the update is folded into the list; a later whole list drops earlier updates', () => {
  const listThenUpdate = mergeQueueSets(
    { agents: [agent('1001'), agent('1002')] },
    { agentUpdates: { '1002@acme.pbx.test': agent('1002', 'On Break') } },
  );
  assert.equal(listThenUpdate, { agents: [agent('1001'), agent('1002', 'On Break')] });
  const updateThenList = mergeQueueSets({ agentUpdates: { '1001@acme.pbx.test': null } }, { agents: [agent('1003')] });
  assert.equal(updateThenList, { agents: [agent('1003')] });
});

test('merged sets fold to the same queue as the sets one after the other', () => {
  const start = queue(agent('1001'), agent('1002'));
  const sets: QueueSet[] = [
    { agentUpdates: { '1001@acme.pbx.test': agent('1001', 'On Break') } },
    { agents: [agent('1001'), agent('1002'), agent('1003')] },
    { agentUpdates: { '1003@acme.pbx.test': null, '1004@acme.pbx.test': agent('1004') } },
    { agentUpdates: { '1002@acme.pbx.test': agent('1002', 'Logged Out') } },
  ];
  const oneByOne = sets.reduce((q, set) => applyScopePatch('queue:sales', q, set), start);
  const merged = applyScopePatch('queue:sales', start, sets.reduce(mergeQueueSets));
  assert.equal(merged, oneByOne);
});

test.run();
