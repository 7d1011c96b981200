/**
 * Builds the Fastify app: external plugins → platform plugins → modules → the web app.
 * Opening the database, migrating and loading reference data happen here too, so a test gets
 * the same app the server runs.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppConfig } from './config.js';
import { loadCityPack } from './cities/cityPack.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import { loadReferenceData } from './db/seed/loadReferenceData.js';
import { AppError } from './platform/errors/appError.js';
import { errorHandlerPlugin } from './platform/errors/errorHandler.js';
import { requestContextPlugin } from './platform/http/requestContext.js';
import { validatorCompiler } from './platform/http/validators.js';
import { adminIpAllowlistPlugin } from './platform/http/adminIpAllowlist.js';
import { overloadPlugin } from './platform/http/overload.js';
import { metricsPlugin } from './platform/observability/metrics.js';
import { openApiPlugin } from './platform/openapi/openapi.js';
import { webAppPlugin } from './platform/web/webApp.js';
import { loadSecretKeys } from './platform/crypto/secretKeys.js';
import { ConsoleSmsSender, HttpSmsSender } from './platform/sms/smsSender.js';
import { LocalDiskStorage } from './platform/media/mediaStorage.js';
import type { ModuleContext } from './modules/moduleContext.js';
import { AreaService } from './modules/areas/areaService.js';
import { CalendarService } from './modules/calendar/calendarService.js';
import { ensureDemoAccounts } from './modules/accounts/demoAccounts.js';
import { healthRoutes } from './modules/health/routes.js';
import { passwordLoginRoutes } from './modules/accounts/passwordLogin.js';
import { sessionRoutes } from './modules/accounts/sessionRoutes.js';
import { officialRoutes } from './modules/officials/routes.js';
import { passwordChangeGuard } from './modules/officials/passwordChangeGuard.js';
import { phoneLoginRoutes } from './modules/accounts/phoneLogin.js';
import { profileRoutes } from './modules/accounts/profileRoutes.js';
import { devtoolsRoutes } from './modules/devtools/routes.js';
import { unitRoutes } from './modules/units/routes.js';
import { areaRoutes } from './modules/areas/routes.js';
import { categoryRoutes } from './modules/categories/routes.js';
import { routingRuleRoutes } from './modules/routing/routes.js';
import { calendarRoutes } from './modules/calendar/routes.js';
import { auditRoutes } from './modules/audit/routes.js';
import { vneidRoutes } from './modules/vneid/routes.js';
import { reportSubmitRoutes } from './modules/reports/submit/routes.js';
import { screeningRoutes } from './modules/reports/screening/routes.js';
import { reportLifecycleRoutes } from './modules/reports/lifecycle/routes.js';
import { queueRoutes } from './modules/reports/queues/routes.js';
import { deadlineSweepRoutes } from './modules/reports/deadlineSweep/routes.js';
import { scheduleDeadlineSweep } from './modules/reports/deadlineSweep/sweepTimer.js';
import { publicReportRoutes } from './modules/reports/public/routes.js';
import { categoryClassifierPlugin } from './modules/reports/classifier/classifierPlugin.js';
import { open311Routes } from './modules/open311/routes.js';
import { open311KeyRoutes } from './modules/open311/keyRoutes.js';

export interface BuildAppOptions {
  config: AppConfig;
  /** An already opened database (tests); otherwise one is opened from the config and closed with the app. */
  database?: DatabaseHandle;
}

export type App = FastifyInstance;

export async function buildApp({ config, database }: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: () => randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);

  const handle = database ?? await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: config.dataDir });
  if (!database) app.addHook('onClose', async () => handle.close());
  await migrateDatabase(handle);
  const city = loadCityPack(config.city);
  const seeded = await loadReferenceData(handle.db, city);
  if (seeded.loaded) app.log.info(seeded, 'reference data loaded');

  const context: ModuleContext = {
    db: handle.db,
    config,
    city,
    areas: await AreaService.load(handle.db),
    calendar: await CalendarService.load(handle.db, city.settings),
    keys: loadSecretKeys({ secretKey: config.secretKey, dataDir: config.dataDir, production: config.nodeEnv === 'production' }),
    sessionLimits: { idleMs: config.sessionIdleMinutes * 60_000, absoluteMs: config.sessionAbsoluteHours * 3_600_000 },
    secureCookies: config.publicBaseUrl.startsWith('https://'),
    media: new LocalDiskStorage(join(config.dataDir, 'media')),
    sms: config.smsMode === 'http' ? new HttpSmsSender(config.smsGatewayUrl!, config.smsGatewayKey!) : new ConsoleSmsSender(app.log),
  };
  if (config.demoMode) await ensureDemoAccounts(context, app.log);

  // External and platform plugins.
  await app.register(errorHandlerPlugin);
  // First hook of every request: beyond capacity, 503 + Retry-After before any work is done.
  await app.register(overloadPlugin, {
    maxEventLoopDelayMs: config.overloadMaxEventLoopDelayMs,
    maxHeapUsedBytes: config.overloadMaxHeapMb * 1024 * 1024,
    maxRssBytes: config.overloadMaxRssMb * 1024 * 1024,
    retryAfterSeconds: config.overloadRetryAfterSeconds,
  });
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, ctx) => new AppError('RATE_LIMITED', { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }),
  });
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 20 } });
  await app.register(requestContextPlugin, { db: handle.db, limits: context.sessionLimits, publicBaseUrl: config.publicBaseUrl });
  await app.register(passwordChangeGuard);
  await app.register(adminIpAllowlistPlugin, { allowlist: config.adminIpAllowlist });
  await app.register(openApiPlugin);
  await app.register(metricsPlugin, { token: config.metricsToken });
  app.addHook('onSend', async (request, reply) => { void reply.header('x-request-id', request.id); });

  // Modules.
  await app.register(healthRoutes, { ...context, ping: () => handle.ping() });
  await app.register(passwordLoginRoutes, { ...context, prefix: '/api/v1/auth' });
  await app.register(sessionRoutes, { ...context, prefix: '/api/v1/auth' });
  await app.register(officialRoutes, { ...context, prefix: '/api/v1/officials' });
  await app.register(phoneLoginRoutes, { ...context, prefix: '/api/v1/auth' });
  await app.register(profileRoutes, { ...context, prefix: '/api/v1/me' });
  if (context.sms instanceof ConsoleSmsSender && config.nodeEnv !== 'production') {
    await app.register(devtoolsRoutes, { ...context, inbox: context.sms });
  }
  await app.register(unitRoutes, { ...context, prefix: '/api/v1/units' });
  await app.register(areaRoutes, { ...context, prefix: '/api/v1/areas' });
  await app.register(categoryRoutes, { ...context, prefix: '/api/v1/categories' });
  await app.register(routingRuleRoutes, { ...context, prefix: '/api/v1/routing-rules' });
  await app.register(calendarRoutes, { ...context, prefix: '/api/v1/calendar' });
  await app.register(auditRoutes, { ...context, prefix: '/api/v1/audit' });
  // Field reports: the citizen's submit, nearby check and support; the screening keyword list.
  await app.register(reportSubmitRoutes, { ...context, prefix: '/api/v1/reports' });
  await app.register(screeningRoutes, { ...context, prefix: '/api/v1/screening' });
  // Field reports: the officials' side (lifecycle commands, unit queues, the deadline sweep).
  await app.register(reportLifecycleRoutes, { ...context, prefix: '/api/v1/reports' });
  await app.register(queueRoutes, { ...context, prefix: '/api/v1/queues' });
  await app.register(deadlineSweepRoutes, { ...context, prefix: '/api/v1/admin' });
  if (config.nodeEnv !== 'test') scheduleDeadlineSweep(app, context);
  // Field reports: the public feed, map, report pages and media; the citizen's own list; the category classifier.
  await app.register(publicReportRoutes, { ...context, prefix: '/api/v1' });
  await app.register(categoryClassifierPlugin, context);
  // Open311 GeoReport v2 for existing civic apps (its own error format inside /open311/v2), and the admins' API keys for it.
  await app.register(open311Routes, { ...context, prefix: '/open311/v2' });
  await app.register(open311KeyRoutes, { ...context, prefix: '/api/v1/open311' });
  // VNeID sign-in; with VNEID_MODE=local it also runs the bundled stand-in provider (started on listen or first use, stopped on close).
  await app.register(vneidRoutes, { ...context, prefix: '/api/v1/auth/vneid' });

  if (config.serveWeb) await app.register(webAppPlugin);
  return app;
}
