// Bounded waiting, so a test fails with a message instead of hanging.

/** Resolves once predicate() is truthy (polled every `everyMs`); rejects after `ms`. */
export async function waitFor<T>(predicate: () => T | Promise<T>, ms = 5000, what = 'condition', everyMs = 10): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await predicate();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
