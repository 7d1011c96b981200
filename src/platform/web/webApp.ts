/**
 * Serves the built web app (web/dist) at `/`. Paths that are not files get index.html, so the
 * app's own router handles deep links such as /reports/PA-2026-000123.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const webDistDir = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export const webAppPlugin = fp(async (app: FastifyInstance) => {
  if (!existsSync(`${webDistDir}index.html`)) {
    app.log.warn(`web app not built (${webDistDir} is missing): run npm run build:web`);
    return;
  }
  await app.register(fastifyStatic, { root: webDistDir, wildcard: false, index: 'index.html' });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path.startsWith('/open311/') || path.includes('.')) {
      return reply.callNotFound();
    }
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
}, { name: 'web-app' });
