// Runs drizzle-kit generate, then removes the "public". schema prefix drizzle-kit writes into
// foreign keys, so the same migrations apply inside any schema (tests give each run its own).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

execFileSync('npx', ['drizzle-kit', 'generate', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const file of readdirSync('drizzle').filter((f) => f.endsWith('.sql'))) {
  const path = `drizzle/${file}`;
  const sql = readFileSync(path, 'utf8');
  const portable = sql.replaceAll('REFERENCES "public".', 'REFERENCES ');
  if (portable !== sql) writeFileSync(path, portable);
}
