import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildOpenApiDocument } from './buildDocument.js';
import { startTestApp } from '../../../test/helpers/testApp.js';

test('docs/openapi.json is up to date with the route schemas (run npm run openapi:write)', async () => {
  const committed = readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8');
  assert.equal(await buildOpenApiDocument(), committed);
});

test('the live document and the Swagger UI are served', async () => {
  const ctx = await startTestApp('pglite');
  try {
    const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/areas/lookup'].get);
    assert.ok(doc.paths['/api/v1/units'].post.requestBody);
    const ui = await ctx.app.inject({ url: '/api/docs/' });
    assert.equal(ui.statusCode, 200);
    assert.match(ui.body, /swagger/i);
  } finally {
    await ctx.close();
  }
});
