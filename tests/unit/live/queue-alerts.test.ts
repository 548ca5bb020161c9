// Queue alerts: one pure evaluation of a queue's live state, its thresholds
// and a moment (common/queue-alerts.ts), which the wallboard, the banner and
// the desktop notifications all read; and the transitions that say each
// crossing once, however many ticks it lasts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { QueueLive, QueueMember } from '../../../common/live.ts';
import { alertTransitions, alertWords, allQueueAlerts, queueAlerts, type QueueAlert } from '../../../common/queue-alerts.ts';

const NOW = 1_700_000_000;
const caller = (uuid: string, waited: number, state: QueueMember['state'] = 'Waiting'): QueueMember => ({
  uuid, cidName: '', cidNumber: '+1555', joinedAt: NOW - waited, state, agent: state === 'Waiting' ? null : '1001@acme.pbx.test',
});
const queue = (over: Partial<QueueLive> = {}): QueueLive => ({
  name: 'sales', members: [], agents: [], day: '2026-12-07', answered: 0, abandoned: 0, waitSeconds: 0, answeredWithinThreshold: 0, thresholdSeconds: 20, ...over,
});

test('no thresholds, or all unset: never an alert', () => {
  const busy = queue({ members: [caller('a', 900), caller('b', 800)], answered: 1, abandoned: 9 });
  assert.equal(queueAlerts(busy, undefined, NOW), []);
  assert.equal(queueAlerts(busy, { longestWaitSeconds: null, waitingCallers: null, serviceLevelPercent: null }, NOW), []);
});

test('callers waiting: at the threshold and above; a caller talking to an agent does not count, one being offered does', () => {
  const t = { waitingCallers: 3 };
  assert.equal(queueAlerts(queue({ members: [caller('a', 1), caller('b', 1)] }), t, NOW), []);
  assert.equal(queueAlerts(queue({ members: [caller('a', 1), caller('b', 1), caller('c', 1, 'Answered')] }), t, NOW), []);
  const four = queue({ members: [caller('a', 1), caller('b', 1), caller('c', 1, 'Trying'), caller('d', 0)] });
  assert.equal(queueAlerts(four, t, NOW), [{ queue: 'sales', kind: 'waiting', value: 4, threshold: 3 }]);
  assert.is(alertWords(queueAlerts(four, t, NOW)[0]!), 'Sales: 4 callers waiting (alert at 3)');
});

test('longest wait crosses with time alone: the same state is fine at one moment and alerts a second later', () => {
  const q = queue({ members: [caller('a', 29), caller('b', 5)] });
  const t = { longestWaitSeconds: 30 };
  assert.equal(queueAlerts(q, t, NOW), []);
  assert.equal(queueAlerts(q, t, NOW + 1), [{ queue: 'sales', kind: 'longest-wait', value: 30, threshold: 30 }]);
  assert.is(alertWords(queueAlerts(q, t, NOW + 46)[0]!), 'Sales: a caller waiting 1:15 (alert at 0:30)');
  // Answered: the wait is over.
  assert.equal(queueAlerts(queue({ members: [caller('a', 600, 'Answered')] }), t, NOW), []);
});

test('service level: below the percentage alerts; none before the first call of the day; exactly at it does not', () => {
  const t = { serviceLevelPercent: 80 };
  assert.equal(queueAlerts(queue(), t, NOW), [], 'no call yet: no service level, no alert');
  assert.equal(queueAlerts(queue({ answered: 4, abandoned: 1, answeredWithinThreshold: 4 }), t, NOW), [], '80% is not below 80%');
  const low = queue({ answered: 4, abandoned: 1, answeredWithinThreshold: 3 });
  assert.equal(queueAlerts(low, t, NOW), [{ queue: 'sales', kind: 'service-level', value: 60, threshold: 80 }]);
  assert.is(alertWords(queueAlerts(low, t, NOW)[0]!), 'Sales: service level 60% (alert below 80%)');
});

test('every queue at once, by name, each with its own thresholds', () => {
  const support = queue({ name: 'support', members: [caller('x', 100)], alerts: { longestWaitSeconds: 60 } });
  const billing = queue({ name: 'billing', members: [caller('y', 100)] });
  const sales = queue({ members: [caller('z', 1)], alerts: { waitingCallers: 1, longestWaitSeconds: 60 } });
  assert.equal(allQueueAlerts([support, billing, sales], NOW).map(alertWords), ['Sales: 1 caller waiting (alert at 1)', 'Support: a caller waiting 1:40 (alert at 1:00)']);
});

test('transitions: a crossing is raised once across ticks, cleared when it recovers, raised again when it crosses again', () => {
  const waiting = (value: number): QueueAlert => ({ queue: 'sales', kind: 'waiting', value, threshold: 3 });
  const first = alertTransitions(new Set(), [waiting(3)]);
  assert.equal(first.raised, [waiting(3)]);
  const tick = alertTransitions(first.active, [waiting(4)]);
  assert.equal([tick.raised, tick.cleared], [[], []], 'a new value of the same alert is not a new crossing');
  const recovered = alertTransitions(tick.active, []);
  assert.equal([recovered.raised, recovered.cleared.length], [[], 1]);
  assert.equal(alertTransitions(recovered.active, [waiting(3)]).raised, [waiting(3)]);
});

test.run();
