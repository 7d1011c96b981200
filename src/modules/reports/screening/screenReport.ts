/**
 * Screening on submit: flags what the intake officer should look at before accepting — a
 * complaint or denunciation (which follows the Law on Complaints / Denunciations, not this
 * channel), state secrets, abuse, spam, or text too short to act on. A flag never blocks the
 * submit: the report is created and the officer decides, with the flag's evidence in front of them.
 *
 * Matching ignores case, and ignores diacritics where the citizen typed without them
 * ("to cao" on a keyboard without Vietnamese input finds "tố cáo"). In a text written with
 * diacritics a word must match the keyword's marks, so "cây to cao" (a tall tree) is not
 * "tố cáo" (a denunciation). A keyword entered without marks matches every spelling.
 */
import type { ScreeningFlag } from '../../../db/schema/index.js';
import { searchableText } from '../../../platform/i18n/searchText.js';

export type KeywordKind = 'complaint_denunciation' | 'state_secret' | 'abuse' | 'spam';
export type FlagKind = KeywordKind | 'too_short';
export const KEYWORD_KINDS: readonly KeywordKind[] = ['complaint_denunciation', 'state_secret', 'abuse', 'spam'];
/** Order of flags in the result (most serious first). */
const FLAG_ORDER: readonly FlagKind[] = ['state_secret', 'complaint_denunciation', 'abuse', 'spam', 'too_short'];

export interface ScreeningKeyword { kind: string; phrase: string }
export interface ScreeningInput { description: string; attributes?: Record<string, unknown> }

/** Below this many letters and digits (after folding) a report is too short to act on. */
export const MIN_MEANINGFUL_CHARACTERS = 20;

const VIETNAMESE_MARKED = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/iu;
const URL = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|xyz|top|online|site|shop|link|click|vip|io|me|ly|vn)(?:\/\S*)?(?=$|[\s,;)!?])/giu;
const REPEATED = /(\S)\1{5,}/u;
/** Vietnamese phone numbers: 0 or +84 then 9 digits, spaces, dots or dashes allowed between. */
const PHONE = /(?:\+84|\b0)(?:[\s.-]?\d){9}\b/u;
/** Words that, next to a phone number, make it an advertisement rather than a report. */
const CALL_TO_ACTION = ['lh', 'liên hệ', 'hotline', 'inbox', 'zalo', 'call', 'gọi ngay', 'nhắn tin'];

interface Word { raw: string; folded: string; marked: boolean }

function wordsOf(text: string): Word[] {
  return text.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)
    .map((raw) => ({ raw, folded: searchableText(raw), marked: VIETNAMESE_MARKED.test(raw) }));
}

/** The phrase's occurrences in the words, as the citizen wrote them. */
function findPhrase(words: Word[], textMarked: boolean, phrase: string): string[] {
  const target = wordsOf(phrase);
  if (target.length === 0) return [];
  const phraseMarked = target.some((w) => w.marked);
  const found: string[] = [];
  for (let i = 0; i + target.length <= words.length; i++) {
    const matches = target.every((t, j) => {
      const w = words[i + j]!;
      if (w.folded !== t.folded) return false;
      return !textMarked || !phraseMarked || w.raw === t.raw;
    });
    if (matches) found.push(words.slice(i, i + target.length).map((w) => w.raw).join(' '));
  }
  return found;
}

function isShouting(text: string): boolean {
  let letters = 0;
  let upper = 0;
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const up = ch.toUpperCase();
    if (lower === up) continue;
    letters++;
    if (ch === up) upper++;
  }
  return letters >= 15 && upper / letters >= 0.8;
}

/** String values of the extra attributes are screened with the description. */
function attributeText(attributes: Record<string, unknown> | undefined): string {
  if (!attributes) return '';
  return Object.values(attributes).flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])).join('\n');
}

export function screenReport(input: ScreeningInput, keywords: readonly ScreeningKeyword[]): ScreeningFlag[] {
  const text = [input.description, attributeText(input.attributes)].filter(Boolean).join('\n');
  const words = wordsOf(text);
  const textMarked = words.some((w) => w.marked);
  const evidence = new Map<FlagKind, string[]>();
  const add = (kind: FlagKind, item: string) => {
    const list = evidence.get(kind) ?? [];
    if (!list.includes(item)) list.push(item);
    evidence.set(kind, list);
  };

  for (const keyword of keywords) {
    if (!(KEYWORD_KINDS as readonly string[]).includes(keyword.kind)) continue;
    for (const match of findPhrase(words, textMarked, keyword.phrase)) add(keyword.kind as KeywordKind, `"${match}"`);
  }

  for (const match of text.match(URL) ?? []) add('spam', `url ${match.slice(0, 80)}`);
  const repeated = REPEATED.exec(text);
  if (repeated) add('spam', `repeated "${repeated[0].slice(0, 20)}"`);
  if (isShouting(input.description)) add('spam', 'all capitals');
  const phone = PHONE.exec(text);
  if (phone) {
    const cta = CALL_TO_ACTION.find((phrase) => findPhrase(words, textMarked, phrase).length > 0);
    if (cta) add('spam', `phone ${phone[0]} with "${cta}"`);
  }

  const meaningful = searchableText(input.description).replace(/[^a-z0-9]/g, '').length;
  if (meaningful < MIN_MEANINGFUL_CHARACTERS) add('too_short', `${meaningful} letters and digits (fewer than ${MIN_MEANINGFUL_CHARACTERS})`);

  return FLAG_ORDER.filter((kind) => evidence.has(kind)).map((kind) => ({ kind, evidence: evidence.get(kind)!.join(', ') }));
}
