/**
 * Crash safety: the server as it runs in production (a child process on its own DATA_DIR, and on
 * PostgreSQL a database of its own), citizens submitting reports with photos concurrently, and
 * `kill -9` in the middle of it. After a restart on the same data:
 *
 *  - every submit that was acknowledged (201 with a public id) is there exactly once, complete:
 *    the Idempotency-Key replay answers the same public id, every photo it was sent with has its
 *    media row and both files are served (200 image/webp);
 *  - a submit that was in flight at the kill is either there (complete) or not at all: retrying
 *    it with its key gives one report, and a second retry replays that one;
 *  - no report lacks its media rows or its audit row, every media row has its files, and the
 *    audit hash chain verifies.
 *
 * Files stored by a submit whose transaction never committed are orphans by design (files are
 * written before the transaction, see submitReport.ts); the test counts and reports them.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import { auditLog, idempotencyKeys, reportMedia, reports } from '../src/db/schema/index.js';
import { verifyAuditChain } from '../src/platform/audit/auditLog.js';
import { filesUnder, jpeg, multipart, pavementFields, fieldsOf, photo } from '../src/modules/reports/submit/submitTestKit.js';
import { databaseTargets, postgresUrl, type DatabaseTarget } from './helpers/testDatabase.js';
import { freePort } from './helpers/freePort.js';

const root = new URL('..', import.meta.url).pathname;

/** How many submits are kept in flight, and after how many acknowledgements the server is killed. */
const CONCURRENCY = 8;
const KILL_AFTER_ACKS = 12;
const CITIZENS = 3;


interface Server { child: ChildProcess; exited: Promise<number | null>; output: () => string }

function startServer(env: Record<string, string>): Server {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      SERVE_WEB: 'false',
      LOG_LEVEL: 'warn',
      DEMO_MODE: 'true',
      VNEID_MODE: 'off',
      RATE_LIMIT_PER_MINUTE: '100000',
      // The test process and its neighbours load the machine; shedding would be about them.
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output.slice(-4000) };
}

async function waitUntilReady(base: string, server: Server): Promise<void> {
  const deadline = Date.now() + 40_000;
  let ended = false;
  void server.exited.then(() => { ended = true; });
  while (Date.now() < deadline && !ended) {
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) return;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error(`server did not become ready:\n${server.output()}`);
}

/** A PostgreSQL database of the run's own on the test server, dropped afterwards. */
async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = postgresUrl()!;
  const name = `cds_crash_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await run(`drop database if exists ${name} with (force)`);
      } catch {
        await run(`drop database if exists ${name}`); // PostgreSQL before 13
      }
    },
  };
}

interface Citizen { authorization: string; userId: string }

async function registerCitizen(base: string, n: number): Promise<Citizen> {
  const phone = `+84970${String(100000 + n * 37 + (process.pid % 1000) * 100).slice(-6)}`;
  const json = { 'content-type': 'application/json' };
  const started = await fetch(`${base}/api/v1/auth/phone/start`, { method: 'POST', headers: json, body: JSON.stringify({ phone }) });
  assert.equal(started.status, 200, await started.clone().text());
  const { challengeId } = await started.json() as { challengeId: string };
  const inbox = await (await fetch(`${base}/api/v1/dev/sms-inbox`)).json() as { items: Array<{ to: string; text: string }> };
  const code = /(\d{6})/.exec(inbox.items.filter((m) => m.to === phone).at(-1)!.text)![1]!;
  const verified = await fetch(`${base}/api/v1/auth/phone/verify`, {
    method: 'POST', headers: json, body: JSON.stringify({ challengeId, code, displayName: `Công dân thử ${n}` }),
  });
  assert.equal(verified.status, 200, await verified.clone().text());
  const { token, user } = await verified.json() as { token: string; user: { id: string; identityLevel: number } };
  assert.ok(user.identityLevel >= 1);
  return { authorization: `Bearer ${token}`, userId: user.id };
}

/** One submit as the client keeps it: enough to send it again byte for byte. */
interface Submission {
  key: string;
  citizen: Citizen;
  photoCount: number;
  payload: Buffer;
  contentType: string;
  outcome: 'pending' | 'acknowledged' | 'failed' | 'no answer';
  publicId?: string;
  failure?: string;
}

interface SubmitAnswer { status: number; publicId?: string; replayed: boolean; body: string }

async function send(base: string, s: Submission): Promise<SubmitAnswer> {
  const res = await fetch(`${base}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': s.contentType, authorization: s.citizen.authorization, 'idempotency-key': s.key },
    body: s.payload,
  });
  const body = await res.text();
  const publicId = res.status === 201 ? (JSON.parse(body) as { publicId: string }).publicId : undefined;
  return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', body, ...(publicId ? { publicId } : {}) };
}

interface ReportPage { publicId: string; photos: Array<{ id: string; url: string; thumbnailUrl: string | null }> }

/** The report's public page lists every photo it was sent with, and each file (and thumbnail) is served. */
async function assertComplete(base: string, s: Submission, publicId: string): Promise<void> {
  const page = await fetch(`${base}/api/v1/reports/${publicId}`);
  assert.equal(page.status, 200, `${s.key}: report page of ${publicId}`);
  const report = await page.json() as ReportPage;
  assert.equal(report.photos.length, s.photoCount, `${s.key}: every photo of ${publicId} is there`);
  for (const p of report.photos) {
    for (const url of [p.url, p.thumbnailUrl]) {
      assert.ok(url, `${s.key}: photo ${p.id} has a thumbnail`);
      const file = await fetch(`${base}${url}`);
      assert.equal(file.status, 200, `${s.key}: ${url}`);
      assert.equal(file.headers.get('content-type'), 'image/webp');
      assert.ok((await file.arrayBuffer()).byteLength > 0);
    }
  }
}

async function crashRun(t: TestContext, target: DatabaseTarget): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cds-crash-'));
  const database = target === 'postgres' ? await freshPostgresDatabase() : null;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '' };
  // Letters only, so no run id can look like a phone number or a repeated character to screening.
  const run = randomBytes(4).toString('hex').replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]!);
  let server: Server | undefined;
  try {
    server = startServer(env);
    await waitUntilReady(base, server);
    const citizens: Citizen[] = [];
    for (let n = 0; n < CITIZENS; n++) citizens.push(await registerCitizen(base, n));
    const images = await Promise.all([jpeg(320, 240), jpeg(400, 300), jpeg(360, 270), jpeg(300, 400)]);

    // ---- Load, then kill -9 after some acknowledgements while the other submits are in flight.
    const submissions: Submission[] = [];
    let acknowledged = 0;
    let killed = false;
    let killing: Promise<void> | undefined;
    const killDelayMs = Math.floor(Math.random() * 50);
    let inFlightAtKill = -1;
    const running = server;
    const newSubmission = (): Submission => {
      const i = submissions.length;
      const key = `crash-${run}-${String(i).padStart(4, '0')}`;
      const photoCount = 1 + (i % 2);
      const { payload, contentType } = multipart([
        ...fieldsOf(pavementFields({ description: `Gạch lát vỉa hè bị bong bật, người đi bộ dễ vấp ngã (mã ${key}).`, lon: 105.8542 + i * 0.00001 })),
        ...Array.from({ length: photoCount }, (_, j) => photo(images[(i + j) % images.length]!, `anh-${j}.jpg`)),
      ]);
      const s: Submission = { key, citizen: citizens[i % citizens.length]!, photoCount, payload, contentType, outcome: 'pending' };
      submissions.push(s);
      return s;
    };
    const worker = async () => {
      while (!killed) {
        const s = newSubmission();
        try {
          const answer = await send(base, s);
          if (answer.status === 201) {
            s.outcome = 'acknowledged';
            s.publicId = answer.publicId!;
            acknowledged += 1;
          } else {
            s.outcome = 'failed';
            s.failure = `${answer.status} ${answer.body}`;
          }
        } catch {
          s.outcome = 'no answer'; // the connection died with the server
        }
        if (acknowledged >= KILL_AFTER_ACKS && !killing) {
          // A little later than the acknowledgement, by a varying amount, so runs hit the server in different stages.
          killing = sleep(killDelayMs).then(() => {
            killed = true;
            inFlightAtKill = submissions.filter((x) => x.outcome === 'pending').length;
            running.child.kill('SIGKILL');
          });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await killing;
    assert.equal(await running.exited, null, 'the server died of the signal');
    server = undefined;

    const failed = submissions.filter((s) => s.outcome === 'failed');
    assert.deepEqual(failed.map((s) => s.failure), [], 'no submit was refused before the kill');
    const acks = submissions.filter((s) => s.outcome === 'acknowledged');
    const unanswered = submissions.filter((s) => s.outcome === 'no answer');
    assert.ok(acks.length >= KILL_AFTER_ACKS);
    assert.ok(inFlightAtKill > 0, 'submits were in flight at the kill');
    assert.equal(acks.length + unanswered.length, submissions.length, 'each submit was answered 201 or lost its connection');

    // ---- Restart on the same data.
    server = startServer(env);
    await waitUntilReady(base, server);

    // Every acknowledged submit: replayed by its key to the same report, complete.
    for (const s of acks) {
      const replay = await send(base, s);
      assert.equal(replay.status, 201, `${s.key}: ${replay.body}`);
      assert.equal(replay.replayed, true, `${s.key} is answered from the stored result`);
      assert.equal(replay.publicId, s.publicId, `${s.key}: the same report`);
      await assertComplete(base, s, s.publicId!);
    }
    // Every submit in flight at the kill: committed or not, a retry ends with one complete report.
    let committedUnanswered = 0;
    for (const s of unanswered) {
      const retry = await send(base, s);
      assert.equal(retry.status, 201, `${s.key}: ${retry.body}`);
      if (retry.replayed) committedUnanswered += 1;
      const again = await send(base, s);
      assert.equal(again.replayed, true);
      assert.equal(again.publicId, retry.publicId, `${s.key}: the retry did not create a second report`);
      s.publicId = retry.publicId!;
      await assertComplete(base, s, s.publicId);
    }

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0, `clean shutdown:\n${server.output()}`);
    server = undefined;

    // ---- The stored data itself, with the server stopped.
    const handle = await openDatabase({ ...(database ? { databaseUrl: database.url } : {}), dataDir });
    let orphans: string[];
    try {
      const db = handle.db;
      const rows = await db.select({ id: reports.id, publicId: reports.publicId, description: reports.description }).from(reports);
      const media = await db.select({ reportId: reportMedia.reportId, storageKey: reportMedia.storageKey, thumbnailKey: reportMedia.thumbnailKey }).from(reportMedia);
      const submittedAudit = await db.select({ entityId: auditLog.entityId }).from(auditLog).where(eq(auditLog.action, 'report.submitted'));
      const keyRows = await db.select({ key: idempotencyKeys.key, responseBody: idempotencyKeys.responseBody })
        .from(idempotencyKeys).where(inArray(idempotencyKeys.key, submissions.map((s) => s.key)));

      // Exactly once: each submit that reached the server is one report (its key is in the description).
      const sent = [...acks, ...unanswered];
      for (const s of sent) {
        const matching = rows.filter((r) => r.description.includes(`(mã ${s.key})`));
        assert.equal(matching.length, 1, `${s.key} is stored exactly once`);
        assert.equal(matching[0]!.publicId, s.publicId);
        const keyRow = keyRows.filter((k) => k.key === s.key);
        assert.equal(keyRow.length, 1);
        const stored = keyRow[0]!.responseBody as { publicId: string; reportId: string };
        assert.equal(stored.publicId, s.publicId);
        assert.equal(stored.reportId, matching[0]!.id, 'the stored answer names the stored report');
      }
      assert.equal(rows.length, sent.length, 'no report the clients do not know of');
      assert.equal(new Set(rows.map((r) => r.publicId)).size, rows.length, 'public ids are unique');

      // No report without its media rows and its audit row; no media row without its files.
      const byReport = new Map<string, number>();
      for (const m of media) byReport.set(m.reportId, (byReport.get(m.reportId) ?? 0) + 1);
      for (const r of rows) {
        const s = sent.find((x) => x.publicId === r.publicId)!;
        assert.equal(byReport.get(r.id) ?? 0, s.photoCount, `${r.publicId} has a media row per photo`);
        assert.equal(submittedAudit.filter((a) => a.entityId === r.id).length, 1, `${r.publicId} has its audit row`);
      }
      const mediaRoot = join(dataDir, 'media');
      const referenced = new Set(media.flatMap((m) => [m.storageKey, ...(m.thumbnailKey ? [m.thumbnailKey] : [])]));
      for (const key of referenced) assert.ok(existsSync(join(mediaRoot, key)), `file ${key} exists`);
      orphans = filesUnder(mediaRoot).map((path) => relative(mediaRoot, path).split(sep).join('/')).filter((key) => !referenced.has(key));

      const chain = await verifyAuditChain(db);
      assert.equal(chain.ok, true, `audit chain: ${JSON.stringify(chain)}`);
      t.diagnostic(`${target}: ${submissions.length} submits started, ${acks.length} acknowledged, kill -9 ${killDelayMs} ms after the ${KILL_AFTER_ACKS}th with ${inFlightAtKill} in flight ` +
        `(${unanswered.length} never answered, ${committedUnanswered} of those had committed), ${rows.length} reports after retries, audit chain ${chain.rowsChecked} rows intact`);
    } finally {
      await handle.close();
    }
    const temporary = orphans.filter((key) => key.endsWith('.tmp')).length;
    t.diagnostic(`${target}: ${orphans.length} orphan media files (no row references them; ${temporary} half-written .tmp) — allowed, see docs/operations.md`);
  } finally {
    if (server) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const target of databaseTargets()) {
  test(`kill -9 during concurrent submits loses no acknowledged report [${target}]`, { timeout: 60_000 }, async (t) => {
    await crashRun(t, target);
  });
}
