// Failed sign-ins counted in a sliding window per client address and per
// e-mail, on top of the account lockout: the lockout stops guessing at one
// account, this slows a spray of a few guesses at many accounts from one
// address (and stops one address from locking every account unnoticed: the
// first refusal of an address writes an audit row). Only failures count, so
// people who sign in often are never slowed.
//
// Kept in this node's memory: Switchboard shares nothing else of this kind
// between nodes (Redis carries only Socket.IO's adapter), so behind a load
// balancer that spreads one address over N nodes the limits are N times as
// loose. A restart forgets the counts; the lockout, in the database, does not.

export interface ThrottleLimits {
  /** Failed sign-ins from one address within the window before it is refused. */
  perAddress: number;
  /** Failed sign-ins for one e-mail (known or not) within the window before it is refused. */
  perAccount: number;
  windowMs: number;
}

export type ThrottleScope = 'address' | 'account';

export interface Throttled {
  scope: ThrottleScope;
  /** Whole seconds until the oldest counted failure leaves the window. */
  retryAfterSeconds: number;
  /** True for the first refusal of a wave (a wave ends when a whole window passes without a failure): the moment to write the audit row. */
  first: boolean;
}

/** Keys kept at most per scope: beyond it the stalest go (a spray of made-up e-mails must not grow memory without end). */
const MAX_KEYS = 50_000;

class SlidingWindow {
  private readonly failures = new Map<string, number[]>();
  private readonly refused = new Set<string>();
  constructor(private readonly limit: number, private readonly windowMs: number) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length === 0) {
      this.failures.delete(key);
      this.refused.delete(key);
    } else this.failures.set(key, kept);
    return kept;
  }

  /** Seconds to wait when the key is at its limit; null when it may try. */
  check(key: string, now: number): { retryAfterSeconds: number; first: boolean } | null {
    const recent = this.recent(key, now);
    if (recent.length < this.limit) return null;
    const first = !this.refused.has(key);
    this.refused.add(key);
    return { retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000)), first };
  }

  fail(key: string, now: number) {
    const recent = this.recent(key, now);
    // Re-inserted, so the Map's order is least recently failed first.
    this.failures.delete(key);
    this.failures.set(key, [...recent, now].slice(-this.limit));
    while (this.failures.size > MAX_KEYS) {
      const stalest = this.failures.keys().next().value!;
      this.failures.delete(stalest);
      this.refused.delete(stalest);
    }
  }

  forget(key: string) {
    this.failures.delete(key);
    this.refused.delete(key);
  }
}

export function signInThrottle(limits: ThrottleLimits, clock: () => number = Date.now) {
  const addresses = new SlidingWindow(limits.perAddress, limits.windowMs);
  const accounts = new SlidingWindow(limits.perAccount, limits.windowMs);
  const accountKey = (email: string) => email.trim().toLowerCase();
  // A request with no peer address (only in-process tests) is counted under one key.
  const addressKey = (address: string | null) => address ?? '-';
  return {
    /** Whether this attempt is refused before its password is even looked at. */
    check(address: string | null, email: string): Throttled | null {
      const now = clock();
      const byAddress = addresses.check(addressKey(address), now);
      if (byAddress) return { scope: 'address', ...byAddress };
      const byAccount = accounts.check(accountKey(email), now);
      return byAccount ? { scope: 'account', ...byAccount } : null;
    },
    failed(address: string | null, email: string) {
      const now = clock();
      addresses.fail(addressKey(address), now);
      accounts.fail(accountKey(email), now);
    },
    /** The right password: the account's count starts over (the address's does not, or one valid account would wash a spray clean). */
    succeeded(email: string) {
      accounts.forget(accountKey(email));
    },
  };
}

export type SignInThrottle = ReturnType<typeof signInThrottle>;
