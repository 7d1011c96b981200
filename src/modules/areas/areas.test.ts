import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/helpers/testApp.js';

describeEachDatabase('areas API', (ctx) => {
  test('a point at Hoan Kiem Lake names Hoàn Kiếm ward and its People’s Committee', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/areas/lookup?lat=21.0285&lon=105.8542' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.area.name, 'Hoàn Kiếm');
    assert.equal(body.area.id, '00070');
    assert.equal(body.area.type, 'phuong');
    assert.equal(body.unit.name, 'UBND phường Hoàn Kiếm');
    const en = (await ctx.app.inject({ url: '/api/v1/areas/lookup?lat=21.0285&lon=105.8542&lang=en' })).json();
    assert.equal(en.unit.name, "Hoan Kiem Ward People's Committee");
  });

  test('a point outside Hanoi is a 422 OUTSIDE_CITY in the caller’s language', async () => {
    const vi = await ctx.app.inject({ url: '/api/v1/areas/lookup?lat=10.7769&lon=106.7009' });
    assert.equal(vi.statusCode, 422);
    assert.equal(vi.json().error.code, 'OUTSIDE_CITY');
    assert.match(vi.json().error.message, /nằm ngoài địa bàn Hà Nội/);
    const en = await ctx.app.inject({ url: '/api/v1/areas/lookup?lat=10.7769&lon=106.7009', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    assert.match(en.json().error.message, /outside Hanoi/);
  });

  test('missing or out-of-range coordinates name the field', async () => {
    const missing = (await ctx.app.inject({ url: '/api/v1/areas/lookup?lat=21' })).json();
    assert.equal(missing.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(missing.error.details.map((d: { field: string }) => d.field), ['querystring.lon']);
    const bad = (await ctx.app.inject({ url: '/api/v1/areas/lookup?lat=abc&lon=200&lang=en' })).json();
    const fields = bad.error.details.map((d: { field: string }) => d.field).sort();
    assert.deepEqual(fields, ['querystring.lat', 'querystring.lon']);
    assert.ok(bad.error.details.find((d: { field: string; message: string }) => d.field === 'querystring.lon').message.includes('at most 180'));
  });

  test('lists the 126 wards: 51 phường and 75 xã, and serves their boundaries as GeoJSON', async () => {
    const list = (await ctx.app.inject({ url: '/api/v1/areas' })).json();
    assert.equal(list.total, 126);
    assert.equal(list.items.filter((a: { type: string }) => a.type === 'phuong').length, 51);
    assert.equal(list.items.filter((a: { type: string }) => a.type === 'xa').length, 75);
    const found = (await ctx.app.inject({ url: `/api/v1/areas?q=${encodeURIComponent('hoàn kiếm')}` })).json();
    assert.deepEqual(found.items.map((a: { id: string }) => a.id), ['00070']);
    const geo = await ctx.app.inject({ url: '/api/v1/areas/boundaries.geojson' });
    assert.match(String(geo.headers['content-type']), /application\/geo\+json/);
    const fc = geo.json();
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.features.length, 126);
    assert.equal(fc.features[0].geometry.type, 'MultiPolygon');
  });

  test('one ward with rings; an unknown ward is 404', async () => {
    const ward = (await ctx.app.inject({ url: '/api/v1/areas/00070' })).json();
    assert.equal(ward.name, 'Hoàn Kiếm');
    assert.ok(ward.rings[0].length > 3);
    const missing = await ctx.app.inject({ url: '/api/v1/areas/99999' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'NOT_FOUND');
  });
});
