// The timers of the demo traffic: every pending one can be cancelled at once,
// and none keeps the process alive or fires after stop().

export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private stopped = false;

  /** Runs `fn` in `ms`, unless stop() comes first; after stop() it schedules nothing. */
  later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      if (!this.stopped) fn();
    }, ms);
    timer.unref();
    this.pending.add(timer);
  }

  /** Cancels every pending timer; for good, later() does nothing from now on. */
  stop(): void {
    this.stopped = true;
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
