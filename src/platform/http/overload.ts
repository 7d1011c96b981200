/**
 * Load shedding. Beyond capacity the server answers at once with 503 SERVICE_UNAVAILABLE and a
 * `Retry-After` header instead of queueing requests until every one of them times out.
 *
 * `@fastify/under-pressure` samples the process (mean event-loop delay, V8 heap in use, RSS) once
 * per `sampleIntervalMs`; while a sample is over its threshold every request is refused in the
 * first `onRequest` hook — before the session lookup, the rate limiter and any body is read.
 * Exceptions: `/healthz` (the process is alive; an orchestrator must not kill a busy server) and
 * `/metrics` (operators need to see the overload). `/readyz` reports the pressure with its 503,
 * so a load balancer sends traffic to other instances until the pressure is gone.
 *
 * Start-up (migrations, loading reference data, compiling schemas) keeps the event loop busy for
 * seconds, and the first samples would count it: shedding is armed only two sample intervals after
 * the app is ready, so a freshly started server does not refuse its first requests.
 *
 * A threshold of 0 turns that check off.
 */
import fp from 'fastify-plugin';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/appError.js';
import { pickLanguage } from '../i18n/language.js';

export interface OverloadOptions {
  /** Mean event-loop delay in milliseconds over one sample; 0 = no check. */
  maxEventLoopDelayMs: number;
  /** V8 heap in use, in bytes; 0 = no check. */
  maxHeapUsedBytes: number;
  /** Resident set size of the process, in bytes; 0 = no check. */
  maxRssBytes: number;
  /** Sent as `Retry-After` with every 503. */
  retryAfterSeconds: number;
  /** How often the process is sampled (default 1000 ms). */
  sampleIntervalMs?: number;
  /** Routes never refused (default `/healthz` and `/metrics`). */
  exemptRoutes?: readonly string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** True while requests are being refused with 503 (armed and over a threshold). */
    isShedding(): boolean;
  }
}

const DEFAULT_EXEMPT = ['/healthz', '/metrics'];
/** At most one warning per this many milliseconds while shedding, so the log is not flooded. */
const WARN_EVERY_MS = 10_000;

export const overloadPlugin = fp(async (app: FastifyInstance, opts: OverloadOptions) => {
  const exempt = new Set(opts.exemptRoutes ?? DEFAULT_EXEMPT);
  const sampleIntervalMs = opts.sampleIntervalMs ?? 1000;
  let armed = false;
  let arming: NodeJS.Timeout | undefined;
  let lastWarning = 0;
  let shedSinceWarning = 0;

  const pressureHandler = (request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined): Promise<void> | undefined => {
    if (!armed || (request.routeOptions.url !== undefined && exempt.has(request.routeOptions.url))) return undefined; // let it through
    shedSinceWarning += 1;
    const now = Date.now();
    if (now - lastWarning >= WARN_EVERY_MS) {
      request.log.warn({ pressure: type, value, shed: shedSinceWarning }, 'overloaded: refusing requests with 503');
      lastWarning = now;
      shedSinceWarning = 0;
    }
    // This hook runs before the request-context hook, so pick the language of the message here.
    request.language = pickLanguage((request.query as { lang?: unknown } | undefined)?.lang, request.headers['accept-language']);
    void reply.header('retry-after', String(opts.retryAfterSeconds));
    // A rejection goes through the error handler: the usual `{ error: { code, message, details } }`.
    return Promise.reject(new AppError('SERVICE_UNAVAILABLE', { reason: 'overloaded', pressure: type, retryAfterSeconds: opts.retryAfterSeconds }));
  };

  await app.register(underPressure, {
    maxEventLoopDelay: opts.maxEventLoopDelayMs,
    maxHeapUsedBytes: opts.maxHeapUsedBytes,
    maxRssBytes: opts.maxRssBytes,
    retryAfter: opts.retryAfterSeconds,
    sampleInterval: sampleIntervalMs,
    pressureHandler,
  });
  app.decorate('isShedding', () => armed && app.isUnderPressure());
  app.addHook('onReady', async () => {
    arming = setTimeout(() => { armed = true; }, 2 * sampleIntervalMs);
    arming.unref();
  });
  app.addHook('onClose', async () => { clearTimeout(arming); });
}, { name: 'overload', dependencies: ['error-handler'] });
