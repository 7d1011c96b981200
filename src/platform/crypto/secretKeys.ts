/**
 * The installation's master secret and the purpose-bound keys derived from it (HKDF-SHA256), so
 * a key leaked for one purpose opens nothing else. Production must set SECRET_KEY; development
 * generates one at first start and keeps it in DATA_DIR/secret.key (mode 0600).
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type KeyPurpose = 'identity-seal' | 'identity-hmac' | 'totp-seal' | 'sms-code' | 'oidc-provider';

export class SecretKeys {
  private readonly cache = new Map<KeyPurpose, Buffer>();
  constructor(private readonly master: Buffer) {
    if (master.length < 32) throw new Error('SECRET_KEY must be at least 32 bytes (64 hex characters or 44 base64 characters)');
  }

  key(purpose: KeyPurpose): Buffer {
    let key = this.cache.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.master, Buffer.alloc(0), `cong-dan-so:${purpose}`, 32));
      this.cache.set(purpose, key);
    }
    return key;
  }
}

/** Parses SECRET_KEY as hex or base64. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  return /^[0-9a-f]+$/i.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
}

export function loadSecretKeys(options: { secretKey?: string | undefined; dataDir: string; production: boolean }): SecretKeys {
  if (options.secretKey) return new SecretKeys(parseSecretKey(options.secretKey));
  if (options.production) throw new Error('SECRET_KEY must be set in production');
  const dir = resolve(options.dataDir);
  const file = join(dir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return new SecretKeys(parseSecretKey(readFileSync(file, 'utf8')));
}
