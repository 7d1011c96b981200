/**
 * Identity levels: 0 browsing, 1 phone verified, 2 identity verified (VNeID or ID details).
 * A function declares the level it needs; a caller below it is told how to get there.
 */
import { AppError } from '../errors/appError.js';
import type { Principal } from './principal.js';

export const IDENTITY_LEVELS = { browsing: 0, phoneVerified: 1, identityVerified: 2 } as const;
export type IdentityLevel = 0 | 1 | 2;

const HOW_TO_REACH: Record<1 | 2, { vi: string; en: string; steps: string[] }> = {
  1: {
    vi: 'Chức năng này cần số điện thoại đã xác thực. Hãy đăng nhập bằng số điện thoại và mã OTP.',
    en: 'This needs a verified phone number. Sign in with your phone number and a one-time code.',
    steps: ['POST /api/v1/auth/phone/start', 'POST /api/v1/auth/phone/verify'],
  },
  2: {
    vi: 'Chức năng này cần tài khoản đã định danh. Hãy đăng nhập bằng VNeID hoặc khai báo số CCCD, họ tên, ngày sinh, giới tính.',
    en: 'This needs a verified identity. Sign in with VNeID or enter your citizen ID number, full name, date of birth and gender.',
    steps: ['GET /api/v1/auth/vneid/start', 'PUT /api/v1/me/identity'],
  },
};

export function requireIdentityLevel(principal: Principal | null, needed: IdentityLevel): asserts principal is Principal {
  if (!principal) throw new AppError('UNAUTHENTICATED', { neededLevel: needed });
  if (needed === 0 || principal.identityLevel >= needed) return;
  const how = HOW_TO_REACH[needed];
  throw new AppError('IDENTITY_LEVEL_TOO_LOW', { neededLevel: needed, currentLevel: principal.identityLevel, steps: how.steps }, { vi: how.vi, en: how.en });
}
