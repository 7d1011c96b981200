/**
 * The server as a user starts it: a child process on a fresh data directory, first run loads
 * Hanoi, the second run finds it there; a bad setting stops start-up naming the setting.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoTotpSecret } from '../src/modules/accounts/demoAccounts.js';
import { totpCode } from '../src/platform/auth/totp.js';
import { freePort } from './helpers/freePort.js';

const root = new URL('..', import.meta.url).pathname;


interface Running { output: () => string; stop: () => Promise<number | null> }

function startServer(env: Record<string, string>): Running & { exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', SERVE_WEB: 'false', LOG_LEVEL: 'info', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    stop: async () => { child.kill('SIGTERM'); return exited; },
  };
}

async function waitUntilReady(base: string, running: Running & { exited: Promise<number | null> }): Promise<void> {
  const deadline = Date.now() + 60_000;
  let ended = false;
  void running.exited.then(() => { ended = true; });
  while (Date.now() < deadline && !ended) {
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become ready:\n${running.output()}`);
}

test('first start loads Hanoi and prints the demo sign-ins; a restart keeps the data and loads nothing twice', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cds-start-'));
  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = startServer({ PORT: String(port), DATA_DIR: dataDir });
    await waitUntilReady(base, first);
    const lookup = await (await fetch(`${base}/api/v1/areas/lookup?lat=21.0285&lon=105.8542`)).json() as { area: { name: string } };
    assert.equal(lookup.area.name, 'Hoàn Kiếm');
    // Officials sign in in two steps: password, then the code of the demo admin's derived TOTP secret.
    const challenge = await (await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo-2026' }),
    })).json() as { secondFactor: string; challengeToken: string };
    assert.equal(challenge.secondFactor, 'totp');
    const created = await (await fetch(`${base}/api/v1/auth/login/totp`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ challengeToken: challenge.challengeToken, code: totpCode(demoTotpSecret('admin')) }),
    })).json() as { token: string };
    const add = await fetch(`${base}/api/v1/units`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` },
      body: JSON.stringify({ code: 'to-cong-tac', parentCode: 'ha-noi', kind: 'office', nameVi: 'Tổ công tác', nameEn: 'Task force' }),
    });
    assert.equal(add.status, 201);
    assert.equal(await first.stop(), 0, 'clean shutdown on SIGTERM');
    assert.match(first.output(), /reference data loaded/);
    assert.match(first.output(), /Officials \(password "demo-2026"[^\n]*\n\s+admin, phuong\.intake/);

    const second = startServer({ PORT: String(port), DATA_DIR: dataDir });
    await waitUntilReady(base, second);
    const units = await (await fetch(`${base}/api/v1/units?pageSize=1`)).json() as { total: number };
    assert.equal(units.total, 25 + 126 + 1, 'the seeded units and the one added, nothing loaded twice');
    const unit = await fetch(`${base}/api/v1/units/to-cong-tac`);
    assert.equal(unit.status, 200);
    await second.stop();
    assert.doesNotMatch(second.output(), /reference data loaded/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a bad setting stops start-up with exit code 1 and names the setting', async () => {
  const running = startServer({ PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
  assert.equal(await running.exited, 1);
  assert.match(running.output(), /PORT: expected an integer, got "eighty"/);
  assert.match(running.output(), /DATABASE_URL: /);
});
