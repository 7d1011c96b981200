import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, asCityAdmin } from '../../../test/helpers/testApp.js';
import { ERROR_CODES } from './errorCodes.js';

function assertErrorShape(body: unknown, code: string): { code: string; message: string; details?: unknown } {
  const error = (body as { error: { code: string; message: string; details?: unknown } }).error;
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0);
  assert.deepEqual(Object.keys(body as object), ['error'], 'nothing but the error leaves');
  return error;
}

test('every error code has a status and a message in both languages', () => {
  for (const [code, entry] of Object.entries(ERROR_CODES)) {
    assert.ok(entry.status >= 400 && entry.status < 600, code);
    assert.ok(entry.vi.length > 0 && entry.en.length > 0, code);
    assert.notEqual(entry.vi, entry.en, `${code} is translated`);
  }
});

describeEachDatabase('error responses', (ctx) => {
  test('unknown route: 404 ROUTE_NOT_FOUND, Vietnamese by default and English on request', async () => {
    const vi = await ctx.app.inject({ url: '/api/v1/nothing-here' });
    assert.equal(vi.statusCode, 404);
    assert.equal(assertErrorShape(vi.json(), 'ROUTE_NOT_FOUND').message, ERROR_CODES.ROUTE_NOT_FOUND.vi);
    const en = await ctx.app.inject({ url: '/api/v1/nothing-here', headers: { 'accept-language': 'fr;q=1, en;q=0.5' } });
    assert.equal(assertErrorShape(en.json(), 'ROUTE_NOT_FOUND').message, ERROR_CODES.ROUTE_NOT_FOUND.en);
  });

  test('known path, wrong method: 405 with an Allow header', async () => {
    const res = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/areas/lookup?lat=1&lon=1' });
    assert.equal(res.statusCode, 405);
    assert.equal(res.headers.allow, 'GET');
    assertErrorShape(res.json(), 'METHOD_NOT_ALLOWED');
    const withParam = await ctx.app.inject({ method: 'PUT', url: '/api/v1/units/ha-noi' });
    assert.equal(withParam.statusCode, 405);
    assert.equal(withParam.headers.allow, 'GET, PATCH');
  });

  test('malformed JSON is 400, a wrong content type 415, an oversized body 413', async () => {
    const { authorization } = await asCityAdmin(ctx.db);
    const malformed = await ctx.app.inject({ method: 'POST', url: '/api/v1/units', headers: { authorization, 'content-type': 'application/json' }, payload: '{"code": ' });
    assert.equal(malformed.statusCode, 400);
    assertErrorShape(malformed.json(), 'MALFORMED_JSON');

    const xml = await ctx.app.inject({ method: 'POST', url: '/api/v1/units', headers: { authorization, 'content-type': 'application/xml' }, payload: '<unit/>' });
    assert.equal(xml.statusCode, 415);
    assertErrorShape(xml.json(), 'UNSUPPORTED_MEDIA_TYPE');

    const huge = await ctx.app.inject({
      method: 'POST', url: '/api/v1/units', headers: { authorization, 'content-type': 'application/json' },
      payload: JSON.stringify({ code: 'big', parentCode: 'ha-noi', kind: 'office', nameVi: 'x'.repeat(2 * 1024 * 1024), nameEn: 'x' }),
    });
    assert.equal(huge.statusCode, 413);
    assertErrorShape(huge.json(), 'PAYLOAD_TOO_LARGE');
  });

  test('validation names every bad field, with messages in the request language', async () => {
    const { authorization } = await asCityAdmin(ctx.db);
    const res = await ctx.app.inject({
      method: 'POST', url: '/api/v1/units?lang=vi', headers: { authorization },
      payload: { code: 'Bad Code!', kind: 'castle', nameVi: 'A', nameEn: 'Unit', extra: 1 },
    });
    assert.equal(res.statusCode, 422);
    const error = assertErrorShape(res.json(), 'VALIDATION_FAILED');
    const details = error.details as Array<{ field: string; message: string }>;
    const fields = details.map((d) => d.field).sort();
    assert.deepEqual(fields, ['body.code', 'body.extra', 'body.kind', 'body.nameVi', 'body.parentCode']);
    assert.equal(details.find((d) => d.field === 'body.parentCode')!.message, 'là bắt buộc');
    assert.match(details.find((d) => d.field === 'body.nameVi')!.message, /ít nhất 2 ký tự/);
  });

  test('every response carries a request id, and a given one is echoed', async () => {
    const res = await ctx.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-abc-123' } });
    assert.equal(res.headers['x-request-id'], 'trace-abc-123');
    const fresh = await ctx.app.inject({ url: '/healthz' });
    assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });
});

describeEachDatabase('database failures', (ctx) => {
  test('a broken database gives 500 INTERNAL and 503 on /readyz, with no SQL or stack in the body', async () => {
    const ok = await ctx.app.inject({ url: '/readyz' });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().status, 'ready');
    await ctx.handle.close();
    const res = await ctx.app.inject({ url: '/api/v1/units?q=abc' });
    assert.equal(res.statusCode, 500);
    assertErrorShape(res.json(), 'INTERNAL');
    assert.doesNotMatch(res.body, /select|from|units|at \w+ \(|\.ts:/i);
    const ready = await ctx.app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assertErrorShape(ready.json(), 'SERVICE_UNAVAILABLE');
  });
});

test('past the per-IP limit: 429 RATE_LIMITED with Retry-After', async () => {
  const ctx = await startTestApp('pglite', { rateLimitPerMinute: 3 });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await ctx.app.inject({ url: '/healthz' })).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const limited = await ctx.app.inject({ url: '/healthz?lang=en' });
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal(assertErrorShape(limited.json(), 'RATE_LIMITED').message, ERROR_CODES.RATE_LIMITED.en);
  } finally {
    await ctx.close();
  }
});
