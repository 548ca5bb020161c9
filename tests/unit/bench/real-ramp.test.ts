import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { holdRate, judgeStep, LIMITS, nextRate, splitCalls, type StepFigures } from '../../../bench/real/ramp.ts';

const step = (o: Partial<StepFigures> = {}): StepFigures => ({ rate: 10, seconds: 3, placed: 30, failed: 0, p99Ms: 80, lagMs: [60, 90, 70], ...o });
const ok = { ok: true, reasons: [] };
const failed = { ok: false, reasons: ['x'] };

test('a step whose calls were all placed and answered, with a low p99 and screens close behind, is kept up with', () => {
  assert.equal(judgeStep(step()), ok);
  // A small fraction of failed calls is tolerated: one stray timeout on a shared box.
  assert.equal(judgeStep(step({ placed: 100, failed: 2, seconds: 10 })), ok);
});

test('too few calls placed, too many failed, a high p99 or screens far behind each fail it, with the reason', () => {
  assert.match(judgeStep(step({ placed: 20 })).reasons.join(), /placed 20 of 30/);
  assert.match(judgeStep(step({ failed: 3 })).reasons.join(), /3 of 30 calls failed/);
  assert.match(judgeStep(step({ p99Ms: LIMITS.p99Ms + 1 })).reasons.join(), /p99/);
  assert.match(judgeStep(step({ lagMs: [100, 900, LIMITS.lagMs + 500] })).reasons.join(), /behind/);
  assert.is(judgeStep(step({ placed: 10, failed: 10, p99Ms: 5000, lagMs: [9000] })).reasons.length, 4);
});

test('the ramp climbs the ladder while steps are kept up with and stops at the first that is not', () => {
  const ladder = [4, 10, 20];
  assert.is(nextRate(ladder, []), 4);
  assert.is(nextRate(ladder, [{ rate: 4, verdict: ok }]), 10);
  assert.is(nextRate(ladder, [{ rate: 4, verdict: ok }, { rate: 10, verdict: failed }]), undefined);
  assert.is(nextRate(ladder, [{ rate: 4, verdict: ok }, { rate: 10, verdict: ok }, { rate: 20, verdict: ok }]), undefined);
});

test('the hold is at the highest rate kept up with, none when no step was', () => {
  assert.is(holdRate([{ rate: 4, verdict: ok }, { rate: 10, verdict: ok }, { rate: 20, verdict: failed }]), 10);
  assert.is(holdRate([{ rate: 4, verdict: failed }]), undefined);
});

test('a rate is split two in three to an extension, the rest to the queue, each at least one', () => {
  assert.equal(splitCalls(4), { extension: 3, queue: 1 });
  assert.equal(splitCalls(10), { extension: 7, queue: 3 });
  assert.equal(splitCalls(1), { extension: 1, queue: 1 });
  for (const r of [3, 20, 40, 80]) {
    const s = splitCalls(r);
    assert.is(s.extension + s.queue, r);
  }
});

test.run();
