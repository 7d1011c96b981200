/**
 * What every browser test needs: Debian's Chromium and its flags, a built web app that is not
 * stale, and an axe-core check that fails on serious or critical violations.
 */
import { type TestContext as NodeTestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const webDir = join(repoRoot, 'web');
const builtIndex = join(webDir, 'dist', 'index.html');

/** Newest modification time of the web app's sources (dist excluded). */
function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.endsWith('.md')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than a source file, so the test never checks a stale app. */
export function ensureWebBuilt(): void {
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= newestSourceTime(webDir)) return;
  try {
    execFileSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build:web failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
  assert.ok(existsSync(builtIndex), 'npm run build:web did not produce web/dist/index.html');
}

interface AxeViolation { id: string; impact?: string | null; help: string; nodes: { target: unknown; failureSummary?: string }[] }

/** Runs axe-core in the page and fails on serious or critical violations (printing them). */
export async function assertAccessible(t: NodeTestContext, page: Page, label: string): Promise<void> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe.run()
      .then((results) => results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      }))));
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations.filter((x) => !blocking.includes(x))) t.diagnostic(`axe (${label}, ${v.impact}): ${v.id} — ${v.help}`);
  assert.deepEqual(blocking, [], `axe found serious/critical violations on ${label}:\n${JSON.stringify(blocking, null, 2)}`);
}

/** The pages reached no host but 127.0.0.1 (the app works offline) and threw no errors. */
export function assertStayedLocal(requestedUrls: string[], pageErrors: unknown[]): void {
  const foreign = requestedUrls.filter((url) => {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'http:' || protocol === 'https:' || protocol === 'ws:' || protocol === 'wss:') && hostname !== '127.0.0.1';
  });
  assert.ok(requestedUrls.length > 0, 'no request was recorded');
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
}
