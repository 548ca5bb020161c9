// The pure parts of two security rules, with a hand-turned clock: the sign-in
// throttle's sliding window (server/http/sign-in-throttle.ts) and the
// own-pages judgement of a state-changing request (server/http/same-origin.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromOwnPages } from '../../../server/http/same-origin.ts';
import { signInThrottle } from '../../../server/http/sign-in-throttle.ts';

test('failures slide out of the window; Retry-After is the wait for the oldest; one audit-worthy refusal per wave', () => {
  let now = 1_000_000;
  const throttle = signInThrottle({ perAddress: 3, perAccount: 100, windowMs: 60_000 }, () => now);
  for (const email of ['a@x.test', 'b@x.test', 'c@x.test']) {
    assert.is(throttle.check('192.0.2.1', email), null);
    throttle.failed('192.0.2.1', email);
    now += 10_000;
  }
  // Failures at 0 s, 10 s and 20 s; it is now 30 s: the oldest leaves the window at 60 s.
  assert.equal(throttle.check('192.0.2.1', 'd@x.test'), { scope: 'address', retryAfterSeconds: 30, first: true });
  assert.equal(throttle.check('192.0.2.1', 'd@x.test'), { scope: 'address', retryAfterSeconds: 30, first: false });
  assert.is(throttle.check('192.0.2.2', 'd@x.test'), null, 'another address is not held up');
  now += 30_000;
  assert.is(throttle.check('192.0.2.1', 'd@x.test'), null, 'the oldest failure has slid out');
  throttle.failed('192.0.2.1', 'd@x.test');
  assert.equal(throttle.check('192.0.2.1', 'e@x.test')?.first, false, 'an address that keeps at it is still the same wave');
  now += 60_000;
  for (const email of ['f@x.test', 'g@x.test', 'h@x.test']) throttle.failed('192.0.2.1', email);
  assert.equal(throttle.check('192.0.2.1', 'i@x.test')?.first, true, 'after a whole quiet window, a new wave is audited again');
});

test('an e-mail is counted however it is written, and the right password starts it over', () => {
  const throttle = signInThrottle({ perAddress: 100, perAccount: 2, windowMs: 60_000 }, () => 0);
  throttle.failed('192.0.2.1', 'Agent@Acme.test');
  throttle.failed('192.0.2.2', ' agent@acme.test');
  assert.is(throttle.check('192.0.2.3', 'AGENT@ACME.TEST')?.scope, 'account');
  throttle.succeeded('agent@acme.test');
  assert.is(throttle.check('192.0.2.3', 'agent@acme.test'), null);
});

test('own pages: the request\'s host or PUBLIC_URL; no browser at all; nothing cross-site or same-site', () => {
  const host = 'pbx.example.com';
  const ok = (origin: string | undefined, fetchSite: string | undefined, publicUrl?: string) => fromOwnPages({ origin, fetchSite, host }, publicUrl);
  assert.ok(ok('https://pbx.example.com', 'same-origin'));
  assert.ok(ok(undefined, undefined), 'no browser');
  assert.ok(ok('https://switchboard.example.com', 'same-origin', 'https://switchboard.example.com'), 'behind a proxy that rewrites Host');
  assert.not.ok(ok('https://switchboard.example.com', 'same-origin'), 'not without PUBLIC_URL');
  assert.not.ok(ok('https://pbx.example.com', 'cross-site'));
  assert.not.ok(ok('https://pbx.example.com', 'Same-Site'));
  assert.not.ok(ok('https://evil.example', undefined));
  assert.not.ok(ok('https://pbx.example.com.evil.example', 'same-origin'));
  assert.not.ok(ok('null', 'same-origin'));
  assert.not.ok(ok(undefined, 'same-origin'), 'a browser that hid its Origin');
});

test.run();
