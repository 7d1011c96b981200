/** Accounts: citizens and officials, their unit roles and their sessions. */
import { index, integer, pgTable, primaryKey, text, timestamp, uuid, uniqueIndex } from 'drizzle-orm/pg-core';
import { units } from './referenceData.js';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(), // citizen | official
  /** Sign-in name for officials (e-mail-like); citizens sign in by phone. */
  username: text('username'),
  phone: text('phone'),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash'),
  identityLevel: integer('identity_level').notNull().default(0),
  language: text('language').notNull().default('vi'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('users_username_key').on(t.username), uniqueIndex('users_phone_key').on(t.phone)]);

/** An official's role in a unit: intake | handler | supervisor | unit_admin | moderator | city_admin. */
export const unitMemberships = pgTable('unit_memberships', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  unitId: uuid('unit_id').notNull().references(() => units.id),
  role: text('role').notNull(),
}, (t) => [primaryKey({ columns: [t.userId, t.unitId, t.role] }), index('unit_memberships_unit_idx').on(t.unitId)]);

/** A signed-in session; only the SHA-256 of the token is kept. */
export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)]);
