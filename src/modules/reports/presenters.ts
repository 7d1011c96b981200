/**
 * What leaves the server about a report, per audience. Each presenter lists its fields
 * explicitly and its TypeBox schema (used as the route's response schema) drops anything else:
 *
 * - public: anyone; never the reporter's identity when anonymous, never phone numbers, internal
 *   notes, hidden photos or storage keys;
 * - citizen: the reporter looking at their own report (adds deadlines and their own details);
 * - official: officials who may handle it (adds reporter contact, internal events, flags).
 */
import { Type, type Static } from 'typebox';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { categories, users } from '../../db/schema/index.js';
import { allUnitsById } from '../units/index.js';
import type { ModuleContext } from '../moduleContext.js';
import { localized, type Language } from '../../platform/i18n/language.js';
import { formatLocal } from '../../platform/i18n/formatLocal.js';
import { open311Status } from './reportStatus.js';
import { maskPhoneNumbers } from './publicVisibility.js';
import { rejectReasonText } from './lifecycle/rejectReasons.js';
import type { ReportEventRow, ReportMediaRow, ReportRow } from './reportRepository.js';

// ---- schemas ---------------------------------------------------------------------------

const Named = Type.Object({ code: Type.String(), name: Type.String() });
const AreaRef = Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]);
const Location = Type.Union([Type.Object({ lat: Type.Number(), lon: Type.Number() }), Type.Null()]);

export const PhotoSchema = Type.Object({
  id: Type.String(),
  role: Type.String({ description: 'report (sent by the citizen), proof (the result, by officials), info (added later)' }),
  kind: Type.String(),
  url: Type.String(),
  thumbnailUrl: Type.Union([Type.String(), Type.Null()]),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
});

export const TimelineEventSchema = Type.Object({
  type: Type.String(),
  actorRole: Type.String(),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.Union([Type.String(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

const common = {
  publicId: Type.String({ examples: ['PA-2026-000123'] }),
  category: Named,
  status: Type.String(),
  open311Status: Type.String({ description: 'open | closed' }),
  description: Type.String(),
  addressText: Type.String(),
  area: AreaRef,
  location: Location,
  assignedUnit: Named,
  createdAt: Type.String(),
  supportCount: Type.Integer(),
};

export const ReportSummaryPublicSchema = Type.Object({
  ...common,
  thumbnailUrl: Type.Union([Type.String(), Type.Null()]),
  reporterName: Type.Union([Type.String(), Type.Null()], { description: 'Null when the reporter chose to stay anonymous' }),
});

export const ReportPublicSchema = Type.Object({
  ...common,
  reporterName: Type.Union([Type.String(), Type.Null()]),
  photos: Type.Array(PhotoSchema),
  answer: Type.Union([Type.Object({ text: Type.String(), at: Type.String(), proof: Type.Array(PhotoSchema) }), Type.Null()]),
  rejectReason: Type.Union([Type.String(), Type.Null()], { description: 'The legal reason, in the language of the request' }),
  rejectReasonCode: Type.Union([Type.String(), Type.Null()]),
  rating: Type.Union([Type.String(), Type.Null()]),
  mergedInto: Type.Union([Type.String(), Type.Null()]),
  timeline: Type.Array(TimelineEventSchema),
});

const deadlines = {
  priority: Type.String(),
  acceptBy: Type.String({ description: 'UTC instant' }),
  acceptByLocal: Type.String({ description: 'The same in the city time zone' }),
  resolveBy: Type.Union([Type.String(), Type.Null()]),
  resolveByLocal: Type.Union([Type.String(), Type.Null()]),
  dueSoon: Type.Boolean(),
  overdue: Type.Boolean(),
  infoRequested: Type.Boolean(),
};

export const ReportCitizenSchema = Type.Object({
  ...ReportPublicSchema.properties,
  ...deadlines,
  anonymous: Type.Boolean(),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  ratingComment: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
});

export const ReportOfficialSchema = Type.Object({
  ...ReportCitizenSchema.properties,
  id: Type.String(),
  reporter: Type.Union([Type.Object({
    id: Type.String(),
    displayName: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]),
    identityLevel: Type.Integer(),
  }), Type.Null()]),
  channel: Type.String(),
  screeningFlags: Type.Array(Type.Object({ kind: Type.String(), evidence: Type.String() })),
  suggestedCategory: Type.Union([Named, Type.Null()]),
  pendingTransferUnit: Type.Union([Named, Type.Null()]),
  escalatedAt: Type.Union([Type.String(), Type.Null()]),
  reopenCount: Type.Integer(),
  hiddenPhotoIds: Type.Array(Type.String()),
  timeline: Type.Array(Type.Object({ ...TimelineEventSchema.properties, public: Type.Boolean(), actorId: Type.Union([Type.String(), Type.Null()]) })),
});

export type ReportSummaryPublic = Static<typeof ReportSummaryPublicSchema>;
export type ReportPublic = Static<typeof ReportPublicSchema>;
export type ReportCitizen = Static<typeof ReportCitizenSchema>;
export type ReportOfficial = Static<typeof ReportOfficialSchema>;

// ---- names of categories and units, cached briefly ---------------------------------------

interface NameRow { id: string; code: string; nameVi: string; nameEn: string }
interface NameCache { at: number; categories: Map<string, NameRow>; units: Map<string, NameRow> }
// Units come from the units module's directory; categories are cached here the same way.
const NAME_TTL_MS = 30_000;
const nameCaches = new WeakMap<Db, NameCache>();

/** Reference names change rarely (admin edits); 30 s of staleness is acceptable for display. */
async function names(db: Db): Promise<NameCache> {
  const cached = nameCaches.get(db);
  if (cached && Date.now() - cached.at < NAME_TTL_MS) return cached;
  const [categoryRows, unitMap] = await Promise.all([
    db.select({ id: categories.id, code: categories.code, nameVi: categories.nameVi, nameEn: categories.nameEn }).from(categories),
    allUnitsById(db),
  ]);
  const fresh = { at: Date.now(), categories: new Map(categoryRows.map((r) => [r.id, r])), units: unitMap as Map<string, NameRow> };
  nameCaches.set(db, fresh);
  return fresh;
}

function named(row: NameRow | undefined, lang: Language): { code: string; name: string } {
  return row ? { code: row.code, name: localized(lang, row.nameVi, row.nameEn) } : { code: 'unknown', name: '?' };
}

// ---- building blocks ---------------------------------------------------------------------

export function mediaUrl(publicId: string, mediaId: string, size: 'display' | 'thumb' = 'display'): string {
  return `/api/v1/reports/${publicId}/media/${mediaId}${size === 'thumb' ? '?size=thumb' : ''}`;
}

function photo(publicId: string, m: ReportMediaRow) {
  return {
    id: m.id, role: m.role, kind: m.kind, url: mediaUrl(publicId, m.id),
    thumbnailUrl: m.thumbnailKey ? mediaUrl(publicId, m.id, 'thumb') : null,
    width: m.width, height: m.height,
  };
}

function timelineEntry(e: ReportEventRow) {
  return { type: e.type, actorRole: e.actorRole, fromStatus: e.fromStatus, toStatus: e.toStatus, message: e.message, at: e.createdAt.toISOString() };
}

/** Public display name of the reporter: null when anonymous or deleted. */
async function reporterDisplayNames(db: Db, reports: ReportRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(reports.filter((r) => !r.anonymous && r.reporterId).map((r) => r.reporterId!))];
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, displayName: users.displayName, deletedAt: users.deletedAt }).from(users).where(inArray(users.id, ids));
  return new Map(rows.filter((r) => !r.deletedAt).map((r) => [r.id, r.displayName]));
}

/** `mask`: hide phone numbers typed into the text (everyone but the reporter and officials). */
async function commonFields(ctx: ModuleContext, report: ReportRow, lang: Language, mask = true) {
  const n = await names(ctx.db);
  const text = (value: string) => (mask ? maskPhoneNumbers(value) : value);
  const area = report.areaId ? ctx.areas.get(report.areaId) : undefined;
  return {
    publicId: report.publicId,
    category: named(n.categories.get(report.categoryId), lang),
    status: report.status,
    open311Status: open311Status(report.status),
    description: text(report.description),
    addressText: text(report.addressText),
    area: area ? { id: area.id, name: area.name } : null,
    location: report.lat !== null && report.lon !== null ? { lat: report.lat, lon: report.lon } : null,
    assignedUnit: named(n.units.get(report.assignedUnitId), lang),
    createdAt: report.createdAt.toISOString(),
    supportCount: report.supportCount,
  };
}

// ---- presenters ----------------------------------------------------------------------------

/** Feed rows and map popups: `firstPhoto` is the first visible photo, if any. */
export async function presentReportSummaryPublic(report: ReportRow, firstPhoto: ReportMediaRow | null, lang: Language, ctx: ModuleContext, reporterNames?: Map<string, string>): Promise<ReportSummaryPublic> {
  const nameMap = reporterNames ?? await reporterDisplayNames(ctx.db, [report]);
  return {
    ...(await commonFields(ctx, report, lang)),
    thumbnailUrl: firstPhoto && !firstPhoto.hidden ? mediaUrl(report.publicId, firstPhoto.id, firstPhoto.thumbnailKey ? 'thumb' : 'display') : null,
    reporterName: report.anonymous || !report.reporterId ? null : nameMap.get(report.reporterId) ?? null,
  };
}

/** Many summaries at once with one query for reporter names. */
export async function presentReportSummariesPublic(rows: Array<{ report: ReportRow; firstPhoto: ReportMediaRow | null }>, lang: Language, ctx: ModuleContext): Promise<ReportSummaryPublic[]> {
  const nameMap = await reporterDisplayNames(ctx.db, rows.map((r) => r.report));
  return Promise.all(rows.map((r) => presentReportSummaryPublic(r.report, r.firstPhoto, lang, ctx, nameMap)));
}

export async function presentReportPublic(report: ReportRow, media: ReportMediaRow[], events: ReportEventRow[], lang: Language, ctx: ModuleContext, mask = true): Promise<ReportPublic> {
  const visible = media.filter((m) => !m.hidden);
  const nameMap = await reporterDisplayNames(ctx.db, [report]);
  const mergedInto = report.mergedIntoId
    ? (await ctx.db.query.reports.findFirst({ where: (r, { eq }) => eq(r.id, report.mergedIntoId!), columns: { publicId: true } }))?.publicId ?? null
    : null;
  return {
    ...(await commonFields(ctx, report, lang, mask)),
    reporterName: report.anonymous || !report.reporterId ? null : nameMap.get(report.reporterId) ?? null,
    photos: visible.filter((m) => m.role !== 'proof').map((m) => photo(report.publicId, m)),
    answer: report.answerText && report.resolvedAt
      ? { text: report.answerText, at: report.resolvedAt.toISOString(), proof: visible.filter((m) => m.role === 'proof').map((m) => photo(report.publicId, m)) }
      : null,
    rejectReason: report.rejectReason ? rejectReasonText(report.rejectReason, lang) ?? report.rejectReason : null,
    rejectReasonCode: report.rejectReason,
    rating: report.rating,
    mergedInto,
    timeline: events.filter((e) => e.public).map(timelineEntry),
  };
}

function deadlineFields(report: ReportRow, ctx: ModuleContext) {
  const tz = ctx.city.settings.timeZone;
  return {
    priority: report.priority,
    acceptBy: report.acceptBy.toISOString(),
    acceptByLocal: formatLocal(report.acceptBy, tz),
    resolveBy: report.resolveBy?.toISOString() ?? null,
    resolveByLocal: report.resolveBy ? formatLocal(report.resolveBy, tz) : null,
    dueSoon: report.dueSoon,
    overdue: report.overdue,
    infoRequested: report.infoRequested,
  };
}

/** The reporter's own view. Their own name shows even on an anonymous report (it is theirs). */
export async function presentReportForCitizen(report: ReportRow, media: ReportMediaRow[], events: ReportEventRow[], lang: Language, ctx: ModuleContext): Promise<ReportCitizen> {
  const base = await presentReportPublic(report, media, events, lang, ctx, false);
  return {
    ...base,
    ...deadlineFields(report, ctx),
    anonymous: report.anonymous,
    attributes: report.attributes,
    ratingComment: report.ratingComment,
    resolvedAt: report.resolvedAt?.toISOString() ?? null,
  };
}

/** Officials who may handle the report: everything, including hidden photos and internal notes. */
export async function presentReportForOfficial(report: ReportRow, media: ReportMediaRow[], events: ReportEventRow[], lang: Language, ctx: ModuleContext): Promise<ReportOfficial> {
  const n = await names(ctx.db);
  const citizenView = await presentReportForCitizen(report, media, events, lang, ctx);
  const reporter = report.reporterId
    ? await ctx.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, report.reporterId!), columns: { id: true, displayName: true, phone: true, identityLevel: true } })
    : undefined;
  return {
    ...citizenView,
    // Handling officials see every photo; hidden ones are listed so the console can mark them.
    photos: media.filter((m) => m.role !== 'proof').map((m) => photo(report.publicId, m)),
    id: report.id,
    reporter: reporter ? { id: reporter.id, displayName: reporter.displayName, phone: reporter.phone, identityLevel: reporter.identityLevel } : null,
    channel: report.channel,
    screeningFlags: report.screeningFlags,
    suggestedCategory: report.suggestedCategoryId ? named(n.categories.get(report.suggestedCategoryId), lang) : null,
    pendingTransferUnit: report.pendingTransferUnitId ? named(n.units.get(report.pendingTransferUnitId), lang) : null,
    escalatedAt: report.escalatedAt?.toISOString() ?? null,
    reopenCount: report.reopenCount,
    hiddenPhotoIds: media.filter((m) => m.hidden).map((m) => m.id),
    timeline: events.map((e) => ({ ...timelineEntry(e), public: e.public, actorId: e.actorId })),
  };
}
