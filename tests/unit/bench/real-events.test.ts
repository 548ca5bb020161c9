import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countEvents, eventKey, noEvents, subscribed } from '../../../bench/real/event-count.ts';
import { sippCounts } from '../../../bench/real/sipp-stats.ts';
import type { TapFrame } from '../../../tests/freeswitch/harness/esl-tap.ts';

// As mod_event_socket sends `event plain` frames: the outer headers, then the event's headers URL-encoded in the body.
const plain = (body: string): TapFrame => ({ headers: [['Content-Length', String(body.length)], ['Content-Type', 'text/event-plain']], body });
const create = plain('Event-Name: CHANNEL_CREATE\nCore-UUID: 1\nEvent-Date-Timestamp: 1700000000000000\n\n');
const register = plain('Event-Name: CUSTOM\nEvent-Subclass: sofia%3A%3Aregister\nCore-UUID: 1\n\n');
const state = plain('Event-Name: CHANNEL_STATE\nCore-UUID: 1\n\n');
const reply: TapFrame = { headers: [['Content-Type', 'command/reply'], ['Reply-Text', '+OK event listener enabled plain']], body: '' };

test('an event is named by its Event-Name, a CUSTOM one by its decoded subclass; replies are no events', () => {
  assert.is(eventKey(create), 'CHANNEL_CREATE');
  assert.is(eventKey(register), 'CUSTOM sofia::register');
  assert.is(eventKey(reply), undefined);
});

test("every event is counted, and apart those Switchboard subscribes to (server/pbx/parse.ts's list)", () => {
  assert.ok(subscribed('CHANNEL_CREATE'));
  assert.ok(subscribed('CUSTOM sofia::register'));
  assert.not.ok(subscribed('CHANNEL_STATE'));
  const counts = countEvents([create, register, state, state, reply], noEvents());
  assert.equal(counts, { all: 4, subscribed: 2, byName: { CHANNEL_CREATE: 1, 'CUSTOM sofia::register': 1, CHANNEL_STATE: 2 } });
});

test("sipp's count is the last line of its -trace_stat CSV, read by column name; calls still under way count as failed", () => {
  const header = 'StartTime;LastResetTime;TotalCallCreated;CurrentCall;SuccessfulCall(P);SuccessfulCall(C);FailedCall(P);FailedCall(C);';
  const line = (created: number, current: number, ok: number, failed: number) => `2026-12-07\t15:36:54.8;2026-12-07\t15:36:58.8;${created};${current};0;${ok};0;${failed};`;
  assert.equal(sippCounts([header, line(10, 4, 6, 0), line(30, 1, 27, 2), ''].join('\n')), { placed: 30, succeeded: 27, failed: 3 });
  assert.equal(sippCounts(header), { placed: 0, succeeded: 0, failed: 0 });
});

test.run();
