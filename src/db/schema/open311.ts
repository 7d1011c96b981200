/**
 * Open311 GeoReport v2: the API keys of client applications that may post requests and updates.
 * Only the SHA-256 of a key is stored (the key itself is shown once, when an admin issues it);
 * the prefix lets people tell keys apart in lists. A key is revoked, never deleted, so the
 * channel `open311:<name>` of old reports keeps meaning something.
 */
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';

export const open311ApiKeys = pgTable('open311_api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The client application, e.g. "FixMyStreet Hà Nội"; reports get the channel `open311:<name>`. */
  name: text('name').notNull(),
  /** Who runs the client (an e-mail or a phone number of the organisation), for the admins. */
  contact: text('contact').notNull().default(''),
  /** Hex SHA-256 of the whole key. */
  keyHash: text('key_hash').notNull(),
  /** The first characters of the key, for display (`o311_AbC1…`). */
  keyPrefix: text('key_prefix').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('open311_api_keys_hash_key').on(t.keyHash),
  index('open311_api_keys_created_idx').on(t.createdAt),
]);
