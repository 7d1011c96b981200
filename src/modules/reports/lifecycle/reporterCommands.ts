/**
 * What the reporter does after submitting: answer an official's question, withdraw while the
 * report is still waiting, rate the answer (once; it closes the report) or reopen it within
 * the city's window when not satisfied.
 */
import { errorResponses } from '../../../platform/http/commonSchemas.js';
import { AppError } from '../../../platform/errors/appError.js';
import type { ModuleContext } from '../../moduleContext.js';
import { resolveDeadline, type Priority } from '../deadlines.js';
import { ReportOfficialSchema } from '../presenters.js';
import { CLEARED_DEADLINE_FLAGS, requireText, runReportCommand } from './commandRunner.js';
import type { LifecycleApp } from './intakeCommands.js';
import { categoryFacts } from './reportFacts.js';
import { AddInfoBody, PublicIdParams, RateBody, ReasonBody } from './schemas.js';

const security = [{ bearer: [] }];
const response = { 200: ReportOfficialSchema, ...errorResponses(401, 403, 404, 409, 422) };
const MS_PER_DAY = 86_400_000;

/** The end of the reopen window: N calendar days after the answer. */
export function reopenWindowEnd(resolvedAt: Date, windowDays: number): Date {
  return new Date(resolvedAt.getTime() + windowDays * MS_PER_DAY);
}

export function registerReporterCommands(app: LifecycleApp, ctx: ModuleContext): void {
  const settings = ctx.city.settings;

  app.post('/:publicId/add-info', {
    schema: {
      tags: ['reports: reporter'], summary: 'Answer the information an official asked for (the reporter; text here, photos through the submit API)',
      security, params: PublicIdParams, body: AddInfoBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'addInfo', publicId: request.params.publicId, fingerprint: request.body,
    run: async ({ report }) => {
      const text = requireText(request.body.text, 'body.text', request);
      if (!report.infoRequested) throw new AppError('INFO_NOT_REQUESTED');
      return { set: { infoRequested: false }, change: { type: 'info_added', actorRole: 'reporter', message: text } };
    },
  }));

  app.post('/:publicId/withdraw', {
    schema: {
      tags: ['reports: reporter'], summary: 'Withdraw my report while nobody has accepted it yet (the reporter)',
      security, params: PublicIdParams, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'withdraw', publicId: request.params.publicId, fingerprint: null,
    run: async () => ({
      set: { status: 'withdrawn', pendingTransferUnitId: null, infoRequested: false, ...CLEARED_DEADLINE_FLAGS },
      change: { type: 'withdrawn', actorRole: 'reporter' },
    }),
  }));

  app.post('/:publicId/rate', {
    schema: {
      tags: ['reports: reporter'], summary: 'Rate the answer (hài lòng / chấp nhận được / không hài lòng), once; this closes the report (the reporter)',
      security, params: PublicIdParams, body: RateBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'rate', publicId: request.params.publicId, fingerprint: request.body,
    // A report rated once is closed; asking again is "already done", not "wrong status".
    precheck: (report) => { if (report.rating !== null) throw new AppError('ALREADY_DONE', { rating: report.rating }); },
    run: async ({ now }) => {
      const comment = request.body.comment?.trim() || null;
      return {
        set: { status: 'closed', rating: request.body.rating, ratingComment: comment, ratedAt: now, closedAt: now },
        change: { type: 'rated', actorRole: 'reporter', message: comment, data: { rating: request.body.rating } },
      };
    },
  }));

  app.post('/:publicId/reopen', {
    schema: {
      tags: ['reports: reporter'],
      summary: `Reopen an answered report, with a reason, within the city's window (Hanoi: ${settings.reports.reopenWindowDays} days); after it: 409 REOPEN_WINDOW_CLOSED (the reporter)`,
      security, params: PublicIdParams, body: ReasonBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'reopen', publicId: request.params.publicId, fingerprint: request.body,
    run: async ({ tx, report, now }) => {
      const reason = requireText(request.body.reason, 'body.reason', request);
      const windowEnd = reopenWindowEnd(report.resolvedAt ?? now, settings.reports.reopenWindowDays);
      if (now.getTime() > windowEnd.getTime()) {
        throw new AppError('REOPEN_WINDOW_CLOSED', { resolvedAt: report.resolvedAt?.toISOString() ?? null, windowDays: settings.reports.reopenWindowDays, windowEnd: windowEnd.toISOString() });
      }
      const category = await categoryFacts(tx, report.categoryId);
      const resolveBy = resolveDeadline(ctx.calendar.current(), now, category, report.priority as Priority, settings);
      return {
        // The earlier answer stays on the timeline; the report shows no answer until the next one.
        set: { status: 'in_progress', reopenCount: report.reopenCount + 1, resolveBy, resolvedAt: null, answerText: null, ...CLEARED_DEADLINE_FLAGS },
        change: { type: 'reopened', actorRole: 'reporter', message: reason, data: { reopenCount: report.reopenCount + 1, resolveBy: resolveBy.toISOString() } },
      };
    },
  }));
}
