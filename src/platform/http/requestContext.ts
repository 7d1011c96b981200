/**
 * Per-request facts every module needs: the language, the caller (from a bearer token or the
 * session cookie) and the audit context built from both.
 *
 * CSRF: a cookie is sent by the browser on its own, so a state-changing request authenticated
 * by the cookie must come from our own origin (Origin, else Referer, must match PUBLIC_BASE_URL
 * or the Host). Bearer tokens are never sent implicitly and need no such check.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.js';
import type { AuditContext } from '../audit/auditLog.js';
import type { Principal } from '../auth/principal.js';
import { sessionTokenOf, type TokenSource } from '../auth/sessionCookie.js';
import { resolveSession, type SessionLimits } from '../auth/sessionStore.js';
import { AppError } from '../errors/appError.js';
import { pickLanguage, type Language } from '../i18n/language.js';

declare module 'fastify' {
  interface FastifyRequest {
    language: Language;
    principal: Principal | null;
    /** How the caller proved who they are, when they did. */
    tokenSource: TokenSource | null;
    auditContext: AuditContext;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameOrigin(request: FastifyRequest, publicBaseUrl: string): boolean {
  const source = request.headers.origin ?? request.headers.referer;
  if (!source) return false;
  let origin: string;
  try {
    origin = new URL(source).origin;
  } catch {
    return false;
  }
  const allowed = new Set([new URL(publicBaseUrl).origin]);
  if (request.headers.host) allowed.add(`${request.protocol}://${request.headers.host}`);
  return allowed.has(origin);
}

export const requestContextPlugin = fp(async (app: FastifyInstance, opts: { db: Db; limits: SessionLimits; publicBaseUrl: string }) => {
  app.decorateRequest('language', 'vi');
  app.decorateRequest('principal', null);
  app.decorateRequest('tokenSource', null);
  app.decorateRequest('auditContext', null as unknown as AuditContext);

  app.addHook('onRequest', async (request) => {
    request.language = pickLanguage((request.query as { lang?: unknown } | undefined)?.lang, request.headers['accept-language']);
    const found = sessionTokenOf(request);
    request.principal = found ? await resolveSession(opts.db, found.token, opts.limits) : null;
    request.tokenSource = request.principal && found ? found.source : null;
    request.auditContext = {
      actorId: request.principal?.userId ?? null,
      actorLabel: request.principal?.label ?? 'anonymous',
      requestId: request.id,
      ip: request.ip,
    };
    if (request.tokenSource === 'cookie' && !SAFE_METHODS.has(request.method) && !sameOrigin(request, opts.publicBaseUrl)) {
      throw new AppError('FORBIDDEN', { reason: 'cross_site_request' });
    }
  });
}, { name: 'request-context' });
