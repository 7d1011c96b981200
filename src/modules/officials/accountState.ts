/**
 * Account facts shared by sign-in (accounts module) and official management: one-time challenge
 * tokens, the disabled state, the password rule and the sealed TOTP secret.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { authChallenges, users } from '../../db/schema/index.js';
import { seal, unseal } from '../../platform/crypto/sealing.js';
import type { SecretKeys } from '../../platform/crypto/secretKeys.js';
import type { FieldProblem } from '../../platform/errors/appError.js';
import type { Language } from '../../platform/i18n/language.js';

export type UserRow = typeof users.$inferSelect;
export type ChallengeRow = typeof authChallenges.$inferSelect;

/** Second step after an official's password: 5 minutes, 5 tries. */
export const TOTP_CHALLENGE_PURPOSE = 'totp_login';
export const TOTP_CHALLENGE_TTL_MS = 5 * 60_000;
export const TOTP_CHALLENGE_MAX_ATTEMPTS = 5;
/** An invitation to choose a password: 72 hours, used once. */
export const INVITE_PURPOSE = 'invite';
export const INVITE_TTL_MS = 72 * 3_600_000;

export const MIN_PASSWORD_LENGTH = 10;

/** A disabled account (users.disabled_at set) cannot sign in; its sessions and challenges are gone. */
export function isDisabled(user: Pick<UserRow, 'disabledAt'>): boolean {
  return user.disabledAt !== null;
}

/** A fresh unguessable token (256 bits) for a link or a sign-in step. */
export function newChallengeToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored: a stolen table opens nothing. */
export function hashChallengeToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createChallenge(
  tx: DbOrTx,
  options: { purpose: string; userId: string; ttlMs: number; ip?: string | null },
): Promise<{ token: string; challengeId: string; expiresAt: Date }> {
  const token = newChallengeToken();
  const expiresAt = new Date(Date.now() + options.ttlMs);
  const [row] = await tx.insert(authChallenges).values({
    purpose: options.purpose, userId: options.userId, secretHash: hashChallengeToken(token), expiresAt, ip: options.ip ?? null,
  }).returning({ id: authChallenges.id });
  return { token, challengeId: row!.id, expiresAt };
}

/**
 * The unexpired, unused challenge a token stands for (locked for update inside a transaction),
 * or undefined. Attempts are not checked here: the caller says what running out means.
 */
export async function findLiveChallenge(tx: DbOrTx, token: string, purpose: string): Promise<ChallengeRow | undefined> {
  const [row] = await tx.select().from(authChallenges).where(and(
    eq(authChallenges.secretHash, hashChallengeToken(token)),
    eq(authChallenges.purpose, purpose),
    isNull(authChallenges.consumedAt),
    gt(authChallenges.expiresAt, new Date()),
  )).limit(1).for('update');
  return row;
}

/** Ends every open challenge of a user for a purpose (e.g. on disable or a 2FA reset). */
export async function consumeChallenges(tx: DbOrTx, userId: string, purposes: string[]): Promise<void> {
  for (const purpose of purposes) {
    await tx.update(authChallenges).set({ consumedAt: new Date() })
      .where(and(eq(authChallenges.userId, userId), eq(authChallenges.purpose, purpose), isNull(authChallenges.consumedAt)));
  }
}

/**
 * The password rule beyond length (checked by the schema): not the username, not the password
 * being replaced. Returns the problems for `field`, empty when the password is acceptable.
 */
export function passwordProblems(field: string, password: string, username: string | null, language: Language, sameAsCurrent = false): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push({ field, message: language === 'en' ? `must be at least ${MIN_PASSWORD_LENGTH} characters` : `cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự` });
  }
  if (username && password.trim().toLowerCase() === username.toLowerCase()) {
    problems.push({ field, message: language === 'en' ? 'must not be the username' : 'không được trùng tên đăng nhập' });
  }
  if (sameAsCurrent) {
    problems.push({ field, message: language === 'en' ? 'must differ from the current password' : 'phải khác mật khẩu hiện tại' });
  }
  return problems;
}

/** An initial password a person can type: 4 groups of 4 from an alphabet without look-alikes. */
export function randomInitialPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += alphabet[randomInt(alphabet.length)];
  }
  return out;
}

export function sealTotpSecret(keys: SecretKeys, secret: string): string {
  return seal(keys.key('totp-seal'), secret);
}

export function unsealTotpSecret(keys: SecretKeys, sealed: string): string {
  return unseal(keys.key('totp-seal'), sealed);
}
