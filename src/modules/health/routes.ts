/** Liveness (the process answers) and readiness (the database answers). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModuleContext } from '../moduleContext.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses } from '../../platform/http/commonSchemas.js';

const Status = Type.Object({ status: Type.String(), city: Type.String() });

export const healthRoutes: FastifyPluginAsyncTypebox<ModuleContext & { ping: () => Promise<void> }> = async (app, ctx) => {
  app.get('/healthz', { schema: { tags: ['health'], response: { 200: Status } } }, async () => ({ status: 'ok', city: ctx.city.settings.code }));

  app.get('/readyz', { schema: { tags: ['health'], response: { 200: Status, ...errorResponses(503) } } }, async (request) => {
    try {
      await ctx.ping();
    } catch (err) {
      request.log.warn({ err }, 'database not reachable');
      throw new AppError('SERVICE_UNAVAILABLE', { database: 'unreachable' });
    }
    return { status: 'ready', city: ctx.city.settings.code };
  });
};
