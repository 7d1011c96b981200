/**
 * `npm run bench`: builds the server, then for each database mode (embedded PGlite, and
 * PostgreSQL when reachable) starts it as a child process on 127.0.0.1, runs every scenario
 * with autocannon, and compares with a bare node:http server measured in the same run (the
 * machines are noisy: ratios mean more than absolute numbers). Writes BENCHMARKS.md.
 *
 * Environment: BENCH_DURATION (seconds per scenario, default 10), BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test; "off" to skip PostgreSQL), BENCH_ONLY
 * (comma-separated scenario names).
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runLoad, type LoadResult } from './lib/load.js';
import { startBaseline, startServer, type Running } from './lib/processes.js';
import { scenarios } from './scenarios.js';
import { seedReports } from './lib/seedReports.js';
import { runCycles, seedCycleReports, type CycleResult } from './lib/cycle.js';
import { demoOfficialToken } from './lib/actors.js';
import { benchmarkPhotoProcessing } from './lib/photoProcessing.js';
import { writeMain } from './lib/benchmarksFile.js';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { loadReferenceData } from '../src/db/seed/loadReferenceData.js';
import { loadCityPack } from '../src/cities/cityPack.js';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const reportCount = Number(process.env.BENCH_REPORTS ?? 100_000);
const mixedDuration = Number(process.env.BENCH_MIXED_DURATION ?? 60);

/** Prepares the database before the server starts (PGlite allows one process at a time). */
async function prepareDatabase(options: { dataDir: string; databaseUrl?: string }): Promise<number> {
  const handle = await openDatabase(options);
  try {
    await migrateDatabase(handle);
    await loadReferenceData(handle.db, loadCityPack('hanoi'));
    const started = Date.now();
    if (reportCount > 0) await seedReports(handle.db, reportCount);
    await seedCycleReports(handle.db, 20_000);
    return Date.now() - started;
  } finally {
    await handle.close();
  }
}

interface Row { mode: string; scenario: string; connections: number; result: LoadResult; ratio: number }

async function postgresReachable(): Promise<boolean> {
  if (postgresUrl === 'off') return false;
  const client = new pg.Client({ connectionString: postgresUrl });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh database for a PostgreSQL run, created next to the given one and dropped after. */
async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cds_bench_${Date.now().toString(36)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database ${name} with (force)`) };
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<void> {
  console.log('building the server…');
  execSync('npm run -s build:server', { stdio: 'inherit' });
  const rows: Row[] = [];
  const startups: Array<{ mode: string; empty: number; seeded: number }> = [];
  const cycles: Array<{ mode: string } & CycleResult> = [];
  const photo = await benchmarkPhotoProcessing();
  console.log(`photo: ${photo.processMs} ms per 12-MP JPEG (baseline decode+encode ${photo.baselineMs} ms)`);

  const baseline = await startBaseline();
  const baselineResult = await runLoad({ url: `${baseline.url}/`, connections: 50, durationSeconds: duration, pid: baseline.pid });
  await baseline.stop();
  console.log(`baseline: ${baselineResult.requestsPerSecond} req/s`);

  const modes: Array<{ name: string; databaseUrl?: string; cleanup?: () => Promise<void> }> = [{ name: 'PGlite (embedded)' }];
  if (await postgresReachable()) {
    const db = await freshPostgresDatabase();
    modes.push({ name: 'PostgreSQL', databaseUrl: db.url, cleanup: db.drop });
  } else {
    console.log('PostgreSQL not reachable: embedded mode only');
  }

  for (const mode of modes) {
    const dataDir = mkdtempSync(join(tmpdir(), 'cds-bench-'));
    let server: Running | undefined;
    try {
      // Start-up on an empty database first: migrations, reference data and demo accounts from nothing.
      const empty = await startServer({ dataDir, ...(mode.databaseUrl ? { databaseUrl: mode.databaseUrl } : {}) });
      const emptyStartupMs = empty.startupMs;
      await empty.stop();
      const seedMs = await prepareDatabase({ dataDir, ...(mode.databaseUrl ? { databaseUrl: mode.databaseUrl } : {}) });
      console.log(`${mode.name}: ${reportCount} reports seeded in ${seedMs} ms`);
      server = await startServer({ dataDir, ...(mode.databaseUrl ? { databaseUrl: mode.databaseUrl } : {}) });
      startups.push({ mode: mode.name, empty: emptyStartupMs, seeded: server.startupMs });
      for (const scenario of scenarios.filter((s) => !only || only.includes(s.name))) {
        const load = await scenario.prepare({ url: server.url });
        const result = await runLoad({
          url: `${server.url}${load.path ?? ''}`,
          connections: scenario.connections,
          durationSeconds: scenario.mixed ? mixedDuration : duration,
          pid: server.pid,
          ...(load.requests ? { requests: load.requests } : {}),
          ...(load.method ? { method: load.method } : {}),
          ...(load.body ? { body: load.body } : {}),
          ...(load.headers ? { headers: load.headers } : {}),
        });
        const ratio = result.requestsPerSecond / baselineResult.requestsPerSecond;
        rows.push({ mode: mode.name, scenario: scenario.name, connections: scenario.connections, result, ratio });
        console.log(`${mode.name} / ${scenario.name}: ${result.requestsPerSecond} req/s, p99 ${result.p99Ms} ms, errors ${result.errors}, non-2xx ${result.non2xx}`);
      }
      if (!only || only.includes('official cycle')) {
        const token = await demoOfficialToken(server.url, 'phuong.supervisor');
        const cycle = await runCycles(server.url, token, 20, duration);
        cycles.push({ mode: mode.name, ...cycle });
        console.log(`${mode.name} / official cycle: ${cycle.cyclesPerSecond} cycles/s, p99 ${cycle.p99Ms} ms, errors ${cycle.errors}`);
      }
    } finally {
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
      await mode.cleanup?.();
    }
  }

  const cpu = cpus();
  const lines = [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (bench/run.ts). Do not edit by hand.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB memory, Node ${process.version}, ${process.platform}`,
    `- Data: Hanoi reference data and ${fmt(reportCount)} generated reports (bench/lib/seedReports.ts).`,
    `- Each scenario: ${duration} s with autocannon on loopback; the server is a separate process (built \`dist/server.js\`), LOG_LEVEL=warn.`,
    `- Baseline (same run): a bare \`node:http\` server answering a fixed JSON body, 50 connections: **${fmt(baselineResult.requestsPerSecond)} req/s**, p50 ${baselineResult.p50Ms} ms, p99 ${baselineResult.p99Ms} ms.`,
    '- The machines are shared and noisy: compare the ratio to the baseline, not the absolute figures, across runs.',
    '',
    '| mode | scenario | connections | req/s | × baseline | p50 ms | p99 ms | errors | non-2xx | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.mode} | ${r.scenario} | ${r.connections} | ${fmt(r.result.requestsPerSecond)} | ${fmt(r.ratio, 2)} | ${r.result.p50Ms} | ${r.result.p99Ms} | ${r.result.errors} | ${r.result.non2xx} | ${r.result.peakRssMb} |`),
    '',
    '## Officials\' accept → start → resolve cycle (20 concurrent officials\' clients, closed loop)',
    '',
    '| mode | cycles/s | p50 ms | p99 ms | errors |',
    '|---|---|---|---|---|',
    ...cycles.map((c) => `| ${c.mode} | ${fmt(c.cyclesPerSecond)} | ${c.p50Ms} | ${c.p99Ms} | ${c.errors} |`),
    '',
    '## Photo processing (one 12-megapixel JPEG, 4000 × 3000)',
    '',
    `- processPhoto (content check, rotate, resize to 2048 px, WebP, 320 px thumbnail, no metadata): **${photo.processMs} ms** median of ${photo.runs}`,
    `- Baseline in the same run, sharp decoding and re-encoding the same JPEG at full size: ${photo.baselineMs} ms (ratio ${fmt(photo.processMs / photo.baselineMs, 2)})`,
    '',
    '## Start-up to ready (spawn → /readyz answers 200)',
    '',
    `| mode | empty database (migrations, Hanoi reference data, demo accounts) ms | with ${fmt(reportCount)} reports ms |`,
    '|---|---|---|',
    ...startups.map((s) => `| ${s.mode} | ${fmt(s.empty)} | ${fmt(s.seeded)} |`),
    '',
    '## Reading these figures',
    '',
    '- Scenarios run one after another against the same server. On PGlite (one thread for all queries) a scenario that overloads it leaves abandoned requests queued; the next scenario then waits behind them — a read that takes ~5 ms alone (report page) can show 0 req/s and timeouts right after the map scenario. Those rows measure the backlog, not the route.',
    '- The mixed design load uses 500 connections on two cores shared by the load generator and the server; errors there are client timeouts (autocannon, 10 s).',
    '- Load shedding (OVERLOAD_*) is switched off for these runs so the figures show the server itself.',
    '',
    '## Scenarios',
    '',
    ...scenarios.map((s) => `- **${s.name}**: ${s.description}${s.mixed ? ` (${mixedDuration} s)` : ''}`),
    '',
  ];
  writeMain(lines.join('\n'));
  console.log('BENCHMARKS.md written');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
