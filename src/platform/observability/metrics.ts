/** Prometheus metrics at GET /metrics: process defaults plus request counts and durations per route. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Registry, Histogram, collectDefaultMetrics } from 'prom-client';
import { AppError } from '../errors/appError.js';

export const metricsPlugin = fp(async (app: FastifyInstance, opts: { token: string }) => {
  // One registry per app instance, so several apps in one test process do not collide.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    // The pattern, not the URL: ids in paths would make unbounded label sets.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ route, method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (opts.token && request.headers.authorization !== `Bearer ${opts.token}`) throw new AppError('UNAUTHENTICATED');
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}, { name: 'metrics' });
