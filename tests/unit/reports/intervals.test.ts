// The pure parts of the queue reports: the status log cut into intervals,
// the figures derived from an interval's sums, the query's limits, and the
// facts read from events and from a member's CDR.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addQueueSums, agentFigures, emptyQueueSums, queueFigures, reportQuerySchema } from '../../../common/reports.ts';
import { callDetail, jsonCdrHeaders } from '../../../server/pbx/cdr.ts';
import { statusTime, type Bucket } from '../../../server/reports/intervals.ts';
import { mergeVisit, statusesOfResync, visitOfCdr, visitOfEvent, visitsOfResync, type VisitFact } from '../../../server/reports/facts.ts';

const H = 3_600_000;
const hours = (n: number): Bucket[] => Array.from({ length: n }, (_, i) => ({ label: `h${i}`, start: i * H, end: (i + 1) * H }));

test('a status lasts until the next one and is split at interval boundaries; a break counts under its reason', () => {
  const rows = [
    { agent: 'a', at: 0, status: 'Available', reason: null },
    { agent: 'a', at: 0.5 * H, status: 'On Break', reason: 'Lunch' },
    { agent: 'a', at: 1.25 * H, status: 'Available', reason: null },
    { agent: 'a', at: 1.5 * H, status: 'On Break', reason: null },
  ];
  const t = statusTime(rows, hours(2), 10 * H).get('a')!;
  assert.equal(t.get('h0'), { status: { Available: 1800, 'On Break': 1800 }, reasons: { Lunch: 1800 } });
  assert.equal(t.get('h1'), { status: { 'On Break': 2700, Available: 900 }, reasons: { Lunch: 900, '': 1800 } });
});

test('the status an agent was in before the range counts from its start; nothing counts after `until` or the range', () => {
  const rows = [
    { agent: 'b', at: -5 * H, status: 'On Break', reason: 'Training' },
    { agent: 'b', at: 1.5 * H, status: 'Logged Out', reason: null },
    { agent: 'c', at: 0.25 * H, status: 'Available', reason: null },
  ];
  const t = statusTime(rows, hours(3), 2 * H);
  assert.equal(t.get('b')!.get('h0'), { status: { 'On Break': 3600 }, reasons: { Training: 3600 } });
  assert.equal(t.get('b')!.get('h1'), { status: { 'On Break': 1800, 'Logged Out': 1800 }, reasons: { Training: 1800 } });
  assert.is(t.get('b')!.get('h2'), undefined, 'after now: nothing yet');
  assert.equal(t.get('c')!.get('h0')!.status, { Available: 2700 });
  assert.equal(statusTime([{ agent: 'd', at: 9 * H, status: 'Available', reason: null }], hours(2), 20 * H).size, 0);
});

test('figures from sums: averages over their own counts, service level over the calls that ended (a caller still waiting counts for neither), occupancy capped at 100 %', () => {
  const s = addQueueSums(emptyQueueSums(), {
    offered: 4, answered: 2, abandoned: 1, answeredWithin: 1, waitSum: 40, waitMax: 30, abandonSum: 45, abandonMax: 45, talked: 2, talkSum: 180, handleSum: 200,
  });
  const both = addQueueSums(s, { ...emptyQueueSums(), offered: 1, abandoned: 1, abandonSum: 15, abandonMax: 15 });
  assert.equal(queueFigures(both), {
    offered: 5, answered: 2, abandoned: 2, averageAbandon: 30, longestAbandon: 45, averageWait: 20, longestWait: 30, averageTalk: 90, averageHandle: 100, serviceLevel: 0.25,
  });
  assert.equal(queueFigures(emptyQueueSums()).serviceLevel, null, 'nothing offered: no service level, not 0 %');
  const agent = { answered: 3, talked: 3, talkSum: 300, handleSum: 330, status: { Available: 600, 'Available (On Demand)': 60, 'On Break': 120 }, reasons: { Lunch: 120 } };
  assert.equal(agentFigures(agent).occupancy, 0.5);
  assert.is(agentFigures({ ...agent, handleSum: 5000 }).occupancy, 1);
  assert.is(agentFigures({ ...agent, status: {} }).occupancy, null);
});

test('the report query: dates, a known interval, and at most 3000 intervals', () => {
  assert.ok(reportQuerySchema.safeParse({ from: '2026-01-01', to: '2026-01-31', interval: '15m' }).success, '31 days of quarters: 2976');
  assert.not.ok(reportQuerySchema.safeParse({ from: '2026-01-01', to: '2026-02-01', interval: '15m' }).success, '32 days of quarters');
  assert.ok(reportQuerySchema.safeParse({ from: '2026-01-01', to: '2026-12-31', interval: 'day' }).success);
  assert.not.ok(reportQuerySchema.safeParse({ from: '2026-02-01', to: '2026-01-01', interval: 'day' }).success, 'ends before it starts');
  assert.not.ok(reportQuerySchema.safeParse({ from: '2026-1-1', to: '2026-01-02', interval: 'day' }).success);
  assert.not.ok(reportQuerySchema.safeParse({ from: '2026-01-01', to: '2026-01-02', interval: 'week' }).success);
});

const member = { uuid: 'm1', cidName: 'Ann', cidNumber: '+15550001', joinedAt: 1000 };
const Q = 'sales@acme.pbx.test';

test('visits from callcenter::info: a join waits, a bridge answers (with the agent\'s wrap-up at its end), a cancel abandons', () => {
  const wrap = () => 10;
  assert.equal(visitOfEvent({ kind: 'member-queue-start', at: 1, queue: Q, member }, wrap), { memberUuid: 'm1', queue: Q, joinedAt: 1000, cidName: 'Ann', cidNumber: '+15550001', outcome: 'waiting' });
  assert.equal(visitOfEvent({ kind: 'bridge-agent-start', at: 1, queue: Q, agent: '1001@acme.pbx.test', member, answeredAt: 1012 }, wrap)!.answeredAt, 1012);
  assert.equal(visitOfEvent({ kind: 'bridge-agent-end', at: 1, queue: Q, agent: '1001@acme.pbx.test', member, endedAt: 1100 }, wrap)!.wrapUpSeconds, 10);
  const cancel = visitOfEvent({ kind: 'member-queue-end', at: 1, queue: Q, member, cause: 'Cancel', cancelReason: 'TIMEOUT', agent: undefined, leftAt: 1030 }, wrap)!;
  assert.equal([cancel.outcome, cancel.endedAt, cancel.cancelReason], ['abandoned', 1030, 'TIMEOUT']);
  assert.is(visitOfEvent({ kind: 'agent-offering', at: 1, queue: Q, agent: 'x', member }, wrap), undefined, 'a ring is no fact');
});

/** A member leg's mod_json_cdr document with the cc_* variables mod_callcenter.c sets "for xml_cdr needs". */
const memberCdr = (vars: Record<string, string>) =>
  callDetail(
    jsonCdrHeaders({
      channel_data: { direction: 'inbound' },
      variables: { uuid: 'leg-1', domain_name: 'acme.pbx.test', start_uepoch: '999000000', end_uepoch: '1200000000', cc_side: 'member', cc_member_uuid: 'm1', cc_queue: Q, cc_queue_joined_epoch: '1000', ...vars },
      callflow: [{ caller_profile: { caller_id_name: 'Ann', caller_id_number: '+15550001', destination_number: '5000' } }],
    }),
  )!;

test("a member's CDR tells the visit: answered with its agent and times, or cancelled with its reason; an agent's leg tells none", () => {
  const answered = memberCdr({ cc_queue_answered_epoch: '1012', cc_queue_terminated_epoch: '1100', cc_cause: 'answered', cc_agent: '1001@acme.pbx.test' });
  assert.equal(visitOfCdr(answered.queueVisit!, answered.uuid, 1200, 'Ann', '+15550001'), {
    memberUuid: 'm1', queue: Q, joinedAt: 1000, sessionUuid: 'leg-1', cidName: 'Ann', cidNumber: '+15550001', answeredAt: 1012, endedAt: 1100, agent: '1001@acme.pbx.test', outcome: 'answered',
  });
  const cancelled = memberCdr({ cc_queue_canceled_epoch: '1045', cc_cause: 'cancel', cc_cancel_reason: 'BREAK_OUT' });
  const v = visitOfCdr(cancelled.queueVisit!, cancelled.uuid, 1200, 'Ann', '+15550001');
  assert.equal([v.outcome, v.endedAt, v.cancelReason, v.agent], ['abandoned', 1045, 'BREAK_OUT', undefined]);
  assert.is(memberCdr({ cc_side: 'agent' }).queueVisit, undefined);
});

test('the resync: callers still in a queue are visits; each agent\'s status once, from its last change', () => {
  const truth = [
    {
      name: Q, callsAnswered: 0, callsAbandoned: 0, tiers: [],
      members: [
        { uuid: 'w', cidName: '', cidNumber: '1', joinedAt: 50, state: 'Waiting' as const, servingAgent: null },
        { uuid: 't', cidName: '', cidNumber: '2', joinedAt: 40, state: 'Answered' as const, servingAgent: 'x@acme.pbx.test', bridgedAt: 45 },
      ],
      agents: [{ name: 'x@acme.pbx.test', status: 'On Break' as const, state: 'Idle' as const, lastStatusChange: 30, lastBridgeEnd: 0, wrapUpTime: 10 }],
    },
    { name: `support@acme.pbx.test`, callsAnswered: 0, callsAbandoned: 0, tiers: [], members: [], agents: [{ name: 'x@acme.pbx.test', status: 'On Break' as const, state: 'Idle' as const, lastStatusChange: 30, lastBridgeEnd: 0, wrapUpTime: 10 }] },
  ];
  assert.equal(visitsOfResync(truth).map((v) => [v.memberUuid, v.outcome, v.answeredAt, v.agent]), [['w', 'waiting', undefined, undefined], ['t', 'answered', 45, 'x@acme.pbx.test']]);
  assert.equal(statusesOfResync(truth), [{ agent: 'x@acme.pbx.test', at: 30_000_000, status: 'On Break' }]);
});

test('facts of one visit merged in one turn: the earliest join, the first time of each kind, the outcome only forward', () => {
  const start = { memberUuid: 'm', queue: Q, joinedAt: 1000, cidName: 'Ann', cidNumber: '1', outcome: 'waiting' as const };
  const answered = { memberUuid: 'm', queue: Q, joinedAt: 1000, answeredAt: 1012, agent: 'a@x', outcome: 'answered' as const };
  const ended = { memberUuid: 'm', queue: Q, joinedAt: 999, endedAt: 1100, outcome: 'answered' as const, wrapUpSeconds: 10 };
  const late = { memberUuid: 'm', queue: Q, joinedAt: 1000, answeredAt: 1013, endedAt: 1101, outcome: 'waiting' as const };
  assert.equal([start, answered, ended, late].reduce<VisitFact>((a, b) => mergeVisit(a, b), start), {
    memberUuid: 'm', queue: Q, joinedAt: 999, outcome: 'answered', answeredAt: 1012, endedAt: 1100, agent: 'a@x', cidName: 'Ann', cidNumber: '1', wrapUpSeconds: 10,
  });
  assert.is(mergeVisit({ ...start, outcome: 'abandoned' }, answered).outcome, 'answered', 'a resumed caller answered was answered');
  assert.is(mergeVisit(answered, { ...start, outcome: 'abandoned' }).outcome, 'answered');
});

test.run();
