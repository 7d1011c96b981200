/** Reading Open311 form bodies and writing XML: the pieces under the contract tests. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formOf, Open311Form, parseOpen311Form } from './formBody.js';
import { escapeXml, toXmlDocument } from './xml.js';
import { parseXml } from './testing/contract.js';
import { open311FieldName } from './errors.js';
import { dateWindow, parseOpen311Date } from './dates.js';

test('plain fields, attribute[code] and attribute[code][] (lists), encoded characters', () => {
  const form = parseOpen311Form([
    'api_key=o311_x', 'service_code=roads.pothole', 'description=%E1%BB%94+g%C3%A0+l%E1%BB%9Bn%0Ad%C3%B2ng+hai',
    'attribute%5Bsize%5D=large', 'attribute[channels][]=sms', 'attribute[channels][]=zalo', 'attribute[one][]=only',
    'attribute[twice]=a', 'attribute[twice]=b', 'lat=21.02', 'lat=21.03',
  ].join('&'));
  assert.deepEqual(form.fields, { api_key: 'o311_x', service_code: 'roads.pothole', description: 'Ổ gà lớn\ndòng hai', lat: '21.03' });
  assert.deepEqual(form.attributes, { size: 'large', channels: ['sms', 'zalo'], one: ['only'], twice: ['a', 'b'] });
  assert.deepEqual(form.malformed, []);
});

test('malformed attribute names and nested names are set aside, not guessed', () => {
  const form = parseOpen311Form('attribute[a=1&attribute[]=2&attribute[a][b]=3&user[name]=x&attribute[ok]=4');
  assert.deepEqual(form.attributes, { ok: '4' });
  assert.deepEqual(form.malformed, ['attribute[a', 'attribute[]', 'attribute[a][b]', 'user[name]']);
  assert.ok(form instanceof Open311Form);
});

test('a JSON body with the same names reads the same way; anything else is an empty form', () => {
  const form = formOf({ api_key: 'k', lat: 21.02, 'attribute[channels][]': ['sms', 'zalo'], 'attribute[count]': 3, skip: null });
  assert.deepEqual(form.fields, { api_key: 'k', lat: '21.02' });
  assert.deepEqual(form.attributes, { channels: ['sms', 'zalo'], count: '3' });
  assert.deepEqual(formOf(undefined).fields, {});
  assert.deepEqual(formOf('text').fields, {});
  assert.deepEqual(formOf([1, 2]).fields, {});
});

test('XML: declaration, list items by name, empty elements for null, escaping, and a strict reader agrees', () => {
  const doc = toXmlDocument('service_requests', [
    { service_request_id: 'PA-2026-000001', description: 'a < b & "c" \'d\' > e\u0001', lat: 21.5, media_url: null, flag: true },
  ]);
  assert.ok(doc.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request>'));
  assert.match(doc, /<description>a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt; e<\/description>/);
  assert.match(doc, /<media_url><\/media_url>/);
  const root = parseXml(doc);
  assert.equal(root.name, 'service_requests');
  const request = root.children[0]!;
  assert.deepEqual(request.children.map((c) => [c.name, c.text]), [
    ['service_request_id', 'PA-2026-000001'], ['description', 'a < b & "c" \'d\' > e'], ['lat', '21.5'], ['media_url', ''], ['flag', 'true'],
  ]);
  assert.equal(escapeXml('Đường Láng'), 'Đường Láng');
  assert.throws(() => toXmlDocument('things', [1]), /no item element name/);
  assert.throws(() => toXmlDocument('bad name', 'x'), /not an XML element name/);
  assert.throws(() => parseXml('<?xml version="1.0" encoding="utf-8"?><a><b></a>'), /expected <\/b>/);
  assert.throws(() => parseXml('<a></a>'), /declaration/);
});

test('our field names become the Open311 parameter names in errors', () => {
  assert.equal(open311FieldName('body.categoryCode'), 'service_code');
  assert.equal(open311FieldName('body.lon'), 'long');
  assert.equal(open311FieldName('body.addressText'), 'address_string');
  assert.equal(open311FieldName('body.attributes.pothole_size'), 'attribute[pothole_size]');
  assert.equal(open311FieldName('querystring.page_size'), 'page_size');
  assert.equal(open311FieldName('params.format'), 'format');
});

test('dates: a day in the city time zone, an instant with its offset; windows of at most 90 days', () => {
  const tz = 'Asia/Ho_Chi_Minh';
  assert.deepEqual(parseOpen311Date('2026-03-01', 'start_date', 'start', tz, 'en'), { at: new Date('2026-02-28T17:00:00Z'), exclusive: false });
  assert.deepEqual(parseOpen311Date('2026-03-01', 'end_date', 'end', tz, 'en'), { at: new Date('2026-03-01T17:00:00Z'), exclusive: true });
  assert.deepEqual(parseOpen311Date('2026-03-01T08:00:00.5-05:00', 'start_date', 'start', tz, 'en').at, new Date('2026-03-01T13:00:00.500Z'));
  assert.deepEqual(parseOpen311Date('2026-03-01T08:00Z', 'start_date', 'start', tz, 'en').at, new Date('2026-03-01T08:00:00Z'));
  for (const bad of ['2026-3-1', '2026-02-29', '2026-03-01T08:00:00', '2026-03-01T08:00:00+0700', '2026-03-01T24:00:00Z', '2026-03-01T08:00:00+15:00', 'now']) {
    assert.throws(() => parseOpen311Date(bad, 'start_date', 'start', tz, 'en'), /start_date: must be an ISO 8601/, bad);
  }
  const now = new Date('2026-11-23T10:00:00Z');
  assert.deepEqual(dateWindow(undefined, undefined, now, tz, 'en'), { start: new Date('2026-08-25T10:00:00Z'), end: now, endExclusive: false });
  assert.deepEqual(dateWindow('2026-01-01', undefined, now, tz, 'en').end, new Date('2026-03-31T17:00:00Z'));
  assert.deepEqual(dateWindow(undefined, '2026-03-31', now, tz, 'en').start, new Date('2025-12-31T17:00:00Z'));
  assert.doesNotThrow(() => dateWindow('2026-01-01', '2026-03-31', now, tz, 'en'));
  assert.throws(() => dateWindow('2026-01-01', '2026-04-01', now, tz, 'en'), /90 days/);
  assert.throws(() => dateWindow('2026-03-02', '2026-03-01', now, tz, 'en'), /end_date: must be after start_date/);
});
