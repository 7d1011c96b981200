import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  base32Decode, base32Encode, generateTotpSecret, hotp, otpauthUri, totpCode, totpStep, verifyTotp,
} from './totp.js';

/** RFC 6238 appendix B, SHA-1 column: the seed is the ASCII string "12345678901234567890". */
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: Array<[seconds: number, eightDigits: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  const secret = base32Encode(RFC_SEED);

  test('base32 of the RFC seed is the well-known value and decodes back', () => {
    assert.equal(secret, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.deepEqual(base32Decode(secret.toLowerCase()), RFC_SEED);
    assert.deepEqual(base32Decode('gezd gnbv-gy3t qojq gezd gnbv gy3t qojq===='), RFC_SEED);
    assert.equal(base32Encode(Buffer.from('f')), 'MY');
    assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
    assert.throws(() => base32Decode('not base32!'));
  });

  test('the RFC test vectors: 8-digit values, and their last 6 digits as our codes', () => {
    for (const [seconds, eight] of RFC_VECTORS) {
      assert.equal(hotp(RFC_SEED, totpStep(seconds * 1000), 8), eight, `T=${seconds}`);
      assert.equal(totpCode(secret, seconds * 1000), eight.slice(-6), `T=${seconds}`);
      assert.equal(verifyTotp(secret, eight.slice(-6), { timeMs: seconds * 1000 }), totpStep(seconds * 1000));
    }
  });

  test('one step of drift either way is accepted, two are not', () => {
    const now = 1111111111_000;
    const step = totpStep(now);
    const at = (s: number) => hotp(RFC_SEED, s);
    assert.equal(verifyTotp(secret, at(step - 1), { timeMs: now }), step - 1);
    assert.equal(verifyTotp(secret, at(step + 1), { timeMs: now }), step + 1);
    assert.equal(verifyTotp(secret, at(step - 2), { timeMs: now }), null);
    assert.equal(verifyTotp(secret, at(step + 2), { timeMs: now }), null);
    assert.equal(verifyTotp(secret, at(step - 2), { timeMs: now, window: 2 }), step - 2);
  });

  test('a code is good once: its step and every earlier one are refused after use', () => {
    const now = 1234567890_000;
    const step = totpStep(now);
    const code = totpCode(secret, now);
    assert.equal(verifyTotp(secret, code, { timeMs: now, lastStep: null }), step);
    assert.equal(verifyTotp(secret, code, { timeMs: now, lastStep: step }), null, 'same step again');
    assert.equal(verifyTotp(secret, hotp(RFC_SEED, step - 1), { timeMs: now, lastStep: step }), null, 'an older step');
    assert.equal(verifyTotp(secret, hotp(RFC_SEED, step + 1), { timeMs: now, lastStep: step }), step + 1, 'the next step still works');
  });

  test('malformed codes never match', () => {
    const now = 59_000;
    for (const code of ['', '28708', '2870822', 'abcdef', '28708a', '94287082']) {
      assert.equal(verifyTotp(secret, code, { timeMs: now }), null, code);
    }
    assert.equal(verifyTotp(secret, '287 082', { timeMs: now }), totpStep(now), 'spaces as typed from an app are fine');
  });

  test('new secrets are random 160-bit base32 strings', () => {
    const a = generateTotpSecret();
    const b = generateTotpSecret();
    assert.match(a, /^[A-Z2-7]{32}$/);
    assert.notEqual(a, b);
    assert.equal(base32Decode(a).length, 20);
  });

  test('the otpauth URI carries the secret, issuer and parameters', () => {
    const uri = otpauthUri({ secret, accountName: 'lan.nguyen', issuer: 'Công dân số Hà Nội' });
    assert.ok(uri.startsWith('otpauth://totp/C%C3%B4ng%20d%C3%A2n%20s%E1%BB%91%20H%C3%A0%20N%E1%BB%99i:lan.nguyen?'), uri);
    const query = new URL(uri).searchParams;
    assert.equal(query.get('secret'), secret);
    assert.equal(query.get('issuer'), 'Công dân số Hà Nội');
    assert.equal(query.get('algorithm'), 'SHA1');
    assert.equal(query.get('digits'), '6');
    assert.equal(query.get('period'), '30');
  });
});
