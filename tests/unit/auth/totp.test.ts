// RFC 6238's own test vectors (Appendix B), RFC 4226's HOTP vectors
// (Appendix D), the ±1 step window and the refusal of a step already used.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { base32Decode, base32Encode, hotp, matchingStep, otpauthUri, stepAt, totp, type TotpAlgorithm } from '../../../server/auth/totp.ts';
import { looksLikeRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from '../../../server/auth/recovery-codes.ts';

// The RFC's seeds: the ASCII digits repeated to the hash's block-friendly length.
const SEEDS: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};

const RFC6238: [number, string, TotpAlgorithm][] = [
  [59, '94287082', 'sha1'],
  [59, '46119246', 'sha256'],
  [59, '90693936', 'sha512'],
  [1111111109, '07081804', 'sha1'],
  [1111111109, '68084774', 'sha256'],
  [1111111109, '25091201', 'sha512'],
  [1111111111, '14050471', 'sha1'],
  [1111111111, '67062674', 'sha256'],
  [1111111111, '99943326', 'sha512'],
  [1234567890, '89005924', 'sha1'],
  [1234567890, '91819424', 'sha256'],
  [1234567890, '93441116', 'sha512'],
  [2000000000, '69279037', 'sha1'],
  [2000000000, '90698825', 'sha256'],
  [2000000000, '38618901', 'sha512'],
  [20000000000, '65353130', 'sha1'],
  [20000000000, '77737706', 'sha256'],
  [20000000000, '47863826', 'sha512'],
];

test('RFC 6238 Appendix B: every vector, 8 digits, SHA-1, SHA-256 and SHA-512', () => {
  for (const [seconds, expected, algorithm] of RFC6238) {
    assert.is(totp(SEEDS[algorithm], seconds * 1000, 8, algorithm), expected, `${algorithm} at ${seconds}`);
  }
});

test('RFC 4226 Appendix D: HOTP counters 0–9, 6 digits', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  expected.forEach((code, counter) => assert.is(hotp(SEEDS.sha1, counter), code, `counter ${counter}`));
});

test('base32 round-trips and reads the forms people paste', () => {
  assert.is(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI', 'RFC 4648 §10');
  assert.is(base32Decode('mzxw 6ytb oi======').toString(), 'foobar');
  const key = Buffer.from('00ff10e0a5c3b2d1f4e9a7b6c5d4e3f2a1b0c9d8', 'hex');
  assert.equal(base32Decode(base32Encode(key)), key);
  assert.throws(() => base32Decode('MZXW1'), /base32/);
});

const key = SEEDS.sha1;
// The middle of a step, so ±15 s stays inside it.
const at = 1111111111 * 1000 - ((1111111111 * 1000) % 30_000) + 15_000;
const step = stepAt(at);

test('a code matches its own step and one step either side, not two', () => {
  assert.is(matchingStep(key, hotp(key, step), at, null), step);
  assert.is(matchingStep(key, hotp(key, step - 1), at, null), step - 1, 'the previous code (typed as it changed)');
  assert.is(matchingStep(key, hotp(key, step + 1), at, null), step + 1, "a phone's clock a little ahead");
  assert.is(matchingStep(key, hotp(key, step - 2), at, null), null, 'a minute old: refused');
  assert.is(matchingStep(key, hotp(key, step + 2), at, null), null);
  assert.is(matchingStep(key, hotp(key, step).slice(0, 5), at, null), null, 'five digits');
  assert.is(matchingStep(key, ` ${hotp(key, step)}`, at, null), null, 'the caller trims, not this');
});

test('a step already used is refused, and so is every earlier one', () => {
  assert.is(matchingStep(key, hotp(key, step), at, step), null, 'the same code again (replay)');
  assert.is(matchingStep(key, hotp(key, step - 1), at, step), null, 'an older code after a newer one');
  assert.is(matchingStep(key, hotp(key, step + 1), at, step), step + 1, 'the next one is fine');
});

test('the otpauth URI says SHA1, 6 digits, 30 s and the issuer', () => {
  const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'grace@acme.test', 'Switchboard'));
  assert.is(uri.protocol, 'otpauth:');
  assert.ok(uri.href.startsWith('otpauth://totp/Switchboard:grace%40acme.test?'));
  assert.equal(Object.fromEntries(uri.searchParams), { secret: 'JBSWY3DPEHPK3PXP', issuer: 'Switchboard', algorithm: 'SHA1', digits: '6', period: '30' });
});

test('recovery codes: ten, distinct, readable, recognised however they are typed', () => {
  const codes = newRecoveryCodes();
  assert.is(codes.length, 10);
  assert.is(new Set(codes).size, 10);
  for (const code of codes) {
    assert.match(code, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
    assert.ok(looksLikeRecoveryCode(code.toUpperCase().replace('-', ' ')));
  }
  assert.is(normalizeRecoveryCode(' ABCDE-fghjk '), 'abcdefghjk');
  assert.not.ok(looksLikeRecoveryCode('123456'), 'a six-digit code is not one');
});

test.run();
