/**
 * Load shedding: while the process is over a threshold, requests get 503 SERVICE_UNAVAILABLE with
 * Retry-After at once (liveness and metrics excepted, readiness reporting it); when the pressure
 * is gone they pass again. The pressure is made real (the event loop is blocked, or a threshold
 * is below what any process uses) and the test waits for the sampler to see it, so no timing
 * figure is asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import { ConfigError, loadConfig } from '../../config.js';
import { startTestApp } from '../../../test/helpers/testApp.js';
import { errorHandlerPlugin } from '../errors/errorHandler.js';
import { ERROR_CODES } from '../errors/errorCodes.js';
import { overloadPlugin } from './overload.js';

/** Keeps the CPU busy without yielding, as a slow synchronous handler would. */
function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) { /* busy */ }
}

/** Polls a condition, yielding to the event loop between tries; fails after `tries`. */
async function eventually(condition: () => boolean, what: string, step: () => void | Promise<void> = () => sleep(25), tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (condition()) return;
    await step();
  }
  assert.fail(`gave up waiting until ${what}`);
}

function errorOf(body: unknown): { code: string; message: string; details?: Record<string, unknown> } {
  assert.deepEqual(Object.keys(body as object), ['error']);
  return (body as { error: { code: string; message: string; details?: Record<string, unknown> } }).error;
}

test('event-loop pressure: 503 + Retry-After in our error shape, /healthz still answers, /readyz reports it; normal again afterwards', async () => {
  const ctx = await startTestApp('pglite', { overloadMaxEventLoopDelayMs: 50, overloadRetryAfterSeconds: 7 });
  const { app } = ctx;
  try {
    // Right after start-up nothing is refused, whatever the samples say (building the app keeps the loop busy).
    assert.equal(app.isShedding(), false);
    assert.equal((await app.inject({ url: '/api/v1/categories' })).statusCode, 200);
    // Shedding is armed two samples after ready; start from a quiet sample.
    await eventually(() => app.memoryUsage().heapUsed > 0 && !app.isUnderPressure(), 'a quiet sample after start-up');

    // A short burst of blocking work, until the sampler (once a second) has seen it.
    await eventually(() => app.isShedding(), 'the sampler sees the blocked loop (and shedding is armed)', async () => {
      blockEventLoop(200);
      await sleep(5);
    }, 40);
    // The state holds until the next sample; these answers take a few milliseconds.
    const [vi, en, health, ready] = await Promise.all([
      app.inject({ url: '/api/v1/categories' }),
      app.inject({ method: 'POST', url: '/api/v1/reports?lang=en', payload: {} }),
      app.inject({ url: '/healthz' }),
      app.inject({ url: '/readyz', headers: { 'accept-language': 'en' } }),
    ]);
    assert.equal(vi.statusCode, 503);
    assert.equal(vi.headers['retry-after'], '7');
    const viError = errorOf(vi.json());
    assert.equal(viError.code, 'SERVICE_UNAVAILABLE');
    assert.equal(viError.message, ERROR_CODES.SERVICE_UNAVAILABLE.vi);
    assert.deepEqual(viError.details, { reason: 'overloaded', pressure: 'eventLoopDelay', retryAfterSeconds: 7 });

    assert.equal(en.statusCode, 503, 'refused before authentication or the body is looked at');
    assert.equal(en.headers['retry-after'], '7');
    assert.equal(errorOf(en.json()).message, ERROR_CODES.SERVICE_UNAVAILABLE.en);

    assert.equal(health.statusCode, 200, 'liveness is never shed');
    assert.equal(ready.statusCode, 503, 'readiness reports the pressure');
    assert.equal(ready.headers['retry-after'], '7');
    assert.equal(errorOf(ready.json()).details?.pressure, 'eventLoopDelay');

    // Pressure gone (the next quiet sample): everything passes again.
    await eventually(() => !app.isShedding(), 'the pressure is gone');
    const after = await app.inject({ url: '/api/v1/categories' });
    assert.equal(after.statusCode, 200);
    assert.equal(after.headers['retry-after'], undefined);
    assert.equal((await app.inject({ url: '/readyz' })).statusCode, 200);
  } finally {
    await ctx.close();
  }
});

test('memory pressure (heap over its threshold) sheds the same way; exempt routes pass', async () => {
  const app = Fastify();
  await app.register(errorHandlerPlugin);
  // A heap threshold of 1 byte is exceeded by every process: pressure from the first sample on.
  await app.register(overloadPlugin, { maxEventLoopDelayMs: 0, maxHeapUsedBytes: 1, maxRssBytes: 0, retryAfterSeconds: 3, sampleIntervalMs: 10 });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/metrics', async () => 'up 1\n');
  app.get('/work', async () => ({ done: true }));
  try {
    await app.ready();
    await eventually(() => app.isShedding(), 'the first sample is taken and shedding armed');
    const refused = await app.inject({ url: '/work', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.headers['retry-after'], '3');
    const error = errorOf(refused.json());
    assert.equal(error.code, 'SERVICE_UNAVAILABLE');
    assert.equal(error.message, ERROR_CODES.SERVICE_UNAVAILABLE.en);
    assert.equal(error.details?.pressure, 'heapUsedBytes');
    assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
    assert.equal((await app.inject({ url: '/metrics' })).statusCode, 200);
    assert.equal((await app.inject({ url: '/nowhere' })).statusCode, 503, 'unknown routes are shed too');
  } finally {
    await app.close();
  }
});

test('thresholds are settings: generous defaults, bad values stop start-up naming the setting', () => {
  const defaults = loadConfig({});
  assert.equal(defaults.overloadMaxEventLoopDelayMs, 500);
  assert.ok(defaults.overloadMaxHeapMb > 0, 'heap check on by default, below the V8 heap limit');
  assert.equal(defaults.overloadMaxRssMb, 0, 'RSS check off unless the operator knows the memory limit');
  assert.equal(defaults.overloadRetryAfterSeconds, 10);
  const set = loadConfig({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', OVERLOAD_MAX_RSS_MB: '768', OVERLOAD_RETRY_AFTER_SECONDS: '30' });
  assert.deepEqual([set.overloadMaxEventLoopDelayMs, set.overloadMaxRssMb, set.overloadRetryAfterSeconds], [0, 768, 30]);
  for (const [name, value] of [['OVERLOAD_MAX_EVENT_LOOP_DELAY_MS', '-1'], ['OVERLOAD_MAX_HEAP_MB', 'lots'], ['OVERLOAD_MAX_RSS_MB', '-5'], ['OVERLOAD_RETRY_AFTER_SECONDS', '0']] as const) {
    assert.throws(() => loadConfig({ [name]: value }), (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith(`${name}:`)), name);
  }
});
