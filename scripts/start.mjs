// `npm start`: builds what is missing or stale (server into dist/, web app into web/dist/), then
// starts the built server. Plain JavaScript so it runs before anything is compiled.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of any file under the given paths. */
function newest(paths) {
  let latest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules' && entry !== 'dist') visit(join(path, entry));
    } else if (stat.mtimeMs > latest) latest = stat.mtimeMs;
  };
  paths.forEach(visit);
  return latest;
}

function buildIfStale(label, output, sources, command) {
  if (existsSync(output) && statSync(output).mtimeMs >= newest(sources)) return;
  console.log(`Building the ${label} (${command})…`);
  execSync(command, { stdio: 'inherit' });
}

buildIfStale('server', 'dist/server.js', ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'], 'npm run build:server');
buildIfStale('web app', 'web/dist/index.html', ['web', 'package.json'], 'npm run build:web');
await import('../dist/server.js');
