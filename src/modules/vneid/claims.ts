/**
 * From VNeID claims to the identity we keep. The claim names are in one place, CLAIM_NAMES:
 * `sub`, `name`, `birthdate`, `gender` and `phone_number` are standard OpenID Connect claims;
 * `citizen_id` (the 12-digit personal identification number) is our ASSUMPTION — the real
 * VNeID's name for it comes with the client registration (see docs/vneid.md). Each entry lists
 * the names tried in order, so adding the real one is a one-line change.
 */
import { normalizeVietnameseMobile } from '../accounts/phoneNumbers.js';

export const CLAIM_NAMES = {
  idNumber: ['citizen_id'],
  fullName: ['name'],
  dateOfBirth: ['birthdate'],
  gender: ['gender'],
  phone: ['phone_number'],
} as const;

/** What we seal into users.identity_sealed, the same shape the self-declared identity uses. */
export interface SealedIdentity {
  idNumber: string;
  fullName: string;
  dateOfBirth: string;
  gender: 'male' | 'female';
}

export interface VneidIdentity extends SealedIdentity {
  subject: string;
  /** E.164 (+84…), or null when missing, not a Vietnamese mobile number or marked unverified. */
  phone: string | null;
}

export type ClaimsResult = { ok: true; identity: VneidIdentity } | { ok: false; problems: Array<{ claim: string; problem: 'missing' | 'invalid' }> };

function firstClaim(claims: Record<string, unknown>, names: readonly string[]): { name: string; value: unknown } {
  for (const name of names) {
    const value = claims[name];
    if (value !== undefined && value !== null && value !== '') return { name, value };
  }
  return { name: names[0]!, value: undefined };
}

/** 'YYYY-MM-DD' (OpenID Connect) or 'DD/MM/YYYY' (common in Vietnamese systems) → 'YYYY-MM-DD'. */
export function normalizeBirthdate(value: string): string | null {
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const vn = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2], vn[1]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}`) return null;
  if (date.getTime() > Date.now()) return null;
  return `${y}-${m}-${d}`;
}

/** 'male' / 'female' (OpenID Connect) and the Vietnamese 'Nam' / 'Nữ'. */
export function normalizeGender(value: string): 'male' | 'female' | null {
  const text = value.trim().normalize('NFC').toLowerCase();
  if (['male', 'm', 'nam'].includes(text)) return 'male';
  if (['female', 'f', 'nữ', 'nu'].includes(text)) return 'female';
  return null;
}

export function identityFromClaims(claims: Record<string, unknown> & { sub: string }): ClaimsResult {
  const problems: Array<{ claim: string; problem: 'missing' | 'invalid' }> = [];
  const read = (names: readonly string[], normalize: (text: string) => string | null): string | null => {
    const { name, value } = firstClaim(claims, names);
    if (value === undefined) {
      problems.push({ claim: name, problem: 'missing' });
      return null;
    }
    const normalized = typeof value === 'string' || typeof value === 'number' ? normalize(String(value)) : null;
    if (normalized === null) problems.push({ claim: name, problem: 'invalid' });
    return normalized;
  };

  const idNumber = read(CLAIM_NAMES.idNumber, (t) => {
    const digits = t.replace(/\s/g, '');
    return /^\d{12}$/.test(digits) ? digits : null;
  });
  const fullName = read(CLAIM_NAMES.fullName, (t) => {
    const name = t.normalize('NFC').trim().replace(/\s+/g, ' ');
    return name.length > 0 && name.length <= 200 ? name : null;
  });
  const dateOfBirth = read(CLAIM_NAMES.dateOfBirth, normalizeBirthdate);
  const gender = read(CLAIM_NAMES.gender, normalizeGender) as 'male' | 'female' | null;
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 255) problems.push({ claim: 'sub', problem: 'invalid' });

  // The phone is optional: it only helps find an existing account.
  const phoneClaim = firstClaim(claims, CLAIM_NAMES.phone).value;
  const phone = typeof phoneClaim === 'string' && claims.phone_number_verified !== false ? normalizeVietnameseMobile(phoneClaim) : null;

  if (problems.length > 0 || !idNumber || !fullName || !dateOfBirth || !gender) return { ok: false, problems };
  return { ok: true, identity: { subject: claims.sub, idNumber, fullName, dateOfBirth, gender, phone } };
}
