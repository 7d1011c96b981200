/** POST /api/v1/admin/sweep-deadlines: the city admin runs the deadline sweep now. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/auditLog.js';
import { authorizeScoped } from '../../../platform/auth/policies.js';
import { errorResponses } from '../../../platform/http/commonSchemas.js';
import type { ModuleContext } from '../../moduleContext.js';
import { canRunDeadlineSweep } from '../reportPolicy.js';
import { sweepDeadlines } from './sweepDeadlines.js';

const SweepResult = Type.Object({
  ranAt: Type.String({ description: 'UTC instant used as "now"' }),
  overdue: Type.Integer({ description: 'Reports newly marked overdue' }),
  dueSoon: Type.Integer({ description: 'Reports newly marked due soon' }),
  escalated: Type.Integer({ description: 'Overdue reports escalated to the parent unit' }),
  autoClosed: Type.Integer({ description: 'Answered reports closed for want of a rating' }),
});

export const deadlineSweepRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  app.post('/sweep-deadlines', {
    config: { admin: true },
    schema: {
      tags: ['admin'], summary: 'Run the deadline sweep now (it also runs every minute): due soon, overdue, escalation, auto-close (city admin)',
      security: [{ bearer: [] }], response: { 200: SweepResult, ...errorResponses(401, 403) },
    },
  }, async (request) => {
    authorizeScoped(request.principal, canRunDeadlineSweep(request.principal), 'reports.sweepDeadlines');
    const now = new Date();
    // The marks are the system's doing, as on the timer; the run itself is the admin's.
    const result = await sweepDeadlines(ctx, now, { audit: { ...SYSTEM_ACTOR, requestId: request.id, ip: request.ip } });
    await ctx.db.transaction((tx) => recordAudit(tx, request.auditContext, {
      action: 'reports.sweepDeadlines', entityType: 'report', entityId: '*', data: { ...result, now: now.toISOString() },
    }));
    return { ranAt: now.toISOString(), ...result };
  });
};
