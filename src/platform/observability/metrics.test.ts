import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../../../test/helpers/testApp.js';

test('/metrics exposes request durations by route pattern, not by URL', async () => {
  const ctx = await startTestApp('pglite');
  try {
    await ctx.app.inject({ url: '/api/v1/areas/00070' });
    const res = await ctx.app.inject({ url: '/metrics' });
    assert.match(String(res.headers['content-type']), /text\/plain/);
    assert.match(res.body, /http_request_duration_seconds_count\{route="\/api\/v1\/areas\/:id",method="GET",status="200"\} 1/);
    assert.doesNotMatch(res.body, /00070/);
    assert.match(res.body, /process_resident_memory_bytes/);
  } finally {
    await ctx.close();
  }
});

test('with METRICS_TOKEN set, /metrics needs it', async () => {
  const ctx = await startTestApp('pglite', { metricsToken: 's3cret' });
  try {
    assert.equal((await ctx.app.inject({ url: '/metrics' })).statusCode, 401);
    const ok = await ctx.app.inject({ url: '/metrics', headers: { authorization: 'Bearer s3cret' } });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /http_request_duration_seconds/);
  } finally {
    await ctx.close();
  }
});
