/**
 * Folds text for accent-insensitive matching: "Đường" and "duong" both become "duong".
 * NFD splits each letter from its combining marks (tones, hats, horns), which are then dropped;
 * đ/Đ is a letter of its own, not a letter plus a mark, so it is mapped by hand.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every word of the query must appear somewhere in the folded haystack. */
export function matchesQuery(foldedHaystack: string, foldedQuery: string): boolean {
  if (foldedQuery === '') return true;
  return foldedQuery.split(' ').every((word) => foldedHaystack.includes(word));
}
