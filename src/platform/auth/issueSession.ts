/**
 * Starts a session after any successful sign-in (password, SMS code, VNeID, second factor):
 * one row, one audit entry, the token returned for API clients and set as an httpOnly cookie
 * for the web app. SameSite=Strict plus the Origin check in csrf.ts keep the cookie CSRF-safe.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../db/client.js';
import { recordAudit } from '../audit/auditLog.js';
import { createSession, type SessionLimits } from './sessionStore.js';
import { SESSION_COOKIE } from './sessionCookie.js';

export interface IssuedSession {
  token: string;
  sessionId: string;
  expiresAt: string;
}

export async function issueSession(
  tx: DbOrTx,
  request: FastifyRequest,
  reply: FastifyReply,
  user: { id: string; label: string },
  method: string,
  limits: SessionLimits,
  secureCookie: boolean,
): Promise<IssuedSession> {
  const session = await createSession(tx, user.id, { method, userAgent: request.headers['user-agent'], ip: request.ip }, limits);
  await recordAudit(tx, { ...request.auditContext, actorId: user.id, actorLabel: user.label }, {
    action: 'auth.login', entityType: 'session', entityId: session.sessionId, data: { method },
  });
  const maxAge = Math.floor(limits.absoluteMs / 1000);
  void reply.header('set-cookie', `${SESSION_COOKIE}=${session.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secureCookie ? '; Secure' : ''}`);
  return { token: session.token, sessionId: session.sessionId, expiresAt: session.expiresAt.toISOString() };
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
}
