/**
 * POST requests: an Open311 client files a report into the same lifecycle as the web app.
 * The checks, screening and classifier are the submit module's own (`prepareSubmission`); the
 * report is routed, given its accept deadline and recorded (timeline + outbox + audit) with the
 * same building blocks as `submitReport`.
 *
 * The reporter is the client application: `reporter_id` is null, the channel is
 * `open311:<client name>`, and the contact details the client sent (e-mail, phone, names,
 * device and account ids, media_url) are kept in the report's attributes under the reserved key
 * `_open311` — attribute codes start with a letter, so no category can ask for it. Report
 * attributes are shown to the handling officials only, never by a public route or Open311.
 *
 * The report itself is made by `submitReport`, the same command as the web submit, with no
 * files, no reporter and the client application as the scope of its retries.
 */
import type { AuditContext } from '../../platform/audit/auditLog.js';
import type { Principal } from '../../platform/auth/principal.js';
import { formatLocal } from '../../platform/i18n/formatLocal.js';
import type { Language } from '../../platform/i18n/language.js';
import type { ModuleContext } from '../moduleContext.js';
import { prepareSubmission } from '../reports/submit/prepareSubmission.js';
import { submitReport, type SubmissionFacts } from '../reports/submit/submitReport.js';
import type { ApiKeyRow } from './apiKeys.js';
import { Open311Error } from './errors.js';
import type { Open311Form } from './formBody.js';
import { OPEN311_CHANNEL_PREFIX } from './requests.js';
import { serviceFor, type ServiceCatalogue } from './services.js';

/** Where the client's contact details are kept in `reports.attributes` (officials only). */
export const OPEN311_CONTACT_KEY = '_open311';

export interface Open311Contact {
  client: string;
  apiKeyId: string;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  deviceId?: string;
  accountId?: string;
  mediaUrl?: string;
}

export interface Open311SubmitResult {
  publicId: string;
  /** The report's internal id, handed to the client as its `token`. */
  token: string;
  acceptBy: Date;
  replayed: boolean;
}

/**
 * `prepareSubmission` counts photos (the web submit needs one); an Open311 client sends links
 * (`media_url`) instead of files, so the count is left out (null).
 */
const PHOTOS_NOT_COUNTED = null;

const t = (lang: Language, vi: string, en: string) => (lang === 'en' ? en : vi);

/** The client application as the caller of the submit checks: it vouches for its users like a phone-verified citizen. */
function clientPrincipal(key: ApiKeyRow): Principal {
  return {
    userId: key.id, sessionId: '', kind: 'citizen', displayName: key.name, label: `${OPEN311_CHANNEL_PREFIX}${key.name}`,
    identityLevel: 1, mustChangePassword: false, memberships: [],
  };
}

const CONTACT_FIELDS: Array<[keyof Omit<Open311Contact, 'client' | 'apiKeyId'>, string, number]> = [
  ['email', 'email', 200], ['phone', 'phone', 30], ['firstName', 'first_name', 100], ['lastName', 'last_name', 100],
  ['deviceId', 'device_id', 200], ['accountId', 'account_id', 200], ['mediaUrl', 'media_url', 2000],
];

function contactOf(form: Open311Form, key: ApiKeyRow, lang: Language): Open311Contact {
  const contact: Open311Contact = { client: key.name, apiKeyId: key.id };
  const problems: string[] = [];
  for (const [property, field, max] of CONTACT_FIELDS) {
    const value = form.fields[field]?.normalize('NFC').trim();
    if (!value) continue;
    if (value.length > max) problems.push(`${field}: ${t(lang, `không được quá ${max} ký tự`, `must have at most ${max} characters`)}`);
    else contact[property] = value;
  }
  if (contact.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.email)) {
    problems.push(`email: ${t(lang, 'không phải địa chỉ e-mail hợp lệ', 'is not a valid e-mail address')}`);
  }
  if (contact.phone && !/^\+?[0-9 ().-]{6,30}$/.test(contact.phone)) {
    problems.push(`phone: ${t(lang, 'không phải số điện thoại hợp lệ', 'is not a valid phone number')}`);
  }
  if (contact.mediaUrl && !/^https?:\/\/\S+$/i.test(contact.mediaUrl)) {
    problems.push(`media_url: ${t(lang, 'phải là một địa chỉ http(s)', 'must be an http(s) URL')}`);
  }
  if (problems.length > 0) throw new Open311Error(400, problems.map((description) => ({ code: 400, description })));
  return contact;
}

/** The location rules of GeoReport v2 on top of ours: coordinates, or an address for services that need no map point. */
function checkLocation(form: Open311Form, locationRequired: boolean, lang: Language): void {
  const has = (name: string) => (form.fields[name] ?? '').trim() !== '';
  const coordinates = has('lat') || has('long');
  if (coordinates) return; // both-or-neither and ranges are checked with the other fields
  if (locationRequired) {
    throw Open311Error.badRequest(t(lang,
      'lat, long: dịch vụ này cần tọa độ của nơi xảy ra sự việc (address_string thôi là chưa đủ)',
      'lat, long: this service needs the coordinates of the place (an address_string alone is not enough)'));
  }
  if (!has('address_string')) {
    throw Open311Error.badRequest(has('address_id')
      ? t(lang, 'address_id: không dùng được ở đây; hãy gửi lat và long, hoặc address_string', 'address_id: not known here; send lat and long, or address_string')
      : t(lang, 'lat, long, address_string: cần vị trí (lat và long) hoặc địa chỉ (address_string)', 'lat, long, address_string: a location (lat and long) or an address (address_string) is required'));
  }
}

export interface Open311SubmitInput {
  key: ApiKeyRow;
  form: Open311Form;
  audit: AuditContext;
  idempotencyKey: string | undefined;
  catalogue: ServiceCatalogue;
  lang: Language;
}

export async function submitOpen311Request(ctx: ModuleContext, input: Open311SubmitInput): Promise<Open311SubmitResult> {
  const { form, key, lang } = input;
  if (form.malformed.length > 0) {
    throw Open311Error.badRequest(`${form.malformed.join(', ')}: ${t(lang, 'tên tham số không hợp lệ (dùng attribute[code] hoặc attribute[code][])', 'not a valid parameter name (use attribute[code] or attribute[code][])')}`);
  }
  const serviceCode = (form.fields.service_code ?? '').trim();
  if (!serviceCode) throw Open311Error.badRequest(`service_code: ${t(lang, 'là bắt buộc', 'is required')}`);
  const { category } = serviceFor(input.catalogue, serviceCode, lang);
  if (category.identityLevelRequired > 1) {
    throw Open311Error.forbidden(t(lang,
      `service_code: dịch vụ "${serviceCode}" cần người phản ánh đã định danh (VNeID); hãy gửi qua ứng dụng Công dân số`,
      `service_code: the service "${serviceCode}" needs an identity-verified reporter (VNeID); it is taken in the Công dân số app only`));
  }
  checkLocation(form, category.locationRequired, lang);
  const contact = contactOf(form, key, lang);

  const raw: Record<string, unknown> = {
    categoryCode: serviceCode,
    description: form.fields.description ?? '',
    ...(form.fields.lat !== undefined && form.fields.lat !== '' ? { lat: form.fields.lat } : {}),
    ...(form.fields.long !== undefined && form.fields.long !== '' ? { lon: form.fields.long } : {}),
    ...(form.fields.address_string ? { addressText: form.fields.address_string } : {}),
    // Nobody's name is shown publicly: the client's users are anonymous to the public.
    anonymous: true,
    attributes: form.attributes,
  };
  const facts: SubmissionFacts = await prepareSubmission(ctx, clientPrincipal(key), raw, PHOTOS_NOT_COUNTED, lang);

  const { api_key: _apiKey, ...sentFields } = form.fields;
  const outcome = await submitReport(ctx, {
    reporterId: null,
    audit: input.audit,
    idempotencyKey: input.idempotencyKey,
    idempotencyScope: `${OPEN311_CHANNEL_PREFIX}${key.id}`,
    channel: `${OPEN311_CHANNEL_PREFIX}${key.name}`,
    route: 'POST /open311/v2/requests',
    rawFields: { ...sentFields, attributes: form.attributes },
    upload: { fields: raw, photos: [], video: null },
    facts: { ...facts, attributes: { ...facts.attributes, [OPEN311_CONTACT_KEY]: contact } },
  });
  return { publicId: outcome.publicId, token: outcome.reportId, acceptBy: new Date(outcome.acceptBy), replayed: outcome.replayed };
}

/** The notice a client shows after posting: when the report will be taken up. */
export function submitNotice(acceptBy: Date, timeZone: string, lang: Language): string {
  const when = formatLocal(acceptBy, timeZone);
  return t(lang,
    `Phản ánh đã được ghi nhận và sẽ được cơ quan chức năng tiếp nhận trước ${when}.`,
    `The report is recorded; the responsible agency will take it up by ${when}.`);
}
