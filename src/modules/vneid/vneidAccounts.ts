/**
 * Which account a VNeID identity signs in to, inside the caller's transaction:
 *   1. the account already linked to this VNeID subject;
 *   2. else the signed-in citizen who started the flow (linkUserId);
 *   3. else the citizen whose verified phone is the VNeID phone number — unless that account
 *      is tied to another person (another VNeID subject or another ID number: numbers get
 *      reassigned), in which case a new account is made without the phone;
 *   4. else a new citizen account.
 * The account gets identity level 2 with the identity sealed and the ID number's keyed hash.
 * One ID number belongs to one account: if another account has it, IDENTITY_IN_USE and the
 * caller's transaction rolls back.
 */
import { and, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { recordAudit, type AuditContext } from '../../platform/audit/auditLog.js';
import { maskPhone } from '../../platform/auth/sessionStore.js';
import type { SecretKeys } from '../../platform/crypto/secretKeys.js';
import { keyedHash, seal } from '../../platform/crypto/sealing.js';
import { AppError } from '../../platform/errors/appError.js';
import type { SealedIdentity, VneidIdentity } from './claims.js';

type UserRow = typeof users.$inferSelect;

export interface VneidAccountResult {
  user: UserRow;
  outcome: 'existing' | 'linked' | 'created';
  /** How a link was found. */
  via?: 'signed_in' | 'phone';
}

export interface ResolveOptions {
  linkUserId: string | null;
  keys: SecretKeys;
  audit: AuditContext;
  language: string;
}

export function userLabel(user: Pick<UserRow, 'id' | 'username' | 'phone'>): string {
  return user.username ?? maskPhone(user.phone) ?? user.id;
}

function identityInUse(reason: string): AppError {
  return new AppError('IDENTITY_IN_USE', { reason });
}

export async function resolveVneidAccount(tx: Tx, identity: VneidIdentity, options: ResolveOptions): Promise<VneidAccountResult> {
  const numberHmac = keyedHash(options.keys.key('identity-hmac'), identity.idNumber);
  const sealedValue: SealedIdentity = { idNumber: identity.idNumber, fullName: identity.fullName, dateOfBirth: identity.dateOfBirth, gender: identity.gender };
  const now = new Date();
  const identityColumns = {
    identityLevel: 2,
    identitySealed: seal(options.keys.key('identity-seal'), JSON.stringify(sealedValue)),
    identityNumberHmac: numberHmac,
    identitySource: 'vneid',
    identityVerifiedAt: now,
    vneidSubject: identity.subject,
    updatedAt: now,
  };
  const auditData = { idNumberSuffix: identity.idNumber.slice(-4) };

  let target: UserRow | undefined;
  let outcome: VneidAccountResult['outcome'] = 'created';
  let via: VneidAccountResult['via'];

  const [bySubject] = await tx.select().from(users).where(and(eq(users.vneidSubject, identity.subject), isNull(users.deletedAt))).for('update');
  if (bySubject) {
    if (options.linkUserId && options.linkUserId !== bySubject.id) throw identityInUse('vneid_linked_to_other_account');
    target = bySubject;
    outcome = 'existing';
  } else if (options.linkUserId) {
    const [signedIn] = await tx.select().from(users).where(and(eq(users.id, options.linkUserId), isNull(users.deletedAt))).for('update');
    if (!signedIn) throw new AppError('SIGN_IN_FAILED', { reason: 'link_account_gone' });
    if (signedIn.vneidSubject && signedIn.vneidSubject !== identity.subject) throw identityInUse('account_has_other_vneid');
    target = signedIn;
    outcome = 'linked';
    via = 'signed_in';
  } else if (identity.phone) {
    const [byPhone] = await tx.select().from(users).where(and(
      eq(users.phone, identity.phone), eq(users.kind, 'citizen'), isNotNull(users.phoneVerifiedAt), isNull(users.deletedAt),
    )).for('update');
    const samePerson = byPhone && !byPhone.vneidSubject && (!byPhone.identityNumberHmac || byPhone.identityNumberHmac === numberHmac);
    if (samePerson) {
      target = byPhone;
      outcome = 'linked';
      via = 'phone';
    }
  }
  // Officials sign in with password and second factor; VNeID must not become a way around it.
  if (target && target.kind !== 'citizen') throw new AppError('SIGN_IN_FAILED', { reason: 'official_account' });

  const [holder] = await tx.select({ id: users.id }).from(users)
    .where(target ? and(eq(users.identityNumberHmac, numberHmac), ne(users.id, target.id)) : eq(users.identityNumberHmac, numberHmac))
    .limit(1);
  if (holder) throw identityInUse('id_number_on_other_account');

  if (target) {
    const [updated] = await tx.update(users).set(identityColumns).where(eq(users.id, target.id)).returning();
    const actor = { ...options.audit, actorId: updated!.id, actorLabel: userLabel(updated!) };
    if (outcome === 'linked') {
      await recordAudit(tx, actor, { action: 'auth.vneidLink', entityType: 'user', entityId: updated!.id, data: { ...auditData, via, previousIdentitySource: target.identitySource } });
    } else {
      await recordAudit(tx, actor, { action: 'user.identityRefresh', entityType: 'user', entityId: updated!.id, data: { ...auditData, source: 'vneid' } });
    }
    return { user: updated!, outcome, ...(via ? { via } : {}) };
  }

  // A new citizen. The VNeID phone goes on the account only if no other account has it.
  let phone = identity.phone;
  if (phone) {
    const [phoneTaken] = await tx.select({ id: users.id }).from(users).where(eq(users.phone, phone)).limit(1);
    if (phoneTaken) phone = null;
  }
  const [created] = await tx.insert(users).values({
    kind: 'citizen',
    displayName: identity.fullName,
    phone,
    phoneVerifiedAt: phone ? now : null,
    language: options.language,
    ...identityColumns,
  }).returning();
  await recordAudit(tx, { ...options.audit, actorId: created!.id, actorLabel: userLabel(created!) }, {
    action: 'user.createFromVneid', entityType: 'user', entityId: created!.id, data: { ...auditData, withPhone: phone !== null },
  });
  return { user: created!, outcome: 'created' };
}
