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

test('production refuses demo accounts', () => {
  assert.deepEqual(problemsOf({ NODE_ENV: 'production', DEMO_MODE: 'true' }).map((p) => p.split(':')[0]), ['DEMO_MODE']);
  assert.equal(loadConfig({ NODE_ENV: 'production' }).demoMode, false);
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
