/**
 * Open311 GeoReport v2 (registered under /open311/v2): discovery, services and their
 * definitions, service requests (read, post, tokens) and the updates extension, each as
 * `.json` or `.xml`. Reads are public and follow the public rules of reports; writes need an
 * API key issued by a city admin (see keyRoutes.ts) and are rate-limited per key.
 *
 * Inside this plugin every failure is answered as the specification's error list, in the
 * format of the URL (see errors.ts); the rest of the API keeps its own error shape.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ModuleContext } from '../moduleContext.js';
import { idempotencyKeyOf } from '../../platform/http/idempotency.js';
import { validatorCompiler } from '../../platform/http/validators.js';
import { PUBLIC_ID_PATTERN } from '../reports/reportRepository.js';
import { markPublic, publicEtagHook } from '../reports/public/publicCache.js';
import type { ReportStatus } from '../../db/schema/index.js';
import { verifyApiKey, type ApiKeyRow } from './apiKeys.js';
import { dateWindow } from './dates.js';
import { Open311Error, toOpen311Error } from './errors.js';
import { formOf, parseOpen311Form } from './formBody.js';
import { findRequests, LISTED_STATUSES, presentRequests, publicIdForToken, type RequestSelection } from './requests.js';
import {
  CommonQuery, DateQuery, Discovery, ErrorList, FormatParam, formats, PagingQuery, PostedRequest, PostedUpdate, RequestUpdate,
  Service, ServiceDefinition, ServiceRequest, TokenAnswer, type Format,
} from './schemas.js';
import { loadServiceCatalogue, presentService, presentServiceDefinition, serviceFor } from './services.js';
import { submitNotice, submitOpen311Request } from './submitOpen311Request.js';
import { toXmlDocument, type XmlValue } from './xml.js';
import { findUpdates, postComment } from './updates.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The client application of a write, once its api_key checked out. */
    open311Key: ApiKeyRow | null;
  }
}

/** When the shape of this API last changed (discovery's changeset). */
export const OPEN311_CHANGESET = '2026-11-23T00:00:00+07:00';
export const OPEN311_PREFIX = '/open311/v2';
/** Writes per API key per minute, for each of POST requests and POST servicerequestupdates. */
/** The default of the OPEN311_WRITES_PER_MINUTE setting. */
export const OPEN311_WRITES_PER_MINUTE = 30;
/** Paging stops here; narrow the date window for more. */
export const OPEN311_MAX_OFFSET = 50_000;
const MAX_IDS = 200;
const FORM_BODY_LIMIT = 64 * 1024;

const XML_TYPE = 'text/xml; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

function formatOf(request: FastifyRequest): Format {
  const param = (request.params as { format?: unknown } | undefined)?.format;
  if (param === 'xml' || param === 'json') return param;
  return /\.xml$/i.test(request.url.split('?')[0] ?? '') ? 'xml' : 'json';
}

/** Sends `value` as JSON (through the route's schema) or as the XML document rooted at `root`. */
function send(reply: FastifyReply, format: Format, root: string, value: XmlValue, status = 200): FastifyReply {
  if (format === 'xml') return reply.status(status).type(XML_TYPE).send(toXmlDocument(root, value));
  return reply.status(status).type(JSON_TYPE).send(value);
}

function sendErrors(reply: FastifyReply, format: Format, status: number, items: Array<{ code: number; description: string }>): FastifyReply {
  if (format === 'xml') return reply.status(status).type(XML_TYPE).send(toXmlDocument('errors', items));
  // Serialised here: an error list is not what the route's JSON schema describes.
  return reply.status(status).type(JSON_TYPE).serializer(JSON.stringify).send(items);
}

const t = (lang: 'vi' | 'en', vi: string, en: string) => (lang === 'en' ? en : vi);

/** `a, b,,c` → ['a', 'b', 'c'] without repeats. */
function commaList(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(',').map((s) => s.trim()).filter(Boolean))];
}

/** The same URL with `page` set, for the Link header of a page that has a next one. */
function pageLink(request: FastifyRequest, baseUrl: string, page: number): string {
  const url = new URL(request.url, `${baseUrl.replace(/\/+$/, '')}/`);
  url.searchParams.set('page', String(page));
  return `<${url.toString()}>; rel="next"`;
}

const errorResponses = {
  400: formats(ErrorList, 'Bad input (GeoReport v2 error list)'),
  403: formats(ErrorList, 'Missing, bad or revoked api_key; a service this channel may not post to'),
  404: formats(ErrorList, 'Unknown service, request or token'),
};
const FormatParams = Type.Object({ format: FormatParam });

/** Form fields of POST requests, as documented (the handler reads them from the parsed form). */
const RequestForm = Type.Object({
  api_key: Type.String({ description: 'Issued by a city admin' }),
  jurisdiction_id: Type.Optional(Type.String()),
  service_code: Type.String({ description: 'From services; a service needing an identity-verified reporter is refused (403)' }),
  lat: Type.Optional(Type.String({ description: 'WGS 84 latitude; with long. Required unless the service needs no place and address_string is sent' })),
  long: Type.Optional(Type.String({ description: 'WGS 84 longitude' })),
  address_string: Type.Optional(Type.String({ maxLength: 300 })),
  address_id: Type.Optional(Type.String({ description: 'Not supported: send lat/long or address_string' })),
  email: Type.Optional(Type.String({ description: 'Kept for the handling officials only, never published' })),
  device_id: Type.Optional(Type.String()),
  account_id: Type.Optional(Type.String()),
  first_name: Type.Optional(Type.String()),
  last_name: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  description: Type.String({ minLength: 10, maxLength: 2000 }),
  media_url: Type.Optional(Type.String({ description: 'A link to a photo; kept for the officials, not republished' })),
  'attribute[code]': Type.Optional(Type.String({ description: 'Answer to the attribute `code` of the service definition; a multivaluelist as attribute[code][] (repeated)' })),
});

const UpdateForm = Type.Object({
  api_key: Type.String(),
  jurisdiction_id: Type.Optional(Type.String()),
  service_request_id: Type.String(),
  description: Type.String({ minLength: 2, maxLength: 2000, description: 'The comment, published on the report timeline (screened first)' }),
  update_id: Type.Optional(Type.String({ description: 'The client\'s own id of the update, kept for reference' })),
  updated_datetime: Type.Optional(Type.String({ description: 'Ignored: the update is dated when received' })),
  status: Type.Optional(Type.String({ description: 'Ignored: only officials change the status' })),
  media_url: Type.Optional(Type.String({ description: 'Kept for the officials, not republished' })),
  email: Type.Optional(Type.String({ description: 'Not stored' })),
  first_name: Type.Optional(Type.String({ description: 'Not stored' })),
  last_name: Type.Optional(Type.String({ description: 'Not stored' })),
});

/** Form bodies are read by our parser and checked by the handler (Open311 names, Open311 errors). */
const formValidator: typeof validatorCompiler = (route) => (route.httpPart === 'body' ? () => true : validatorCompiler(route));

export const open311Routes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  const timeZone = ctx.city.settings.timeZone;
  const baseUrl = ctx.config.publicBaseUrl.replace(/\/+$/, '');
  // Paths of this plugin with their methods, for 405 + Allow (a parameter may follow text in a segment: `services.:format`).
  const patterns: Array<{ regex: RegExp; method: string }> = [];
  app.addHook('onRoute', (route) => {
    const source = route.url.split(/(:[A-Za-z_]+)/).map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
    for (const method of [route.method].flat()) if (method !== 'HEAD') patterns.push({ regex: new RegExp(`^${source}/?$`), method });
  });
  const methodsFor = (path: string) => [...new Set(patterns.filter((p) => p.regex.test(path)).map((p) => p.method))].sort();

  app.decorateRequest('open311Key', null);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
    done(null, parseOpen311Form(body as string));
  });
  publicEtagHook(app);

  app.setErrorHandler((error, request, reply) => {
    const { status, items, unexpected } = toOpen311Error(error, request);
    if (unexpected) request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ status }, 'open311 request refused');
    return sendErrors(reply, formatOf(request), status, items);
  });

  app.setNotFoundHandler((request, reply) => {
    const lang = request.language;
    const allowed = methodsFor(request.url.split('?')[0] ?? '/');
    if (allowed.length > 0) {
      void reply.header('allow', allowed.join(', '));
      return sendErrors(reply, formatOf(request), 405, [{ code: 405, description: t(lang, `Phương thức không được hỗ trợ; dùng ${allowed.join(', ')}`, `Method not allowed; use ${allowed.join(', ')}`) }]);
    }
    return sendErrors(reply, formatOf(request), 404, [{
      code: 404,
      description: t(lang, 'Không có tài nguyên này; xem discovery.json hoặc discovery.xml', 'No such resource; see discovery.json or discovery.xml'),
    }]);
  });

  /** preValidation of writes: a valid, unrevoked api_key (form field or query parameter), else 403. */
  async function requireApiKey(request: FastifyRequest): Promise<void> {
    const lang = request.language;
    const presented = formOf(request.body).fields.api_key ?? (request.query as { api_key?: string } | undefined)?.api_key;
    if (!presented) throw Open311Error.forbidden(t(lang, 'api_key: là bắt buộc để gửi dữ liệu', 'api_key: is required to post'));
    const key = await verifyApiKey(ctx.db, presented);
    if (!key) throw Open311Error.forbidden(t(lang, 'api_key: không hợp lệ hoặc đã bị thu hồi', 'api_key: not valid or revoked'));
    request.open311Key = key;
    request.auditContext = { ...request.auditContext, actorId: null, actorLabel: `open311:${key.name}` };
  }

  const perKeyRateLimit = {
    hook: 'preHandler' as const,
    max: ctx.config.open311WritesPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => `open311:${request.open311Key?.id ?? request.ip}`,
  };

  function paging(request: FastifyRequest, page: number, pageSize: number): number {
    const offset = (page - 1) * pageSize;
    if (offset > OPEN311_MAX_OFFSET) {
      throw Open311Error.badRequest(t(request.language,
        `page: chỉ xem được ${OPEN311_MAX_OFFSET} kết quả đầu; hãy thu hẹp start_date/end_date`,
        `page: paging stops after ${OPEN311_MAX_OFFSET} results; narrow start_date/end_date`));
    }
    return offset;
  }

  // ---- discovery -------------------------------------------------------------------------------

  app.get('/discovery.:format', {
    schema: {
      tags: ['open311'], summary: 'Open311 service discovery: endpoints, formats, contact and how to get a key',
      params: FormatParams, querystring: Type.Object(CommonQuery),
      response: { 200: formats(Discovery, 'The discovery document'), ...errorResponses },
    },
  }, async (request, reply) => {
    const lang = request.language;
    const city = ctx.city.settings;
    markPublic(reply);
    return send(reply, request.params.format, 'discovery', {
      changeset: OPEN311_CHANGESET,
      contact: t(lang,
        `Công dân số — ${city.nameVi}. Tài liệu: ${baseUrl}/api/docs (nhóm open311).`,
        `Công dân số — ${city.nameEn}. Documentation: ${baseUrl}/api/docs (open311 tag).`),
      key_service: t(lang,
        'Khóa API (api_key) để gửi phản ánh do quản trị viên thành phố cấp cho từng ứng dụng; đọc dữ liệu không cần khóa.',
        'API keys (api_key) for posting are issued per client application by the city administrators; reading needs no key.'),
      endpoints: [{
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}${OPEN311_PREFIX}`,
        changeset: OPEN311_CHANGESET,
        type: ctx.config.nodeEnv === 'production' ? 'production' : 'test',
        formats: ['text/xml', 'application/json'],
      }],
    });
  });

  // ---- services --------------------------------------------------------------------------------

  app.get('/services.:format', {
    schema: {
      tags: ['open311'], summary: 'Open311 services: the categories reports are filed under',
      description: 'Names and descriptions in the language of `lang` or Accept-Language (Vietnamese by default).',
      params: FormatParams, querystring: Type.Object(CommonQuery),
      response: { 200: formats(Type.Array(Service), 'The services'), ...errorResponses },
    },
  }, async (request, reply) => {
    const catalogue = await loadServiceCatalogue(ctx.db);
    markPublic(reply);
    return send(reply, request.params.format, 'services', catalogue.services.map((s) => presentService(s, request.language)));
  });

  app.get('/services/:service_code.:format', {
    schema: {
      tags: ['open311'], summary: 'Open311 service definition: the attributes (extra questions) of a service',
      params: Type.Object({ service_code: Type.String({ maxLength: 80 }), format: FormatParam }),
      querystring: Type.Object(CommonQuery),
      response: { 200: formats(ServiceDefinition, 'The service definition'), ...errorResponses },
    },
  }, async (request, reply) => {
    const catalogue = await loadServiceCatalogue(ctx.db);
    const { category } = serviceFor(catalogue, request.params.service_code, request.language);
    markPublic(reply);
    return send(reply, request.params.format, 'service_definition', { ...presentServiceDefinition(category, request.language) });
  });

  // ---- requests --------------------------------------------------------------------------------

  app.get('/requests.:format', {
    schema: {
      tags: ['open311'], summary: 'Open311 service requests (public reports), newest first',
      description: [
        '`service_request_id` (comma-separated public ids) overrides every other filter. Otherwise `service_code` (comma-separated),',
        '`status` (open, closed or both) and `start_date`/`end_date` (ISO 8601 with offset, or a day; at most 90 days apart; by',
        'default the last 90 days). At most 1,000 per page; `page` and `page_size` page further (a `Link: rel="next"` header says more',
        'exist). Flagged reports waiting for an official, and reports rejected as abusive or secret, are never listed; merged and',
        'withdrawn reports only by id.',
      ].join(' '),
      params: FormatParams,
      querystring: Type.Object({
        ...CommonQuery,
        service_request_id: Type.Optional(Type.String({ maxLength: 6000 })),
        service_code: Type.Optional(Type.String({ maxLength: 2000 })),
        status: Type.Optional(Type.String({ maxLength: 20, description: 'open, closed, or open,closed' })),
        ...DateQuery,
        ...PagingQuery,
      }),
      response: { 200: formats(Type.Array(ServiceRequest), 'The requests'), ...errorResponses },
    },
  }, async (request, reply) => {
    const lang = request.language;
    const q = request.query;
    const offset = paging(request, q.page, q.page_size);
    const catalogue = await loadServiceCatalogue(ctx.db);
    let selection: RequestSelection;
    if (q.service_request_id !== undefined && q.service_request_id.trim() !== '') {
      const publicIds = commaList(q.service_request_id);
      const pattern = new RegExp(PUBLIC_ID_PATTERN);
      const bad = publicIds.filter((id) => !pattern.test(id));
      if (bad.length > 0) throw Open311Error.badRequest(`service_request_id: ${t(lang, 'mã không hợp lệ', 'not a valid id')}: ${bad.slice(0, 5).join(', ')}`);
      if (publicIds.length > MAX_IDS) throw Open311Error.badRequest(`service_request_id: ${t(lang, `tối đa ${MAX_IDS} mã`, `at most ${MAX_IDS} ids`)}`);
      selection = { kind: 'ids', publicIds };
    } else {
      const codes = commaList(q.service_code);
      const unknown = codes.filter((c) => !catalogue.byCode.has(c));
      if (unknown.length > 0) throw Open311Error.badRequest(`service_code: ${t(lang, 'không có dịch vụ', 'no service')} ${unknown.slice(0, 5).join(', ')}`);
      const statuses = commaList(q.status?.toLowerCase());
      const badStatus = statuses.filter((s) => s !== 'open' && s !== 'closed');
      if (badStatus.length > 0) throw Open311Error.badRequest(`status: ${t(lang, 'dùng open hoặc closed', 'use open or closed')}`);
      const wanted = statuses.length > 0 ? statuses as Array<'open' | 'closed'> : ['open', 'closed'] as const;
      selection = {
        kind: 'search',
        categoryIds: codes.length > 0 ? codes.map((c) => catalogue.byCode.get(c)!.category.id) : null,
        statuses: wanted.flatMap((s): readonly ReportStatus[] => LISTED_STATUSES[s]),
        window: dateWindow(q.start_date, q.end_date, new Date(), timeZone, lang),
      };
    }
    const { rows, more } = await findRequests(ctx.db, selection, { offset, limit: q.page_size });
    const items = await presentRequests(rows, { db: ctx.db, catalogue, timeZone, publicBaseUrl: baseUrl, lang });
    if (more) void reply.header('link', pageLink(request, baseUrl, q.page + 1));
    markPublic(reply);
    return send(reply, request.params.format, 'service_requests', items);
  });

  app.get('/requests/:service_request_id.:format', {
    schema: {
      tags: ['open311'], summary: 'One Open311 service request (a list of one, as the specification has it)',
      params: Type.Object({ service_request_id: Type.String({ maxLength: 30 }), format: FormatParam }),
      querystring: Type.Object(CommonQuery),
      response: { 200: formats(Type.Array(ServiceRequest), 'The request'), ...errorResponses },
    },
  }, async (request, reply) => {
    const lang = request.language;
    const id = request.params.service_request_id;
    const notFound = () => Open311Error.notFound(`service_request_id: ${t(lang, `không có phản ánh "${id}"`, `no request "${id}"`)}`);
    if (!new RegExp(PUBLIC_ID_PATTERN).test(id)) throw notFound();
    const catalogue = await loadServiceCatalogue(ctx.db);
    const { rows } = await findRequests(ctx.db, { kind: 'ids', publicIds: [id] }, { offset: 0, limit: 1 });
    if (rows.length === 0) throw notFound();
    const items = await presentRequests(rows, { db: ctx.db, catalogue, timeZone, publicBaseUrl: baseUrl, lang });
    markPublic(reply);
    return send(reply, request.params.format, 'service_requests', items);
  });

  app.post('/requests.:format', {
    validatorCompiler: formValidator,
    preValidation: requireApiKey,
    config: { rateLimit: perKeyRateLimit },
    schema: {
      tags: ['open311'], summary: 'Post an Open311 service request (application/x-www-form-urlencoded, api_key required)',
      description: [
        'The report enters the same lifecycle as one from the app: screening, routing, deadlines. Its reporter is the client',
        'application (channel `open311:<client name>`); email, phone and names are kept for the handling officials only and never',
        'appear in any read. Attributes as `attribute[code]=value`, a multivaluelist as repeated `attribute[code][]=value`.',
        '`lat`/`long` are needed unless the service needs no place, where `address_string` alone will do. With an',
        '`Idempotency-Key` header a retried post answers with the same request. The answer carries `service_request_id` and a',
        `\`token\` (see tokens/{token}). At most ${OPEN311_WRITES_PER_MINUTE} posts a minute per key by default (OPEN311_WRITES_PER_MINUTE).`,
      ].join(' '),
      consumes: ['application/x-www-form-urlencoded'],
      params: FormatParams,
      querystring: Type.Object({ ...CommonQuery, api_key: Type.Optional(Type.String({ description: 'Accepted here too; the form field is preferred' })) }),
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
      body: RequestForm,
      response: { 200: formats(Type.Array(PostedRequest), 'The new request'), ...errorResponses },
    },
  }, async (request, reply) => {
    const lang = request.language;
    const key = request.open311Key!;
    const catalogue = await loadServiceCatalogue(ctx.db);
    const result = await submitOpen311Request(ctx, {
      key, form: formOf(request.body), audit: request.auditContext, idempotencyKey: idempotencyKeyOf(request), catalogue, lang,
    });
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    void reply.header('cache-control', 'no-store');
    return send(reply, request.params.format, 'service_requests', [{
      service_request_id: result.publicId,
      service_notice: submitNotice(result.acceptBy, timeZone, lang),
      account_id: null,
      token: result.token,
    }]);
  });

  app.get('/tokens/:token.:format', {
    schema: {
      tags: ['open311'], summary: 'The service request id of a token handed out by POST requests',
      params: Type.Object({ token: Type.String({ maxLength: 40 }), format: FormatParam }),
      querystring: Type.Object(CommonQuery),
      response: { 200: formats(Type.Array(TokenAnswer), 'The request the token stands for'), ...errorResponses },
    },
  }, async (request, reply) => {
    const { token, format } = request.params;
    const publicId = await publicIdForToken(ctx.db, token);
    if (!publicId) throw Open311Error.notFound(`token: ${t(request.language, `không có token "${token}"`, `no token "${token}"`)}`);
    void reply.header('cache-control', 'no-store');
    return send(reply, format, 'service_requests', [{ service_request_id: publicId, token }]);
  });

  // ---- updates extension --------------------------------------------------------------------

  app.get('/servicerequestupdates.:format', {
    schema: {
      tags: ['open311'], summary: 'Open311 updates extension: public changes to requests, oldest first',
      description: 'Public timeline events (accepted, started, resolved with its first proof photo, comments …) of public requests, '
        + 'in the `start_date`/`end_date` window (default: the last 90 days; at most 90 days), 1,000 per page (`page`, `page_size`).',
      params: FormatParams,
      querystring: Type.Object({ ...CommonQuery, ...DateQuery, ...PagingQuery }),
      response: { 200: formats(Type.Array(RequestUpdate), 'The updates'), ...errorResponses },
    },
  }, async (request, reply) => {
    const q = request.query;
    const offset = paging(request, q.page, q.page_size);
    const window = dateWindow(q.start_date, q.end_date, new Date(), timeZone, request.language);
    const { items, more } = await findUpdates(ctx.db, window, { offset, limit: q.page_size }, baseUrl, timeZone, request.language);
    if (more) void reply.header('link', pageLink(request, baseUrl, q.page + 1));
    markPublic(reply);
    return send(reply, request.params.format, 'service_requests_updates', items);
  });

  app.post('/servicerequestupdates.:format', {
    validatorCompiler: formValidator,
    preValidation: requireApiKey,
    config: { rateLimit: perKeyRateLimit },
    schema: {
      tags: ['open311'], summary: 'Post a comment on a public request (updates extension, api_key required)',
      description: 'Recorded as a public `comment` on the report timeline, audited. A comment that screening flags is kept for the officials only. '
        + 'Names and contact details of the commenter are not stored.',
      consumes: ['application/x-www-form-urlencoded'],
      params: FormatParams,
      querystring: Type.Object({ ...CommonQuery, api_key: Type.Optional(Type.String()) }),
      body: UpdateForm,
      response: { 200: formats(Type.Array(PostedUpdate), 'The new update'), ...errorResponses },
    },
  }, async (request, reply) => {
    const posted = await postComment(ctx, request.open311Key!, formOf(request.body), request.auditContext, request.language);
    void reply.header('cache-control', 'no-store');
    return send(reply, request.params.format, 'service_request_updates', [{ update_id: posted.updateId }]);
  });

};
