/**
 * The report lifecycle over HTTP, under /api/v1/reports/:publicId/…: the officials' view and
 * every command (see docs/architecture.md, "Report lifecycle"). Each command is one
 * transaction with its policy, its status check, one timeline/outbox/audit record and the
 * officials' view of the report as the answer.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../platform/http/commonSchemas.js';
import type { ModuleContext } from '../../moduleContext.js';
import { ReportOfficialSchema } from '../presenters.js';
import { findReport } from '../reportRepository.js';
import { authorizeOnReport } from '../reportPolicy.js';
import { requirePrincipal } from './commandRunner.js';
import { registerHandlingCommands } from './handlingCommands.js';
import { registerIntakeCommands } from './intakeCommands.js';
import { officialView } from './officialView.js';
import { registerReporterCommands } from './reporterCommands.js';
import { loadUnitTree, scopeOf } from './reportFacts.js';
import { PublicIdParams } from './schemas.js';

export const reportLifecycleRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  app.get('/:publicId/official', {
    schema: {
      tags: ['reports: handling'],
      summary: 'The officials\' view: reporter contact, every photo (hidden ones marked), internal events (officials of the unit and the units above it, the receiving unit of a transfer, the city admin)',
      security: [{ bearer: [] }], params: PublicIdParams, response: { 200: ReportOfficialSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const report = await findReport(ctx.db, request.params.publicId);
    authorizeOnReport(principal, 'read', scopeOf(report, await loadUnitTree(ctx.db)));
    void reply.header('cache-control', 'no-store');
    return officialView(ctx, ctx.db, report, request.language);
  });

  registerIntakeCommands(app, ctx);
  registerHandlingCommands(app, ctx);
  registerReporterCommands(app, ctx);
};
