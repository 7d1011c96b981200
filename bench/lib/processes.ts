/**
 * Child processes for benchmarks: the real server (built, as `npm start` runs it) and the
 * baseline — a bare node:http server answering a fixed JSON body. Both listen on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Running {
  url: string;
  pid: number;
  /** Milliseconds from spawn until the server answered. */
  startupMs: number;
  stop(): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited early:\n${output()}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no answer from ${url}:\n${output()}`);
}

function startProcess(args: string[], env: Record<string, string>, readyPath: string, port: number, timeoutMs = 120_000): Promise<Running> {
  const started = Date.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => { output = (output + c).slice(-20_000); });
  child.stderr!.on('data', (c) => { output = (output + c).slice(-20_000); });
  const url = `http://127.0.0.1:${port}`;
  return waitFor(`${url}${readyPath}`, child, timeoutMs, () => output).then(() => ({
    url,
    pid: child.pid!,
    startupMs: Date.now() - started,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }),
  }));
}

export async function startBaseline(): Promise<Running> {
  const port = await freePort();
  const source = `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"status":"ok","city":"hanoi"}'); }).listen(${port}, '127.0.0.1');`;
  return startProcess(['-e', source], {}, '/', port);
}

export interface ServerOptions {
  dataDir: string;
  databaseUrl?: string;
}

export async function startServer(options: ServerOptions): Promise<Running> {
  const port = await freePort();
  return startProcess(['dist/server.js'], {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: options.dataDir,
    DATABASE_URL: options.databaseUrl ?? '',
    LOG_LEVEL: 'warn',
    SERVE_WEB: 'false',
    VNEID_MODE: 'off',
    DEMO_MODE: 'true',
    // The benchmark is one client address: per-IP limits would measure the limiter, not the server.
    RATE_LIMIT_PER_MINUTE: '100000000',
    OPEN311_WRITES_PER_MINUTE: '100000000',
    // Measure the server at full load: shedding would cut the figures short.
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
  }, '/readyz', port);
}

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}
