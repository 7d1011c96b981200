/**
 * The screening keywords in `screening_keywords`: seeded once with the defaults, then edited by
 * city admins. Submits read them through a short in-process cache; an edit made here clears it
 * at once, an edit made by another instance shows within CACHE_TTL_MS.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.js';
import { appMeta, screeningKeywords } from '../../../db/schema/index.js';
import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/auditLog.js';
import { DEFAULT_SCREENING_KEYWORDS } from './defaultKeywords.js';
import type { KeywordKind, ScreeningKeyword } from './screenReport.js';

export type KeywordRow = typeof screeningKeywords.$inferSelect;

const SEEDED_KEY = 'screening_keywords_seeded';
const CACHE_TTL_MS = 30_000;
const MAX_KEYWORDS = 5000;

const caches = new WeakMap<Db, { at: number; keywords: ScreeningKeyword[] }>();

/** Lower case, NFC, single spaces: one spelling per phrase, so the unique index means something. */
export function normalizePhrase(phrase: string): string {
  return phrase.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Puts the default list in once per database. A marker in `app_meta` records that it was done,
 * so a phrase an admin deleted does not come back at the next start; running it again (or from
 * two instances at once) changes nothing.
 */
export async function seedDefaultKeywords(db: Db): Promise<{ seeded: number }> {
  return db.transaction(async (tx) => {
    const marker = await tx.insert(appMeta).values({ key: SEEDED_KEY, value: { at: new Date().toISOString() } })
      .onConflictDoNothing().returning({ key: appMeta.key });
    if (marker.length === 0) return { seeded: 0 };
    const rows = Object.entries(DEFAULT_SCREENING_KEYWORDS).flatMap(([kind, phrases]) => phrases.map((phrase) => ({ kind, phrase: normalizePhrase(phrase) })));
    const inserted = await tx.insert(screeningKeywords).values(rows).onConflictDoNothing().returning({ id: screeningKeywords.id });
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'screening.keywords.seed', entityType: 'screening_keywords', entityId: 'defaults', data: { count: inserted.length } });
    return { seeded: inserted.length };
  });
}

export async function listKeywords(db: DbOrTx, kind?: KeywordKind): Promise<KeywordRow[]> {
  const query = db.select().from(screeningKeywords);
  return (kind ? query.where(eq(screeningKeywords.kind, kind)) : query)
    .orderBy(asc(screeningKeywords.kind), asc(screeningKeywords.phrase))
    .limit(MAX_KEYWORDS);
}

/** The keywords for screening a submit (cached). */
export async function activeKeywords(db: Db): Promise<ScreeningKeyword[]> {
  const cached = caches.get(db);
  if (cached && Date.now() - cached.at < CACHE_TTL_MS) return cached.keywords;
  const rows = await listKeywords(db);
  const keywords = rows.map((r) => ({ kind: r.kind, phrase: r.phrase }));
  caches.set(db, { at: Date.now(), keywords });
  return keywords;
}

export function forgetCachedKeywords(db: Db): void {
  caches.delete(db);
}
