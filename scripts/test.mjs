// `npm test`: type-check, lint, then every test file with node's test runner. Node's summary
// (# tests / # pass / # fail) is the last thing printed. In CI (CI=true) the PostgreSQL run and
// the browser tests are mandatory: a missing database or browser fails instead of skipping.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Node 20's test runner takes no globs: list the *.test.ts files ourselves. */
function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function run(label, command, args, env = process.env) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`✗ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

const env = { ...process.env };
if (env.CI === 'true' && !env.TEST_DATABASE_URL) env.TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
if (!env.TEST_DATABASE_URL) console.log('TEST_DATABASE_URL is not set: database tests run on embedded PGlite only.');

run('type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
run('type-check (web)', 'npx', ['tsc', '--noEmit', '-p', 'web/tsconfig.json']);
run('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
run('build web app (for browser tests)', 'npm', ['run', 'build:web', '--silent']);
run('tests', process.execPath, [
  '--test', '--import', 'tsx', '--test-concurrency=2',
  ...testFiles('src'), ...testFiles('test'),
], env);
