// Fires events at a steady rate for a bounded time. Each tick fires the
// events due since the start (so a late tick catches up and the achieved rate
// stays exact), at most 50 ms worth at once so a stall never turns into a
// flood, then yields to the event loop so the socket writes go out. It stops
// at `seconds` whatever happened, and says how far it fell behind.

export interface PaceResult {
  fired: number;
  seconds: number;
  /** fired ÷ seconds. */
  achievedRate: number;
  /** The most events that were due at once at the start of a tick, in ms of the rate. */
  maxBehindMs: number;
}

/** Events due after `elapsedMs` at `rate`/s, minus those already fired. */
export const dueEvents = (elapsedMs: number, rate: number, fired: number): number =>
  Math.max(0, Math.floor((elapsedMs * rate) / 1000) - fired);

/**
 * `stopped` is asked every tick: the orchestrator ends a run early when the
 * system under test is drowning. `events`, when given, counts the events
 * fired so far (a step may fire several, e.g. a queue join); without it each
 * fire() is one event.
 */
export function pace(
  rate: number,
  seconds: number,
  fire: () => void,
  stopped: () => boolean = () => false,
  events?: () => number,
): Promise<PaceResult> {
  const base = events?.() ?? 0;
  const start = performance.now();
  const endMs = seconds * 1000;
  let fired = 0;
  let maxBehindMs = 0;
  const burst = Math.max(1, Math.ceil(rate / 20));
  return new Promise((resolve) => {
    const tick = () => {
      const elapsed = Math.min(performance.now() - start, endMs);
      const due = dueEvents(elapsed, rate, fired);
      maxBehindMs = Math.max(maxBehindMs, (due * 1000) / rate);
      const now = Math.min(due, burst);
      if (events) {
        // Bounded even if steps fire nothing: at most `now` steps.
        const target = fired + now;
        for (let i = 0; i < now && fired < target; i++) {
          fire();
          fired = events() - base;
        }
      } else {
        for (let i = 0; i < now; i++) fire();
        fired += now;
      }
      if (elapsed < endMs && !stopped()) {
        setTimeout(tick, 1);
        return;
      }
      const took = (performance.now() - start) / 1000;
      resolve({ fired, seconds: took, achievedRate: fired / took, maxBehindMs });
    };
    tick();
  });
}
