/** Reference data: the city's units, wards, categories and routing rules. */
import { sql } from 'drizzle-orm';
import {
  boolean, doublePrecision, index, integer, jsonb, pgTable, real, text, timestamp, unique, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import type { AttributeSeed } from '../seed/seedTypes.js';

export const units = pgTable('units', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull(),
  parentId: uuid('parent_id'),
  kind: text('kind').notNull(), // city | office | department | police | utility | ward
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('units_code_key').on(t.code), index('units_parent_idx').on(t.parentId)]);

/** A ward or commune with its boundary; `id` is the official ward code (e.g. '00070'). */
export const areas = pgTable('areas', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  type: text('type').notNull(), // phuong | xa
  unitId: uuid('unit_id').notNull().references(() => units.id),
  population: integer('population'),
  areaKm2: real('area_km2'),
  centerLat: doublePrecision('center_lat').notNull(),
  centerLon: doublePrecision('center_lon').notNull(),
  minLat: doublePrecision('min_lat').notNull(),
  minLon: doublePrecision('min_lon').notNull(),
  maxLat: doublePrecision('max_lat').notNull(),
  maxLon: doublePrecision('max_lon').notNull(),
  /** Rings of [lon, lat] pairs; a point is inside by the even-odd rule over all rings. */
  rings: jsonb('rings').$type<Array<Array<[number, number]>>>().notNull(),
}, (t) => [index('areas_unit_idx').on(t.unitId)]);

/** An extra question a category asks (Open311 attribute); the same shape as in the city pack. */
export type CategoryAttribute = AttributeSeed;

export const categories = pgTable('categories', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull(),
  parentId: uuid('parent_id'),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionVi: text('description_vi').notNull().default(''),
  descriptionEn: text('description_en').notNull().default(''),
  defaultPriority: text('default_priority').notNull(), // urgent | normal | complex
  locationRequired: boolean('location_required').notNull().default(true),
  identityLevelRequired: integer('identity_level_required').notNull().default(1),
  proofPhotoRequired: boolean('proof_photo_required').notNull().default(true),
  handlingUnitId: uuid('handling_unit_id').references(() => units.id),
  /** Working hours to accept / resolve; null = the city default for the priority. */
  slaAcceptHours: real('sla_accept_hours'),
  slaResolveHours: real('sla_resolve_hours'),
  keywords: jsonb('keywords').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  attributes: jsonb('attributes').$type<CategoryAttribute[]>().notNull().default(sql`'[]'::jsonb`),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('categories_code_key').on(t.code), index('categories_parent_idx').on(t.parentId)]);

/**
 * (category, area) → unit. Null category or area means "any"; the most specific rule wins
 * (both set > category only > area only). Without a rule: the category's handling unit, else the ward's.
 */
export const routingRules = pgTable('routing_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  categoryId: uuid('category_id').references(() => categories.id, { onDelete: 'cascade' }),
  areaId: text('area_id').references(() => areas.id, { onDelete: 'cascade' }),
  unitId: uuid('unit_id').notNull().references(() => units.id),
  note: text('note').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [unique('routing_rules_scope_key').on(t.categoryId, t.areaId).nullsNotDistinct()]);
