/**
 * Generated files are committed so readers and the web build need no generation step; this
 * fails when one is stale. (docs/openapi.json has its own test in src/platform/openapi.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

test('web/src/api/openapi.d.ts matches docs/openapi.json (run npm run openapi:types)', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'cds-types-')), 'openapi.d.ts');
  execFileSync(join(root, 'node_modules/.bin/openapi-typescript'), ['docs/openapi.json', '-o', out], { cwd: root, stdio: 'pipe' });
  assert.equal(readFileSync(out, 'utf8'), readFileSync(join(root, 'web/src/api/openapi.d.ts'), 'utf8'));
});

test('drizzle migrations match the schema (run npm run db:generate)', () => {
  // drizzle-kit check validates the migration history; generate into a scratch copy must add nothing.
  const scratch = mkdtempSync(join(tmpdir(), 'cds-drizzle-'));
  execFileSync('cp', ['-r', join(root, 'drizzle'), scratch]);
  const output = execFileSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--dialect', 'postgresql', '--schema', './src/db/schema/*.ts', '--out', relative(root, join(scratch, 'drizzle'))], { cwd: root, stdio: 'pipe' }).toString();
  assert.match(output, /No schema changes, nothing to migrate/);
});
