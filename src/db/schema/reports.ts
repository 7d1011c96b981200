/**
 * Field reports (phản ánh hiện trường): the report, its media, its timeline of events, who
 * supports it, and the bookkeeping that makes writes safe to retry and events safe to deliver.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { areas, categories, units } from './referenceData.js';
import { users } from './accounts.js';

export type ReportStatus = 'submitted' | 'accepted' | 'in_progress' | 'resolved' | 'closed' | 'rejected' | 'withdrawn' | 'merged';

export interface ScreeningFlag {
  /** complaint_denunciation | state_secret | abuse | spam | too_short */
  kind: string;
  /** The words or rule that raised the flag, for the intake officer. */
  evidence: string;
}

export const reports = pgTable('reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Shown to people: PA-2026-000123 (prefix from the city pack, year, yearly sequence). */
  publicId: text('public_id').notNull(),
  categoryId: uuid('category_id').notNull().references(() => categories.id),
  /** The category the classifier proposes when it disagrees with the citizen's choice. */
  suggestedCategoryId: uuid('suggested_category_id').references(() => categories.id),
  description: text('description').notNull(),
  /** Lower-cased text without diacritics, for search that ignores them ("duong" finds "đường"). */
  searchText: text('search_text').notNull(),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  areaId: text('area_id').references(() => areas.id),
  addressText: text('address_text').notNull().default(''),
  /** Extra answers asked by the category (Open311 attributes), by attribute code. */
  attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  reporterId: uuid('reporter_id').references(() => users.id),
  /** Hidden from the public; handling officials still see who reported. */
  anonymous: boolean('anonymous').notNull().default(false),
  /** web | api | open311:<client> */
  channel: text('channel').notNull().default('web'),
  status: text('status').$type<ReportStatus>().notNull().default('submitted'),
  priority: text('priority').notNull(), // urgent | normal | complex
  assignedUnitId: uuid('assigned_unit_id').notNull().references(() => units.id),
  /** A transfer waits here until the receiving unit accepts it. */
  pendingTransferUnitId: uuid('pending_transfer_unit_id').references(() => units.id),
  screeningFlags: jsonb('screening_flags').$type<ScreeningFlag[]>().notNull().default(sql`'[]'::jsonb`),
  acceptBy: timestamp('accept_by', { withTimezone: true }).notNull(),
  resolveBy: timestamp('resolve_by', { withTimezone: true }),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  /** The public answer (with proof photos in report_media, role 'proof'). */
  answerText: text('answer_text'),
  rejectReason: text('reject_reason'),
  /** hai_long | chap_nhan_duoc | khong_hai_long */
  rating: text('rating'),
  ratingComment: text('rating_comment'),
  ratedAt: timestamp('rated_at', { withTimezone: true }),
  reopenCount: integer('reopen_count').notNull().default(0),
  /** Set by the deadline sweep; cleared when the report moves on. */
  dueSoon: boolean('due_soon').notNull().default(false),
  overdue: boolean('overdue').notNull().default(false),
  escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  mergedIntoId: uuid('merged_into_id'),
  supportCount: integer('support_count').notNull().default(0),
  /** Waiting for the citizen to add information an official asked for. */
  infoRequested: boolean('info_requested').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('reports_public_id_key').on(t.publicId),
  index('reports_status_created_idx').on(t.status, t.createdAt),
  index('reports_unit_status_idx').on(t.assignedUnitId, t.status),
  index('reports_category_idx').on(t.categoryId, t.createdAt),
  index('reports_area_idx').on(t.areaId, t.createdAt),
  index('reports_reporter_idx').on(t.reporterId, t.createdAt),
  // Bounding-box queries (map, nearby duplicates) on plain columns: portable, no PostGIS.
  index('reports_lat_lon_idx').on(t.lat, t.lon),
  // Nearby duplicates: one category, a small box.
  index('reports_category_lat_lon_idx').on(t.categoryId, t.lat, t.lon),
  // The public feed's order (newest first, id breaks ties).
  index('reports_created_id_idx').on(t.createdAt, t.id),
  // Diacritic-free text search with LIKE '%…%' (needs the pg_trgm extension, migration 0004).
  index('reports_search_text_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
]);

/** Photos and video: what the citizen sent (role 'report') and the officials' proof ('proof'). */
export const reportMedia = pgTable('report_media', {
  id: uuid('id').primaryKey().defaultRandom(),
  reportId: uuid('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
  role: text('role').notNull(), // report | proof | info
  kind: text('kind').notNull(), // photo | video
  /** Storage keys: the display version and the thumbnail (photos). */
  storageKey: text('storage_key').notNull(),
  thumbnailKey: text('thumbnail_key'),
  contentType: text('content_type').notNull(),
  width: integer('width'),
  height: integer('height'),
  bytes: integer('bytes').notNull(),
  /** An official hid it (a face, a number plate): never served publicly. */
  hidden: boolean('hidden').notNull().default(false),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('report_media_report_idx').on(t.reportId, t.position)]);

/** The timeline: one row per thing that happened to a report. */
export const reportEvents = pgTable('report_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  reportId: uuid('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
  type: text('type').notNull(), // submitted, accepted, rejected, transfer_requested, transferred, …
  actorId: uuid('actor_id').references(() => users.id),
  /** reporter | official | system */
  actorRole: text('actor_role').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  /** Text shown on the timeline (reason, answer, note …). */
  message: text('message'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  /** Internal notes and routing details stay with the officials. */
  public: boolean('public').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('report_events_report_idx').on(t.reportId, t.id)]);

/** "Me too": one row per citizen supporting a report. */
export const reportSupporters = pgTable('report_supporters', {
  reportId: uuid('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.reportId, t.userId] })]);

/** Yearly counters behind the public ids. */
export const publicIdCounters = pgTable('public_id_counters', {
  scope: text('scope').primaryKey(), // e.g. 'PA-2026'
  lastValue: integer('last_value').notNull().default(0),
});

/**
 * A retried write with the same Idempotency-Key returns the first answer. Keyed by caller and
 * key, with a hash of the request so the same key with a different body is refused.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  scope: text('scope').notNull(), // user id or client id
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  statusCode: integer('status_code').notNull(),
  responseBody: jsonb('response_body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.scope, t.key] })]);

/** Domain events written in the same transaction as the change; a dispatcher delivers them. */
export const outboxEvents = pgTable('outbox_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  type: text('type').notNull(), // report.submitted, report.accepted, …
  aggregateType: text('aggregate_type').notNull(),
  aggregateId: text('aggregate_id').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
}, (t) => [index('outbox_undelivered_idx').on(t.deliveredAt, t.id)]);

/** Words that flag a report for the intake officer, editable by admins. */
export const screeningKeywords = pgTable('screening_keywords', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(), // complaint_denunciation | state_secret | abuse | spam
  phrase: text('phrase').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('screening_keywords_phrase_key').on(t.kind, t.phrase)]);
