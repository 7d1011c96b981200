/** Text for matching that ignores case and Vietnamese diacritics: "Đường Láng" → "duong lang". */
import { foldDiacritics } from './foldDiacritics.js';

export function searchableText(text: string): string {
  return foldDiacritics(text).toLowerCase().replace(/\s+/g, ' ').trim();
}
