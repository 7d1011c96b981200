import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyedHash, seal, unseal } from './sealing.js';
import { loadSecretKeys, SecretKeys } from './secretKeys.js';

const keys = new SecretKeys(Buffer.alloc(32, 7));

test('sealed text opens with its key only, and differs every time', () => {
  const key = keys.key('identity-seal');
  const a = seal(key, 'Nguyễn Văn An 001203004567');
  const b = seal(key, 'Nguyễn Văn An 001203004567');
  assert.notEqual(a, b);
  assert.doesNotMatch(a, /001203004567/);
  assert.equal(unseal(key, a), 'Nguyễn Văn An 001203004567');
  assert.throws(() => unseal(keys.key('totp-seal'), a));
});

test('a tampered sealed value is refused', () => {
  const key = keys.key('identity-seal');
  const parts = seal(key, 'secret').split('.');
  const body = Buffer.from(parts[3]!, 'base64url');
  body[0] = body[0]! ^ 1;
  parts[3] = body.toString('base64url');
  assert.throws(() => unseal(key, parts.join('.')));
});

test('derived keys differ by purpose; keyed hashes are stable', () => {
  assert.notDeepEqual(keys.key('identity-seal'), keys.key('identity-hmac'));
  assert.equal(keyedHash(keys.key('identity-hmac'), 'x'), keyedHash(keys.key('identity-hmac'), 'x'));
  assert.notEqual(keyedHash(keys.key('identity-hmac'), 'x'), keyedHash(keys.key('sms-code'), 'x'));
});

test('development generates a private key file once; production demands SECRET_KEY', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cds-keys-'));
  const first = loadSecretKeys({ dataDir: dir, production: false });
  const text = readFileSync(join(dir, 'secret.key'), 'utf8');
  assert.equal(text.length, 64);
  assert.equal(statSync(join(dir, 'secret.key')).mode & 0o777, 0o600);
  const second = loadSecretKeys({ dataDir: dir, production: false });
  assert.deepEqual(first.key('identity-seal'), second.key('identity-seal'));
  assert.throws(() => loadSecretKeys({ dataDir: dir, production: true }), /SECRET_KEY must be set/);
  assert.throws(() => loadSecretKeys({ secretKey: 'abcd', dataDir: dir, production: true }), /at least 32 bytes/);
});
