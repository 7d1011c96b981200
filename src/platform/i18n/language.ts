/** The two languages every user-facing string exists in, and how a request picks one. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

/**
 * `?lang=` wins, then the first supported tag in Accept-Language (q-values respected), then Vietnamese.
 */
export function pickLanguage(queryLang: unknown, acceptLanguage: string | undefined): Language {
  if (queryLang === 'vi' || queryLang === 'en') return queryLang;
  if (!acceptLanguage) return DEFAULT_LANGUAGE;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { base, q } of ranked) {
    if (q > 0 && (base === 'vi' || base === 'en')) return base;
  }
  return DEFAULT_LANGUAGE;
}

/** Picks the field for the language from a `{ nameVi, nameEn }`-style pair. */
export function localized(lang: Language, vi: string, en: string): string {
  return lang === 'en' ? en : vi;
}
