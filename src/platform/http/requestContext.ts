/**
 * Per-request facts every module needs: the language, the caller (from a bearer token or the
 * session cookie) and the audit context built from both.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.js';
import type { AuditContext } from '../audit/auditLog.js';
import type { Principal } from '../auth/principal.js';
import { resolveSession } from '../auth/sessionStore.js';
import { pickLanguage, type Language } from '../i18n/language.js';

export const SESSION_COOKIE = 'cds_session';

declare module 'fastify' {
  interface FastifyRequest {
    language: Language;
    principal: Principal | null;
    auditContext: AuditContext;
  }
}

function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  const cookies = request.headers.cookie;
  if (!cookies) return null;
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export const requestContextPlugin = fp(async (app: FastifyInstance, opts: { db: Db }) => {
  app.decorateRequest('language', 'vi');
  app.decorateRequest('principal', null);
  app.decorateRequest('auditContext', null as unknown as AuditContext);

  app.addHook('onRequest', async (request) => {
    request.language = pickLanguage((request.query as { lang?: unknown } | undefined)?.lang, request.headers['accept-language']);
    const token = tokenOf(request);
    request.principal = token ? await resolveSession(opts.db, token) : null;
    request.auditContext = {
      actorId: request.principal?.userId ?? null,
      actorLabel: request.principal?.label ?? 'anonymous',
      requestId: request.id,
      ip: request.ip,
    };
  });
}, { name: 'request-context' });
