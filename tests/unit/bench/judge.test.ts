import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { judge } from '../../../bench/ingest.ts';
import { OVERLOAD_MS, overloadOf } from '../../../bench/rig.ts';
import type { Window } from '../../../bench/rig.ts';

const window = (p99: number, queued = 0, rssKb = 200_000): Window => ({
  latency: { p50_ms: p99 / 2, p99_ms: p99, p999_ms: p99, max_ms: p99, samples: 100 },
  messages: 100,
  bytes: 10_000,
  lagMs: 50,
  eslQueuedBytes: queued,
  serverRssKb: rssKb,
  cpu: { server: 50, pbx: 10, loads: 50 },
});
const paced = (achievedRate: number) => ({ fired: 0, seconds: 1, achievedRate, maxBehindMs: 0 });

test('a rate kept up with: achieved, flat lag, no backlog, flat memory', () => {
  assert.equal(judge(1000, { paced: paced(1000), windows: [window(20), window(25)], drained: true, overloaded: false }), { ok: true, reasons: [] });
});

test('growing lag, backlog, memory or a slow driver each fail it, with the reason', () => {
  const verdict = judge(1000, { paced: paced(800), windows: [window(20, 0, 200_000), window(900, 8 << 20, 300_000)], drained: false, overloaded: true });
  assert.is(verdict.ok, false);
  assert.is(verdict.reasons.length, 6);
});

test('a run is overloaded when its p99 passes the limit, or when nothing fresh arrives while old messages still do', () => {
  assert.is(overloadOf(window(20)), undefined);
  assert.match(overloadOf(window(OVERLOAD_MS + 1))!, /p99/);
  // Old messages still arrive, with small latencies in this window's histogram, yet nothing newer than 4 s ago.
  assert.match(overloadOf({ ...window(5), lagMs: OVERLOAD_MS + 1000 })!, /nothing newer/);
  // Nothing arrived at all: the lag is the time since the run began.
  assert.match(overloadOf({ ...window(0), latency: { ...window(0).latency, samples: 0 }, lagMs: 4000 })!, /nothing newer/);
});

test.run();
