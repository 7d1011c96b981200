/**
 * An account on an initial password may do nothing but change it: every API route outside
 * `/api/v1/auth/` answers 403 PASSWORD_CHANGE_REQUIRED to it. Left alone: sign-in, sign-out,
 * `/me` and the password change itself (all under /api/v1/auth/), health checks, the API docs
 * and the web app's own files (so the app can show the change-password page).
 *
 * Decided on the matched route pattern, not the raw URL, so no spelling of a path slips past.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors/appError.js';

const ALLOWED_PREFIXES = ['/api/v1/auth/', '/api/docs'];
const ALLOWED_ROUTES = new Set(['/healthz', '/readyz', '/api/openapi.json']);

export function allowedBeforePasswordChange(route: string): boolean {
  if (!route.startsWith('/api/')) return true;
  return ALLOWED_ROUTES.has(route) || ALLOWED_PREFIXES.some((prefix) => route.startsWith(prefix));
}

export const passwordChangeGuard = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', async (request) => {
    if (!request.principal?.mustChangePassword) return;
    const route = request.routeOptions.url;
    // No route: the not-found handler answers, and it reveals nothing.
    if (route === undefined || allowedBeforePasswordChange(route)) return;
    throw new AppError('PASSWORD_CHANGE_REQUIRED');
  });
}, { name: 'password-change-guard', dependencies: ['request-context'] });
