/**
 * Text → features for the category classifier: the text is folded like the search column
 * (lower case, no Vietnamese diacritics, đ → d), so "ổ gà" and "o ga" are the same; then
 * syllable unigrams (without a few function words) and syllable bigrams. Vietnamese words are
 * mostly two syllables ("đèn đường", "ngập úng"), so bigrams carry most of the meaning.
 */
import { searchableText } from '../../../platform/i18n/searchText.js';

/**
 * Folded function words dropped from the unigrams (bigrams keep them: "o ga" is "ổ gà").
 * Ambiguous foldings that also carry meaning stay in: "den" is both "đèn" (lamp) and "đến" (to).
 */
const STOPWORDS = new Set([
  'va', 'la', 'cua', 'co', 'bi', 'thi', 'ma', 'rat', 'da', 'dang', 'nay', 'cac', 'nhung', 'mot', 'duoc', 'cho',
  'khong', 'roi', 'qua', 'voi', 'tai', 'tu', 'ra', 'vao', 'o', 'lam', 'hay', 'hoac', 'nhu', 'ca', 'cung', 'van',
  'se', 'can', 'de', 'nghi', 'toi', 'em', 'anh', 'chi', 'xin', 'gi', 'ai', 'nao', 'khi', 'luc', 'ngay',
]);

export function tokensOf(text: string): string[] {
  return searchableText(text).split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}

export function featuresOf(text: string): string[] {
  const tokens = tokensOf(text);
  const features: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!STOPWORDS.has(token)) features.push(token);
    if (i + 1 < tokens.length) features.push(`${token}_${tokens[i + 1]!}`);
  }
  return features;
}
