/** Accounts: citizens and officials, their unit roles, sessions and sign-in challenges. */
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, uniqueIndex } from 'drizzle-orm/pg-core';
import { units } from './referenceData.js';

export interface NotificationPreferences {
  /** Channel → on/off; event types are added by the notifications module. */
  inApp: boolean;
  push: boolean;
  sms: boolean;
}

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(), // citizen | official
  /** Sign-in name for officials; citizens sign in by phone. Stored lower-case. */
  username: text('username'),
  /** E.164, e.g. +84912345678. */
  phone: text('phone'),
  phoneVerifiedAt: timestamp('phone_verified_at', { withTimezone: true }),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash'),
  /** Officials with an initial password must choose their own before anything else. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  /** 0 browsing, 1 phone verified, 2 identity verified (by VNeID or CCCD details). */
  identityLevel: integer('identity_level').notNull().default(0),
  /** AES-256-GCM sealed JSON {idNumber, fullName, dateOfBirth, gender}; see platform/crypto. */
  identitySealed: text('identity_sealed'),
  /** HMAC of the ID number: one account per citizen ID, without storing the number in clear. */
  identityNumberHmac: text('identity_number_hmac'),
  identitySource: text('identity_source'), // self | vneid
  identityVerifiedAt: timestamp('identity_verified_at', { withTimezone: true }),
  /** The `sub` claim of the VNeID identity linked to this account. */
  vneidSubject: text('vneid_subject'),
  /** Sealed TOTP secret (base32); officials cannot work without it. */
  totpSecretSealed: text('totp_secret_sealed'),
  totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
  /** Last accepted TOTP time step, so one code cannot be used twice. */
  totpLastStep: integer('totp_last_step'),
  avatarKey: text('avatar_key'),
  language: text('language').notNull().default('vi'),
  notificationPreferences: jsonb('notification_preferences').$type<NotificationPreferences>().notNull()
    .default({ inApp: true, push: true, sms: false }),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  /** An official's account switched off by an administrator: no sign-in, sessions ended. */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  /** Set when the account was deleted at its owner's request; personal fields are erased then. */
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('users_username_key').on(t.username),
  uniqueIndex('users_phone_key').on(t.phone),
  uniqueIndex('users_identity_number_key').on(t.identityNumberHmac),
  uniqueIndex('users_vneid_subject_key').on(t.vneidSubject),
]);

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
  /** How the session was made: password, otp, vneid, totp … (shown in the session list). */
  method: text('method').notNull().default('password'),
  userAgent: text('user_agent'),
  ip: text('ip'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  /** Absolute end of the session, whatever the activity. */
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)]);

/**
 * A short-lived proof step: a one-time code sent by SMS (purpose `phone_login`), the second
 * factor after an official's password (`totp_login`), or an invite (`invite`). Secrets hashed.
 */
export const authChallenges = pgTable('auth_challenges', {
  id: uuid('id').primaryKey().defaultRandom(),
  purpose: text('purpose').notNull(),
  /** The phone number for SMS codes; null otherwise. */
  phone: text('phone'),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  secretHash: text('secret_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  ip: text('ip'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
}, (t) => [
  index('auth_challenges_phone_idx').on(t.phone, t.createdAt),
  index('auth_challenges_ip_idx').on(t.ip, t.createdAt),
  index('auth_challenges_secret_idx').on(t.secretHash),
]);

/** State of an OpenID Connect sign-in between the redirect out and the callback; used once. */
export const oidcLogins = pgTable('oidc_logins', {
  state: text('state').primaryKey(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  /** Signed-in user who is linking VNeID to an existing account, if any. */
  linkUserId: uuid('link_user_id').references(() => users.id, { onDelete: 'cascade' }),
  returnTo: text('return_to').notNull().default('/'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
});
