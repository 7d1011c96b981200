/**
 * Contract tests of the Open311 GeoReport v2 endpoint: every answer is checked against the
 * specification's fields and types (testing/contract.ts) in JSON, and the XML answer of the same
 * call must parse and carry exactly the same values. Round trips post requests and comments with
 * an API key and read them back; errors must be the specification's error list; personal data
 * must never leave through any Open311 read.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { asCityAdmin, describeEachDatabase, signIn, type TestContext } from '../../../test/helpers/testApp.js';
import { auditLog, open311ApiKeys, outboxEvents, reportEvents, reports } from '../../db/schema/index.js';
import { LocalDiskStorage } from '../../platform/media/mediaStorage.js';
import { SECRETS, seedReports, type SeededReports } from '../reports/public/testing/seedReports.js';
import { checkJson, DATE_TIME, readXml, type DocumentKind } from './testing/contract.js';
import { OPEN311_WRITES_PER_MINUTE } from './routes.js';
import { OPEN311_CONTACT_KEY } from './submitOpen311Request.js';

const dataDir = mkdtempSync(join(tmpdir(), 'cds-open311-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const BASE = 'http://127.0.0.1:3000';
const V2 = '/open311/v2';
/** The seeded reports fall in this window (2026-01-01 to 2026-03-31 in Hanoi time, exactly 90 days). */
const SEED_WINDOW = 'start_date=2026-01-01&end_date=2026-03-31';

/** Contact details a client sends with its posts: none of them may appear in any Open311 read. */
const CONTACT = { email: 'nguoidan.open311@example.vn', phone: '+84 912 777 888', first_name: 'Khải Huyền', last_name: 'Thị Kín Đáo' } as const;

const form = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  return params.toString();
};

describeEachDatabase('Open311 GeoReport v2', (ctx: TestContext) => {
  let seed: SeededReports;
  let admin: { authorization: string; userId: string };
  let key: string;
  let keyId: string;
  /** Every body an Open311 read answered, for the privacy check at the end. */
  const readBodies: string[] = [];

  const inject = async (url: string, headers: Record<string, string> = {}) => {
    const res = await ctx.app.inject({ url: `${V2}/${url}`, headers });
    readBodies.push(res.body);
    return res;
  };

  const post = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => ctx.app.inject({
    method: 'POST', url: `${V2}/${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: form(fields),
  });

  /** GETs `path` as .json and .xml: both 200, both match the specification, and carry the same values. */
  async function read<T = unknown>(kind: DocumentKind, path: string, query = '', headers: Record<string, string> = {}): Promise<{ body: T; json: LightMyRequestResponse; xml: LightMyRequestResponse }> {
    const q = query ? `?${query}` : '';
    const json = await inject(`${path}.json${q}`, headers);
    const xml = await inject(`${path}.xml${q}`, headers);
    assert.equal(json.statusCode, 200, `${path}.json: ${json.body}`);
    assert.equal(xml.statusCode, 200, `${path}.xml: ${xml.body}`);
    assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(xml.headers['content-type'], 'text/xml; charset=utf-8');
    const body = json.json() as T;
    checkJson(kind, body);
    assert.deepEqual(readXml(kind, xml.body), body, `${path}: the XML answer carries the JSON answer's values`);
    return { body, json, xml };
  }

  /** An Open311 error answer: the status, the list shape in its format, every entry's code; returns the descriptions. */
  function expectErrors(res: LightMyRequestResponse, status: number, format: 'json' | 'xml' = 'json'): string[] {
    assert.equal(res.statusCode, status, res.body);
    if (format === 'xml') {
      assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
      const items = readXml('errors', res.body) as Array<{ code: number; description: string }>;
      assert.ok(items.length >= 1);
      for (const item of items) assert.equal(item.code, status);
      return items.map((i) => i.description);
    }
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    const items = res.json() as Array<{ code: number; description: string }>;
    checkJson('errors', items);
    assert.ok(items.length >= 1);
    for (const item of items) assert.equal(item.code, status);
    return items.map((i) => i.description);
  }

  async function issueKey(name: string): Promise<{ key: string; id: string }> {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/open311/keys', headers: { authorization: admin.authorization }, payload: { name, contact: 'it@fixmystreet.example' } });
    assert.equal(res.statusCode, 201, res.body);
    return { key: res.json().key, id: res.json().id };
  }

  before(async () => {
    seed = await seedReports(ctx.db, new LocalDiskStorage(join(dataDir, `media-${ctx.target}`)));
    admin = await asCityAdmin(ctx.db);
    ({ key, id: keyId } = await issueKey('FixMyStreet Hà Nội'));
    // A service with one attribute of every Open311 datatype that needs no map point.
    const group = await ctx.app.inject({
      method: 'POST', url: '/api/v1/categories', headers: { authorization: admin.authorization },
      payload: { code: 'thu_nghiem', nameVi: 'Nhóm thử nghiệm', nameEn: 'Test group', defaultPriority: 'normal', sortOrder: 9000 },
    });
    assert.equal(group.statusCode, 201, group.body);
    const child = await ctx.app.inject({
      method: 'POST', url: '/api/v1/categories', headers: { authorization: admin.authorization },
      payload: {
        code: 'thu_nghiem.moi_kieu', parentCode: 'thu_nghiem', nameVi: 'Mọi kiểu thông tin', nameEn: 'Every datatype',
        descriptionVi: 'Dịch vụ thử với mọi kiểu thuộc tính.', descriptionEn: 'A test service with every attribute datatype.',
        defaultPriority: 'normal', locationRequired: false, identityLevelRequired: 1, keywords: ['thử nghiệm', 'kiểm tra'], sortOrder: 1,
        attributes: [
          { code: 'plate', datatype: 'string', required: false, labelVi: 'Biển số xe', labelEn: 'Number plate' },
          { code: 'count', datatype: 'number', required: true, labelVi: 'Số lượng', labelEn: 'How many' },
          { code: 'seen_at', datatype: 'datetime', required: false, labelVi: 'Thời điểm', labelEn: 'When', descriptionVi: 'Lúc nhìn thấy', descriptionEn: 'When it was seen' },
          { code: 'details', datatype: 'text', required: false, labelVi: 'Chi tiết', labelEn: 'Details' },
          { code: 'size', datatype: 'singlevaluelist', required: true, labelVi: 'Kích thước', labelEn: 'Size', values: [{ key: 'small', nameVi: 'Nhỏ', nameEn: 'Small' }, { key: 'large', nameVi: 'Lớn', nameEn: 'Large' }] },
          { code: 'channels', datatype: 'multivaluelist', required: false, labelVi: 'Kênh liên lạc', labelEn: 'Channels', values: [{ key: 'sms', nameVi: 'Tin nhắn', nameEn: 'Text message' }, { key: 'zalo', nameVi: 'Zalo', nameEn: 'Zalo' }, { key: 'facebook', nameVi: 'Facebook', nameEn: 'Facebook' }] },
        ],
      },
    });
    assert.equal(child.statusCode, 201, child.body);
  });

  // ---- discovery and services -------------------------------------------------------------------

  test('discovery lists the endpoint, its formats, a contact and how to get a key', async () => {
    const { body } = await read<{ endpoints: Array<Record<string, unknown>>; contact: string; key_service: string }>('discovery', 'discovery');
    assert.deepEqual(body.endpoints, [{
      specification: 'http://wiki.open311.org/GeoReport_v2', url: `${BASE}/open311/v2`, changeset: body.endpoints[0]!.changeset,
      type: 'test', formats: ['text/xml', 'application/json'],
    }]);
    assert.ok(body.contact.length > 0 && body.key_service.length > 0);
  });

  test('services are the child categories, localised by lang or Accept-Language, with group, keywords and metadata', async () => {
    const { body: vi } = await read<Array<Record<string, unknown>>>('services', 'services');
    const pothole = vi.find((s) => s.service_code === 'roads.pothole')!;
    assert.deepEqual(pothole, {
      service_code: 'roads.pothole', service_name: 'Ổ gà, mặt đường hư hỏng', description: 'Ổ gà, ổ voi, mặt đường bong tróc, nứt vỡ hoặc lồi lõm.',
      metadata: true, type: 'realtime', keywords: 'ổ gà, ổ voi, mặt đường, bong tróc, nứt đường, lồi lõm, xuống cấp', group: 'Đường, hè phố',
    });
    assert.equal(vi.find((s) => s.service_code === 'roads.pavement')!.metadata, false, 'no attributes, no metadata');
    assert.ok(vi.every((s) => String(s.service_code).includes('.')), 'groups are not services');
    assert.ok(vi.some((s) => s.service_code === 'thu_nghiem.moi_kieu'));

    const { body: en } = await read<Array<Record<string, unknown>>>('services', 'services', 'lang=en');
    assert.equal(en.find((s) => s.service_code === 'roads.pothole')!.service_name, 'Pothole or damaged road surface');
    assert.equal(en.find((s) => s.service_code === 'roads.pothole')!.group, 'Roads and pavements');
    const { body: byHeader } = await read<Array<Record<string, unknown>>>('services', 'services', '', { 'accept-language': 'en-GB,en;q=0.8' });
    assert.deepEqual(byHeader, en);
  });

  test('a service definition lists attributes of every datatype with order, datatype_description and values', async () => {
    const { body } = await read<{ service_code: string; attributes: Array<Record<string, unknown>> }>('serviceDefinition', 'services/thu_nghiem.moi_kieu', 'lang=en');
    assert.equal(body.service_code, 'thu_nghiem.moi_kieu');
    assert.deepEqual(body.attributes.map((a) => [a.code, a.datatype, a.required, a.order, a.variable]), [
      ['plate', 'string', false, 1, true], ['count', 'number', true, 2, true], ['seen_at', 'datetime', false, 3, true],
      ['details', 'text', false, 4, true], ['size', 'singlevaluelist', true, 5, true], ['channels', 'multivaluelist', false, 6, true],
    ]);
    assert.equal(body.attributes[2]!.description, 'When — When it was seen');
    assert.deepEqual(body.attributes[4]!.values, [{ key: 'small', name: 'Small' }, { key: 'large', name: 'Large' }]);
    assert.deepEqual(body.attributes[5]!.values, [{ key: 'sms', name: 'Text message' }, { key: 'zalo', name: 'Zalo' }, { key: 'facebook', name: 'Facebook' }]);
    assert.equal(body.attributes[0]!.values, undefined, 'values only for list datatypes');
    assert.ok(body.attributes.every((a) => typeof a.datatype_description === 'string'));

    const { body: pothole } = await read<{ attributes: Array<Record<string, unknown>> }>('serviceDefinition', 'services/roads.pothole');
    assert.equal(pothole.attributes[0]!.description, 'Kích thước hư hỏng — Ước lượng chiều rộng lớn nhất của chỗ hư hỏng.');
    const { body: none } = await read<{ attributes: unknown[] }>('serviceDefinition', 'services/roads.pavement');
    assert.deepEqual(none.attributes, []);
  });

  test('an unknown service, a group and an unknown format are refused with the error list', async () => {
    for (const format of ['json', 'xml'] as const) {
      const [unknown] = expectErrors(await inject(`services/roads.nothing.${format}`), 404, format);
      assert.match(unknown!, /^service_code: /);
      expectErrors(await inject(`services/roads.${format}`), 404, format);
    }
    const [format] = expectErrors(await inject('services.csv'), 400);
    assert.match(format!, /^format: .*json, xml/);
    expectErrors(await inject('nothing.xml'), 404, 'xml');
    const wrongMethod = await ctx.app.inject({ method: 'DELETE', url: `${V2}/services.json` });
    expectErrors(wrongMethod, 405);
    assert.equal(wrongMethod.headers.allow, 'GET');
  });

  // ---- reading requests ---------------------------------------------------------------------------

  const listed = () => seed.all().filter((r) => !['merged', 'withdrawn'].includes(r.plan.status)
    && r.plan.createdAt >= '2025-12-31T17:00:00Z' && r.plan.createdAt < '2026-03-31T17:00:00Z');

  test('requests in a date window: public ones, newest first, every field of the specification', async () => {
    const { body } = await read<Array<Record<string, unknown>>>('requests', 'requests', SEED_WINDOW);
    assert.deepEqual(body.map((r) => r.service_request_id), listed().map((r) => r.publicId));

    const pothole = body.find((r) => r.service_request_id === seed.get('potholeHoanKiem').publicId)!;
    const row = (await ctx.db.select().from(reports).where(eq(reports.publicId, pothole.service_request_id as string)))[0]!;
    const firstPhoto = seed.get('potholeHoanKiem').media.find((m) => m.kind === 'photo' && !m.hidden)!;
    assert.deepEqual(pothole, {
      service_request_id: row.publicId, status: 'open', status_notes: null,
      service_name: 'Ổ gà, mặt đường hư hỏng', service_code: 'roads.pothole', description: row.description,
      agency_responsible: 'UBND phường Hoàn Kiếm', service_notice: null,
      requested_datetime: '2026-03-02T08:20:00+07:00', updated_datetime: '2026-03-02T08:20:00+07:00',
      expected_datetime: '2026-03-09T14:20:00+07:00',
      address: '24 Hàng Bài, phường Hoàn Kiếm', address_id: null, zipcode: null, lat: row.lat, long: row.lon,
      media_url: `${BASE}/api/v1/reports/${row.publicId}/media/${firstPhoto.id}`,
    });
    // The first photo is hidden by an official: the next visible one is shown.
    const pavement = seed.get('pavementHaDongAnonymous');
    const visible = pavement.media.find((m) => !m.hidden)!;
    assert.equal(body.find((r) => r.service_request_id === pavement.publicId)!.media_url, `${BASE}/api/v1/reports/${pavement.publicId}/media/${visible.id}`);
    // No place: no coordinates.
    const scam = body.find((r) => r.service_request_id === seed.get('scamOnlineAnonymous').publicId)!;
    assert.deepEqual([scam.lat, scam.long, scam.address, scam.agency_responsible], [null, null, null, 'Công an Thành phố Hà Nội']);
    // A resolved one: closed, the answer as status_notes; a rejected one: the reason.
    const lamp = body.find((r) => r.service_request_id === seed.get('lampOutCauGiay').publicId)!;
    assert.deepEqual([lamp.status, lamp.status_notes], ['closed', seed.get('lampOutCauGiay').plan.answer]);
    const rejected = body.find((r) => r.service_request_id === seed.get('dumpingLongBienRejected').publicId)!;
    assert.deepEqual([rejected.status, rejected.status_notes], ['closed', seed.get('dumpingLongBienRejected').plan.rejectReason]);
  });

  test('status, service_code and service_request_id filters', async () => {
    const { body: open } = await read<Array<Record<string, unknown>>>('requests', 'requests', `${SEED_WINDOW}&status=open`);
    assert.deepEqual(open.map((r) => r.service_request_id), listed().filter((r) => ['submitted', 'accepted', 'in_progress'].includes(r.plan.status)).map((r) => r.publicId));
    const { body: closed } = await read<Array<Record<string, unknown>>>('requests', 'requests', `${SEED_WINDOW}&status=closed`);
    assert.deepEqual(closed.map((r) => r.service_request_id), listed().filter((r) => ['resolved', 'closed', 'rejected'].includes(r.plan.status)).map((r) => r.publicId));
    assert.ok(closed.every((r) => r.status === 'closed') && open.every((r) => r.status === 'open'));
    const { body: both } = await read<unknown[]>('requests', 'requests', `${SEED_WINDOW}&status=open,closed`);
    assert.equal(both.length, listed().length);

    const { body: potholes } = await read<Array<Record<string, unknown>>>('requests', 'requests', `${SEED_WINDOW}&service_code=roads.pothole,roads.pavement`);
    assert.deepEqual(potholes.map((r) => r.service_request_id), listed().filter((r) => ['roads.pothole', 'roads.pavement'].includes(r.plan.category)).map((r) => r.publicId));

    // Ids override every other filter; merged and withdrawn reports show by id, closed.
    const merged = seed.get('potholeDuplicateMerged');
    const withdrawn = seed.get('karaokeWithdrawn');
    const old = seed.get('manholeBaDinh');
    const { body: byIds } = await read<Array<Record<string, unknown>>>('requests', 'requests', `service_request_id=${merged.publicId},${withdrawn.publicId},${old.publicId}&status=open&service_code=roads.pothole`);
    assert.deepEqual(byIds.map((r) => [r.service_request_id, r.status]), [[merged.publicId, 'closed'], [withdrawn.publicId, 'closed'], [old.publicId, 'closed']]);
    assert.equal(byIds[0]!.status_notes, `Đã gộp vào phản ánh ${seed.get('potholeHoanKiem').publicId} để xử lý chung.`);
  });

  test('one request by id; unknown ids are 404', async () => {
    const tree = seed.get('treeFallenSocSon');
    const { body } = await read<Array<Record<string, unknown>>>('requests', `requests/${tree.publicId}`, 'lang=en');
    assert.equal(body.length, 1);
    assert.deepEqual([body[0]!.service_request_id, body[0]!.status, body[0]!.service_name], [tree.publicId, 'open', 'Fallen tree or tree at risk of falling']);
    for (const format of ['json', 'xml'] as const) {
      expectErrors(await inject(`requests/PA-2026-999999.${format}`), 404, format);
      expectErrors(await inject(`requests/not-an-id.${format}`), 404, format);
    }
  });

  test('the default window is the last 90 days; paging with page and page_size', async () => {
    const { body: recent } = await read<unknown[]>('requests', 'requests');
    assert.deepEqual(recent, [], 'the seeded reports are older than 90 days');

    const all = listed().map((r) => r.publicId);
    const first = await read<Array<Record<string, unknown>>>('requests', 'requests', `${SEED_WINDOW}&page_size=4`);
    assert.deepEqual(first.body.map((r) => r.service_request_id), all.slice(0, 4));
    assert.equal(first.json.headers.link, `<${BASE}${V2}/requests.json?${SEED_WINDOW}&page_size=4&page=2>; rel="next"`);
    const third = await read<Array<Record<string, unknown>>>('requests', 'requests', `${SEED_WINDOW}&page_size=4&page=3`);
    assert.deepEqual(third.body.map((r) => r.service_request_id), all.slice(8, 12));
    assert.equal(third.json.headers.link, undefined, 'the last page has no next');
    expectErrors(await inject(`requests.json?${SEED_WINDOW}&page_size=1001`), 400);
    expectErrors(await inject(`requests.xml?${SEED_WINDOW}&page=0`), 400, 'xml');
  });

  test('malformed dates, a too-wide window, unknown codes and statuses are 400', async () => {
    const bad: Array<[string, RegExp]> = [
      ['start_date=yesterday', /^start_date: /],
      ['start_date=2026-02-30', /^start_date: /],
      ['end_date=2026-03-01T10:00:00', /^end_date: /], // no offset
      ['start_date=2026-03-01T25:00:00%2B07:00', /^start_date: /],
      ['start_date=2026-03-10&end_date=2026-03-01', /^end_date: /],
      ['start_date=2026-01-01&end_date=2026-04-01', /90/],
      ['service_code=roads.nothing', /^service_code: /],
      ['service_code=roads', /^service_code: /],
      ['status=pending', /^status: /],
      ['service_request_id=PA-2026-1,%3Cx%3E', /^service_request_id: /],
    ];
    for (const [query, description] of bad) {
      for (const format of ['json', 'xml'] as const) {
        const [first] = expectErrors(await inject(`requests.${format}?${query}`), 400, format);
        assert.match(first!, description, query);
      }
    }
    // An unencoded + arrives as a space; a Z offset is fine.
    const spaced = await inject('requests.json?start_date=2026-03-01T00:00:00+07:00&end_date=2026-03-05T00:00:00Z');
    assert.equal(spaced.statusCode, 200, spaced.body);
    assert.deepEqual(spaced.json().map((r: { service_request_id: string }) => r.service_request_id), [seed.get('potholeHoanKiem').publicId]);
  });

  // ---- posting requests ----------------------------------------------------------------------------

  const potholeFields = (extra: Record<string, string | string[]> = {}) => ({
    api_key: key, service_code: 'roads.pothole', lat: '21.0285', long: '105.8542',
    description: 'Ổ gà sâu giữa đường Tràng Tiền, ô tô phải tránh, nguy hiểm cho xe máy', address_string: 'Phố Tràng Tiền',
    ...CONTACT, 'attribute[pothole_size]': 'large', ...extra,
  });
  let posted: { service_request_id: string; token: string };

  test('POST requests: the report enters the lifecycle from the client application, contact details kept for officials only', async () => {
    const before = new Date(Date.now() - 1000);
    const res = await post('requests.json', potholeFields({ media_url: 'https://img.example.vn/o-ga.jpg', device_id: 'device-42' }));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    checkJson('postedRequest', res.json());
    [posted] = res.json();
    const answer = res.json()[0];
    assert.equal(answer.account_id, null);
    assert.match(answer.service_notice, /tiếp nhận trước \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00/);

    const [row] = await ctx.db.select().from(reports).where(eq(reports.publicId, posted.service_request_id));
    assert.ok(row);
    assert.equal(row.id, posted.token);
    assert.equal(row.reporterId, null);
    assert.equal(row.channel, 'open311:FixMyStreet Hà Nội');
    assert.equal(row.status, 'submitted');
    assert.equal(row.areaId, '00070', 'routed by the place like any report');
    assert.ok(row.acceptBy.getTime() > before.getTime());
    assert.deepEqual(row.screeningFlags, []);
    assert.deepEqual(row.attributes, {
      pothole_size: 'large',
      [OPEN311_CONTACT_KEY]: {
        client: 'FixMyStreet Hà Nội', apiKeyId: keyId, email: CONTACT.email, phone: CONTACT.phone, firstName: CONTACT.first_name,
        lastName: CONTACT.last_name, deviceId: 'device-42', mediaUrl: 'https://img.example.vn/o-ga.jpg',
      },
    });
    // Timeline, outbox and audit, like every submit; the audit names the client.
    const events = await ctx.db.select().from(reportEvents).where(eq(reportEvents.reportId, row.id));
    assert.deepEqual(events.map((e) => [e.type, e.toStatus, e.actorId]), [['submitted', 'submitted', null]]);
    const outbox = await ctx.db.select().from(outboxEvents).where(and(eq(outboxEvents.aggregateId, row.id), eq(outboxEvents.type, 'report.submitted')));
    assert.equal(outbox.length, 1);
    assert.ok(!JSON.stringify(outbox).includes(CONTACT.email), 'contact details stay out of domain events');
    const [audit] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, row.id), eq(auditLog.action, 'report.submitted')));
    assert.equal(audit!.actorLabel, 'open311:FixMyStreet Hà Nội');
    assert.ok(!JSON.stringify(audit).includes(CONTACT.email));
    // The handling officials see who sent it.
    const official = await ctx.app.inject({ url: `/api/v1/reports/${row.publicId}/official`, headers: { authorization: admin.authorization } });
    assert.equal(official.statusCode, 200, official.body);
    assert.equal(official.json().attributes[OPEN311_CONTACT_KEY].email, CONTACT.email);
    assert.equal(official.json().channel, 'open311:FixMyStreet Hà Nội');
  });

  test('the posted request reads back by token, by id, by date window and by status; status follows the lifecycle', async () => {
    const { body: byToken } = await read<Array<Record<string, unknown>>>('token', `tokens/${posted.token}`);
    assert.deepEqual(byToken, [{ service_request_id: posted.service_request_id, token: posted.token }]);
    expectErrors(await inject('tokens/00000000-0000-4000-8000-000000000000.json'), 404);
    expectErrors(await inject('tokens/nope.xml'), 404, 'xml');

    const { body: byId } = await read<Array<Record<string, unknown>>>('requests', `requests/${posted.service_request_id}`);
    assert.deepEqual([byId[0]!.status, byId[0]!.service_code, byId[0]!.address, byId[0]!.agency_responsible, byId[0]!.media_url, byId[0]!.expected_datetime],
      ['open', 'roads.pothole', 'Phố Tràng Tiền', 'UBND phường Hoàn Kiếm', null, null]);
    assert.match(String(byId[0]!.requested_datetime), DATE_TIME);

    const since = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
    const inWindow = async (status: string) => (await read<Array<Record<string, unknown>>>('requests', 'requests', `start_date=${since}&status=${status}`)).body
      .map((r) => r.service_request_id);
    assert.ok((await inWindow('open')).includes(posted.service_request_id));
    assert.ok(!(await inWindow('closed')).includes(posted.service_request_id));
    const { body: defaultWindow } = await read<Array<Record<string, unknown>>>('requests', 'requests');
    assert.ok(defaultWindow.some((r) => r.service_request_id === posted.service_request_id), 'within the last 90 days');

    // An intake official of the ward accepts it: still open, now with a resolve-by date.
    const intake = await signIn(ctx.db, { kind: 'official', roles: ['intake'], unitCode: 'ubnd-00070' });
    const accepted = await ctx.app.inject({ method: 'POST', url: `/api/v1/reports/${posted.service_request_id}/accept`, headers: { authorization: intake.authorization }, payload: { priority: 'normal' } });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const { body: afterAccept } = await read<Array<Record<string, unknown>>>('requests', `requests/${posted.service_request_id}`);
    assert.equal(afterAccept[0]!.status, 'open');
    assert.match(String(afterAccept[0]!.expected_datetime), DATE_TIME);
    assert.ok(String(afterAccept[0]!.updated_datetime) >= String(afterAccept[0]!.requested_datetime));

    // Resolved (set in the database): closed, with the answer.
    await ctx.db.update(reports).set({ status: 'resolved', answerText: 'Đã vá ổ gà ngày 24/11.', resolvedAt: new Date(), updatedAt: new Date() })
      .where(eq(reports.publicId, posted.service_request_id));
    const { body: afterResolve } = await read<Array<Record<string, unknown>>>('requests', `requests/${posted.service_request_id}`);
    assert.deepEqual([afterResolve[0]!.status, afterResolve[0]!.status_notes], ['closed', 'Đã vá ổ gà ngày 24/11.']);
    assert.ok((await inWindow('closed')).includes(posted.service_request_id));
    assert.ok(!(await inWindow('open')).includes(posted.service_request_id));
  });

  test('POST in XML, attributes of every datatype, multivaluelist as attribute[code][], an address without coordinates where no place is needed', async () => {
    const fields = {
      api_key: key, service_code: 'thu_nghiem.moi_kieu', address_string: 'Chung cư Times City, Hai Bà Trưng',
      description: 'Kiểm tra gửi phản ánh qua Open311 với đủ các kiểu thuộc tính', ...CONTACT,
      'attribute[plate]': '29A-123.45', 'attribute[count]': '3', 'attribute[seen_at]': '2026-11-20T21:30:00+07:00',
      'attribute[details]': 'Dòng một\nDòng hai', 'attribute[size]': 'large', 'attribute[channels][]': ['sms', 'zalo', 'sms'],
    };
    const res = await post('requests.xml', fields);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    const [answer] = readXml('postedRequest', res.body) as Array<{ service_request_id: string; token: string; account_id: null }>;
    assert.equal(answer!.account_id, null);
    const [row] = await ctx.db.select().from(reports).where(eq(reports.publicId, answer!.service_request_id));
    assert.deepEqual([row!.lat, row!.lon, row!.areaId, row!.addressText], [null, null, null, 'Chung cư Times City, Hai Bà Trưng']);
    const { [OPEN311_CONTACT_KEY]: contact, ...answers } = row!.attributes;
    assert.deepEqual(answers, {
      plate: '29A-123.45', count: 3, seen_at: '2026-11-20T21:30:00+07:00', details: 'Dòng một\nDòng hai', size: 'large', channels: ['sms', 'zalo'],
    });
    assert.equal((contact as { email: string }).email, CONTACT.email);
    const { body } = await read<Array<Record<string, unknown>>>('requests', `requests/${answer!.service_request_id}`);
    assert.deepEqual([body[0]!.lat, body[0]!.long, body[0]!.address, body[0]!.agency_responsible], [null, null, 'Chung cư Times City, Hai Bà Trưng', 'Ủy ban nhân dân Thành phố Hà Nội']);

    // One value as attribute[code][] is still a list; repeated attribute[code] is read as a list too.
    const single = await post('requests.json', { ...fields, 'attribute[channels][]': 'facebook', description: 'Kiểm tra thêm một lần gửi phản ánh qua Open311' });
    assert.equal(single.statusCode, 200, single.body);
    const [singleRow] = await ctx.db.select().from(reports).where(eq(reports.publicId, single.json()[0].service_request_id));
    assert.deepEqual(singleRow!.attributes.channels, ['facebook']);
    const { 'attribute[channels][]': _list, ...withoutList } = fields;
    const repeated = await post('requests.json', { ...withoutList, 'attribute[channels]': ['zalo', 'facebook'], description: 'Kiểm tra lần thứ ba gửi phản ánh qua Open311' });
    assert.equal(repeated.statusCode, 200, repeated.body);
    const [repeatedRow] = await ctx.db.select().from(reports).where(eq(reports.publicId, repeated.json()[0].service_request_id));
    assert.deepEqual(repeatedRow!.attributes.channels, ['zalo', 'facebook']);
  });

  test('POST errors: api_key 403, unknown service 404, missing or bad attributes, places and fields 400', async () => {
    for (const format of ['json', 'xml'] as const) {
      const { api_key: _key, ...noKey } = potholeFields();
      assert.match(expectErrors(await post(`requests.${format}`, noKey), 403, format)[0]!, /^api_key: /);
      expectErrors(await post(`requests.${format}`, potholeFields({ api_key: 'o311_wrong' })), 403, format);
      expectErrors(await post(`requests.${format}`, potholeFields({ api_key: `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}` })), 403, format);
      assert.match(expectErrors(await post(`requests.${format}`, potholeFields({ service_code: 'roads.nothing' })), 404, format)[0]!, /^service_code: /);
    }
    // A bad key is refused before anything else is looked at.
    expectErrors(await post('requests.json', { api_key: 'nope', service_code: 'roads.nothing' }), 403);
    // The body is read, not the query string only.
    expectErrors(await ctx.app.inject({ method: 'POST', url: `${V2}/requests.json`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' }), 403);

    const cases: Array<[Record<string, string | string[]>, number, RegExp]> = [
      [{ service_code: 'roads' }, 404, /^service_code: /],
      [{ 'attribute[pothole_size]': '' }, 400, /^attribute\[pothole_size\]: /],
      [{ 'attribute[pothole_size]': 'enormous' }, 400, /^attribute\[pothole_size\]: .*small, medium, large/],
      [{ 'attribute[colour]': 'red' }, 400, /^attribute\[colour\]: /],
      [{ 'attribute[pothole_size': 'large' }, 400, /^attribute\[pothole_size: /],
      [{ lat: '200' }, 400, /^lat: /],
      [{ long: '-181' }, 400, /^long: /],
      [{ lat: 'north' }, 400, /^lat: /],
      [{ lat: '10.7769', long: '106.7009' }, 400, /^lat: .*(Hà Nội|Hanoi)/], // Saigon: outside the city
      [{ long: '' }, 400, /^long: /],
      [{ lat: '', long: '' }, 400, /^lat, long: /], // a pothole needs a map point; an address alone will not do
      [{ description: 'ngắn' }, 400, /^description: /],
      [{ email: 'not-an-email' }, 400, /^email: /],
      [{ media_url: 'javascript:alert(1)' }, 400, /^media_url: /],
      [{ service_code: 'scams.online', lat: '', long: '' }, 403, /^service_code: .*VNeID/],
    ];
    for (const [change, status, description] of cases) {
      const descriptions = expectErrors(await post('requests.json', potholeFields(change)), status);
      assert.ok(descriptions.some((d) => description.test(d)), `${JSON.stringify(change)}: ${descriptions.join(' | ')}`);
    }
    // Several problems at once: one entry each.
    const several = expectErrors(await post('requests.xml', potholeFields({ lat: '91', description: 'x' })), 400, 'xml');
    assert.ok(several.length >= 2, several.join(' | '));
    // No place at all for a service that needs none: still a location or an address is required.
    const { address_string: _address, ...noPlace } = { ...potholeFields({ service_code: 'thu_nghiem.moi_kieu', lat: '', long: '', 'attribute[count]': '1', 'attribute[size]': 'small' }) };
    assert.match(expectErrors(await post('requests.json', noPlace), 400)[0]!, /address_string/);
    // Nothing above created a report.
    const created = await ctx.db.select({ id: reports.id }).from(reports).where(eq(reports.channel, 'open311:FixMyStreet Hà Nội'));
    assert.equal(created.length, 4);
  });

  test('a retried POST with the same Idempotency-Key answers with the same request', async () => {
    const fields = potholeFields({ description: 'Nắp cống vỡ trên phố Tràng Tiền, có thể gây tai nạn cho người đi bộ' });
    const first = await post('requests.json', fields, { 'idempotency-key': 'fms-retry-0001' });
    const again = await post('requests.json', fields, { 'idempotency-key': 'fms-retry-0001' });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json()[0].service_request_id, first.json()[0].service_request_id);
    assert.equal(again.json()[0].token, first.json()[0].token);
    const other = await post('requests.json', { ...fields, description: 'Một nội dung khác hẳn nhưng dùng lại cùng khóa thử lại' }, { 'idempotency-key': 'fms-retry-0001' });
    expectErrors(other, 400);
  });

  test('a report flagged by screening is not listed nor readable until an official acts; its token still answers', async () => {
    const res = await post('requests.json', potholeFields({ description: 'Tôi muốn tố cáo cán bộ phường vì để ổ gà này tồn tại quá lâu không sửa' }));
    assert.equal(res.statusCode, 200, res.body);
    const flagged = res.json()[0];
    const [row] = await ctx.db.select().from(reports).where(eq(reports.publicId, flagged.service_request_id));
    assert.deepEqual(row!.screeningFlags.map((f) => f.kind), ['complaint_denunciation']);
    const since = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
    const { body: list } = await read<Array<Record<string, unknown>>>('requests', 'requests', `start_date=${since}`);
    assert.ok(!list.some((r) => r.service_request_id === flagged.service_request_id));
    const { body: byIds } = await read<unknown[]>('requests', 'requests', `service_request_id=${flagged.service_request_id}`);
    assert.deepEqual(byIds, []);
    expectErrors(await inject(`requests/${flagged.service_request_id}.json`), 404);
    const { body: updates } = await read<Array<Record<string, unknown>>>('updates', 'servicerequestupdates', `start_date=${since}`);
    assert.ok(!updates.some((u) => u.service_request_id === flagged.service_request_id));
    const { body: token } = await read<Array<Record<string, unknown>>>('token', `tokens/${flagged.token}`);
    assert.equal(token[0]!.service_request_id, flagged.service_request_id);
  });

  // ---- updates extension -------------------------------------------------------------------------

  test('GET servicerequestupdates: public timeline events, oldest first, with the status after each and proof photos', async () => {
    const { body } = await read<Array<Record<string, unknown>>>('updates', 'servicerequestupdates', SEED_WINDOW);
    const lamp = seed.get('lampOutCauGiay');
    const lampUpdates = body.filter((u) => u.service_request_id === lamp.publicId);
    assert.deepEqual(lampUpdates.map((u) => [u.status, u.description]), [
      ['open', 'Đã gửi phản ánh'], ['open', 'Cơ quan chức năng đã tiếp nhận'], ['open', 'Đang xử lý'], ['closed', lamp.plan.answer],
    ], 'the internal note is not an update');
    const proof = lamp.media.find((m) => m.role === 'proof')!;
    assert.equal(lampUpdates[3]!.media_url, `${BASE}/api/v1/reports/${lamp.publicId}/media/${proof.id}`);
    assert.equal(lampUpdates[0]!.updated_datetime, '2026-02-15T01:30:00+07:00');
    // A rating changes no status: the update carries the status it left.
    const flooding = body.filter((u) => u.service_request_id === seed.get('floodingDongDaAnonymous').publicId);
    assert.deepEqual(flooding.at(-1)!.status, 'closed');
    const times = body.map((u) => String(u.updated_datetime));
    assert.deepEqual(times, [...times].sort(), 'oldest first');
    assert.ok(body.every((u) => /^\d+$/.test(String(u.update_id))));
    const { body: english } = await read<Array<Record<string, unknown>>>('updates', 'servicerequestupdates', `${SEED_WINDOW}&lang=en`);
    assert.equal(english.find((u) => u.service_request_id === lamp.publicId)!.description, 'Report submitted');
    const paged = await read<unknown[]>('updates', 'servicerequestupdates', `${SEED_WINDOW}&page_size=3`);
    assert.equal(paged.body.length, 3);
    assert.match(String(paged.json.headers.link), /page=2>; rel="next"$/);
    expectErrors(await inject('servicerequestupdates.xml?start_date=2026-13-01'), 400, 'xml');
  });

  test('POST servicerequestupdates: a public comment on the report, audited; flagged comments stay internal', async () => {
    const tree = seed.get('treeFallenSocSon');
    const res = await post('servicerequestupdates.json', {
      api_key: key, service_request_id: tree.publicId, description: 'Cây vẫn chưa được dọn, xe máy phải đi vòng', update_id: 'fms-77',
      status: 'closed', ...CONTACT,
    });
    assert.equal(res.statusCode, 200, res.body);
    checkJson('postedUpdate', res.json());
    const updateId = res.json()[0].update_id;
    const [event] = await ctx.db.select().from(reportEvents).where(eq(reportEvents.id, Number(updateId)));
    assert.deepEqual([event!.type, event!.actorRole, event!.public, event!.message, event!.actorId], ['comment', 'public', true, 'Cây vẫn chưa được dọn, xe máy phải đi vòng', null]);
    assert.deepEqual(event!.data, { channel: 'open311:FixMyStreet Hà Nội', clientUpdateId: 'fms-77' });
    const [row] = await ctx.db.select().from(reports).where(eq(reports.id, tree.id));
    assert.equal(row!.status, 'accepted', 'a client cannot change the status');
    const [audit] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, tree.id), eq(auditLog.action, 'report.comment')));
    assert.equal(audit!.actorLabel, 'open311:FixMyStreet Hà Nội');

    const since = encodeURIComponent(new Date(Date.now() - 60_000).toISOString());
    const { body } = await read<Array<Record<string, unknown>>>('updates', 'servicerequestupdates', `start_date=${since}`);
    assert.deepEqual(body.find((u) => u.update_id === updateId), {
      update_id: updateId, service_request_id: tree.publicId, status: 'open', updated_datetime: body.find((u) => u.update_id === updateId)!.updated_datetime,
      description: 'Cây vẫn chưa được dọn, xe máy phải đi vòng', media_url: null,
    });
    const page = await ctx.app.inject({ url: `/api/v1/reports/${tree.publicId}` });
    assert.ok(page.json().timeline.some((e: { type: string; message: string }) => e.type === 'comment' && e.message.startsWith('Cây vẫn')));

    const flagged = await post('servicerequestupdates.xml', { api_key: key, service_request_id: tree.publicId, description: 'Đồ ngu, làm việc kiểu gì vậy' });
    assert.equal(flagged.statusCode, 200, flagged.body);
    const [flaggedAnswer] = readXml('postedUpdate', flagged.body) as Array<{ update_id: string }>;
    const [internal] = await ctx.db.select().from(reportEvents).where(eq(reportEvents.id, Number(flaggedAnswer!.update_id)));
    assert.equal(internal!.public, false);
    const { body: after } = await read<Array<Record<string, unknown>>>('updates', 'servicerequestupdates', `start_date=${since}`);
    assert.ok(!after.some((u) => u.update_id === flaggedAnswer!.update_id));

    // Errors: no key, unknown or hidden request, no text.
    expectErrors(await post('servicerequestupdates.json', { service_request_id: tree.publicId, description: 'Không có khóa' }), 403);
    expectErrors(await post('servicerequestupdates.xml', { api_key: key, service_request_id: 'PA-2026-999999', description: 'Không có phản ánh này' }), 404, 'xml');
    expectErrors(await post('servicerequestupdates.json', { api_key: key, service_request_id: tree.publicId, description: ' ' }), 400);
  });

  // ---- keys, rate limit, privacy ---------------------------------------------------------------

  test('API keys: issued by a city admin, shown once, listed by prefix, revocable, audited; others are refused', async () => {
    const list = await ctx.app.inject({ url: '/api/v1/open311/keys', headers: { authorization: admin.authorization } });
    assert.equal(list.statusCode, 200);
    const item = list.json().items.find((k: { id: string }) => k.id === keyId);
    assert.equal(item.prefix, key.slice(0, 13));
    assert.ok(item.lastUsedAt, 'use is recorded');
    assert.ok(!list.body.includes(key) && !list.body.includes(key.slice(13)), 'the key is never listed');
    const [stored] = await ctx.db.select().from(open311ApiKeys).where(eq(open311ApiKeys.id, keyId));
    assert.ok(!JSON.stringify(stored).includes(key), 'only the hash is stored');

    const citizen = await signIn(ctx.db, { kind: 'citizen' });
    for (const [headers, status] of [[{}, 401], [{ authorization: citizen.authorization }, 403]] as const) {
      assert.equal((await ctx.app.inject({ url: '/api/v1/open311/keys', headers })).statusCode, status);
      assert.equal((await ctx.app.inject({ method: 'POST', url: '/api/v1/open311/keys', headers, payload: { name: 'Không được' } })).statusCode, status);
    }

    const temporary = await issueKey('Ứng dụng tạm');
    const fields = potholeFields({ api_key: temporary.key, description: 'Ổ gà thứ hai trên phố Tràng Tiền cạnh nhà hát lớn' });
    assert.equal((await post('requests.json', fields)).statusCode, 200);
    const revoked = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/open311/keys/${temporary.id}`, headers: { authorization: admin.authorization } });
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.ok(revoked.json().revokedAt);
    const again = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/open311/keys/${temporary.id}`, headers: { authorization: admin.authorization } });
    assert.equal(again.json().revokedAt, revoked.json().revokedAt, 'revoking twice changes nothing');
    expectErrors(await post('requests.json', { ...fields, description: 'Sau khi thu hồi khóa thì không gửi được nữa' }), 403);
    const audits = await ctx.db.select({ action: auditLog.action, data: auditLog.data }).from(auditLog).where(eq(auditLog.entityId, temporary.id));
    assert.deepEqual(audits.map((a) => a.action), ['open311.key.create', 'open311.key.revoke']);
    assert.ok(!JSON.stringify(audits).includes(temporary.key));
    const missing = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/open311/keys/00000000-0000-4000-8000-000000000000', headers: { authorization: admin.authorization } });
    assert.equal(missing.statusCode, 404);
  });

  test(`writes are rate-limited per key (${OPEN311_WRITES_PER_MINUTE} a minute), answered with the error list`, async () => {
    const busy = await issueKey('Ứng dụng gửi nhiều');
    const calm = await issueKey('Ứng dụng bình thường');
    const comment = (apiKey: string) => post('servicerequestupdates.json', { api_key: apiKey, service_request_id: seed.get('treeFallenSocSon').publicId, description: '' });
    for (let i = 0; i < OPEN311_WRITES_PER_MINUTE; i += 1) assert.equal((await comment(busy.key)).statusCode, 400);
    const limited = await comment(busy.key);
    expectErrors(limited, 429);
    assert.equal((await comment(calm.key)).statusCode, 400, 'another key has its own budget');
  });

  test('no Open311 read ever carries personal data', async () => {
    const bodies = readBodies.join('\n');
    const secrets = [
      ...Object.values(SECRETS), seed.named.displayName, seed.named.phone, seed.other.displayName, seed.anonymousReporter.displayName,
      ...Object.values(CONTACT), CONTACT.phone.replace(/\s/g, ''), 'device-42', 'img.example.vn', OPEN311_CONTACT_KEY, 'fms-77', key,
    ];
    assert.ok(readBodies.length > 50);
    for (const secret of secrets) assert.ok(!bodies.includes(secret), `an Open311 read leaked "${secret}"`);
  });
});
