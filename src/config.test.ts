import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

test('defaults: loopback, port 3000, PGlite under ./data, Hanoi, demo mode outside production', () => {
  const config = loadConfig({});
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 3000);
  assert.equal(config.dataDir, './data');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.city, 'hanoi');
  assert.equal(config.demoMode, true);
});

test('environment variables override defaults and are parsed by type', () => {
  const config = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@db:5432/x', DEMO_MODE: 'false', LOG_LEVEL: 'warn' });
  assert.equal(config.port, 8080);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.databaseUrl, 'postgres://u@db:5432/x');
  assert.equal(config.demoMode, false);
  assert.equal(config.logLevel, 'warn');
});

test('every bad setting is reported by the name the operator used', () => {
  const problems = problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', DEMO_MODE: 'maybe' });
  assert.equal(problems.length, 4, problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('PORT:') && p.includes('abc')));
  assert.ok(problems.some((p) => p.startsWith('LOG_LEVEL:')));
  assert.ok(problems.some((p) => p.startsWith('DATABASE_URL:')));
  assert.ok(problems.some((p) => p.startsWith('DEMO_MODE:')));
  assert.deepEqual(problemsOf({ PORT: '70000' }).map((p) => p.split(':')[0]), ['PORT']);
});

const SECRET = 'a'.repeat(64);

test('production refuses demo accounts and the stand-in VNeID, and needs a secret key', () => {
  assert.deepEqual(problemsOf({ NODE_ENV: 'production', DEMO_MODE: 'true', SECRET_KEY: SECRET }).map((p) => p.split(':')[0]), ['DEMO_MODE']);
  assert.deepEqual(problemsOf({ NODE_ENV: 'production', VNEID_MODE: 'local', SECRET_KEY: SECRET }).map((p) => p.split(':')[0]), ['VNEID_MODE']);
  assert.deepEqual(problemsOf({ NODE_ENV: 'production' }).map((p) => p.split(':')[0]), ['SECRET_KEY']);
  const config = loadConfig({ NODE_ENV: 'production', SECRET_KEY: SECRET });
  assert.equal(config.demoMode, false);
  assert.equal(config.vneidMode, 'off');
});

test('an adapter switched on needs its settings', () => {
  assert.deepEqual(problemsOf({ SMS_MODE: 'http' }).map((p) => p.split(':')[0]), ['SMS_GATEWAY_URL']);
  assert.deepEqual(problemsOf({ VNEID_MODE: 'remote', VNEID_ISSUER: 'https://id.example' }).map((p) => p.split(':')[0]), ['VNEID_ISSUER']);
  const ok = loadConfig({ SMS_MODE: 'http', SMS_GATEWAY_URL: 'https://sms.example/send', SMS_GATEWAY_KEY: 'k' });
  assert.equal(ok.smsMode, 'http');
});

test('a config file is read, environment wins over it, unknown keys are refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cds-config-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ port: 4000, logLevel: 'debug' }));
  const config = loadConfig({ CONFIG_FILE: file, LOG_LEVEL: 'error' });
  assert.equal(config.port, 4000);
  assert.equal(config.logLevel, 'error');
  writeFileSync(file, JSON.stringify({ prot: 4000 }));
  assert.deepEqual(problemsOf({ CONFIG_FILE: file }).map((p) => p.split(':')[0]), ['prot']);
  writeFileSync(file, '{ not json');
  assert.deepEqual(problemsOf({ CONFIG_FILE: file }).map((p) => p.split(':')[0]), ['CONFIG_FILE']);
});
