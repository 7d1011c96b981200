/**
 * The intake desk's commands: accept (priority → resolve-by), reject (legal reason), transfer
 * to another unit and the receiving unit's answer, ask the citizen for more information, merge
 * a duplicate into the report it repeats.
 */
import { count, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { reports, reportSupporters } from '../../../db/schema/index.js';
import { AppError } from '../../../platform/errors/appError.js';
import { errorResponses } from '../../../platform/http/commonSchemas.js';
import type { ModuleContext } from '../../moduleContext.js';
import { findUnit } from '../../units/index.js';
import { acceptDeadline, resolveDeadline, type Priority } from '../deadlines.js';
import { ReportOfficialSchema } from '../presenters.js';
import { findReport } from '../reportRepository.js';
import { authorizeOnReport } from '../reportPolicy.js';
import { ALLOWED_FROM } from '../reportStatus.js';
import { CLEARED_DEADLINE_FLAGS, requireText, runReportCommand } from './commandRunner.js';
import { REJECT_REASONS } from './rejectReasons.js';
import { categoryFacts, scopeOf } from './reportFacts.js';
import {
  AcceptBody, MergeBody, PublicIdParams, ReasonBody, RejectBody, RequestInfoBody, TransferBody,
} from './schemas.js';

export type LifecycleApp = Parameters<FastifyPluginAsyncTypebox<ModuleContext>>[0];

const security = [{ bearer: [] }];
const response = { 200: ReportOfficialSchema, ...errorResponses(401, 403, 404, 409, 422) };

export function registerIntakeCommands(app: LifecycleApp, ctx: ModuleContext): void {
  const settings = ctx.city.settings;

  app.post('/:publicId/accept', {
    schema: {
      tags: ['reports: handling'], summary: 'Accept a submitted report with a priority; the resolve-by deadline follows in working time (intake, supervisor)',
      security, params: PublicIdParams, body: AcceptBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'accept', publicId: request.params.publicId, fingerprint: request.body,
    run: async ({ tx, report, now }) => {
      const priority = request.body.priority as Priority;
      const category = await categoryFacts(tx, report.categoryId);
      const resolveBy = resolveDeadline(ctx.calendar.current(), now, category, priority, settings);
      return {
        set: { status: 'accepted', priority, acceptedAt: now, resolveBy, ...CLEARED_DEADLINE_FLAGS },
        change: { type: 'accepted', actorRole: 'official', data: { priority, resolveBy: resolveBy.toISOString() } },
      };
    },
  }));

  app.post('/:publicId/reject', {
    schema: {
      tags: ['reports: handling'], summary: 'Refuse a report with a legal reason the citizen reads (intake, supervisor)',
      security, params: PublicIdParams, body: RejectBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'reject', publicId: request.params.publicId, fingerprint: request.body,
    run: async () => {
      const { reasonCode } = request.body;
      const reasonText = requireText(request.body.reasonText, 'body.reasonText', request);
      return {
        set: { status: 'rejected', rejectReason: reasonCode, pendingTransferUnitId: null, infoRequested: false, ...CLEARED_DEADLINE_FLAGS },
        change: {
          type: 'rejected', actorRole: 'official', message: reasonText,
          data: { reasonCode, legalBasisVi: REJECT_REASONS[reasonCode].vi, legalBasisEn: REJECT_REASONS[reasonCode].en },
        },
      };
    },
  }));

  app.post('/:publicId/transfer', {
    schema: {
      tags: ['reports: handling'], summary: 'Ask another unit to take the report over; it stays here until that unit accepts (intake, supervisor)',
      security, params: PublicIdParams, body: TransferBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'transfer', publicId: request.params.publicId, fingerprint: request.body,
    run: async ({ tx, report }) => {
      const reason = requireText(request.body.reason, 'body.reason', request);
      if (report.pendingTransferUnitId) throw new AppError('TRANSFER_PENDING', { pendingTransferUnitId: report.pendingTransferUnitId });
      const unit = await findUnit(tx, request.body.unitCode);
      const en = request.language === 'en';
      if (!unit || !unit.active) {
        throw AppError.validation([{ field: 'body.unitCode', message: en ? `no active unit ${request.body.unitCode}` : `không có đơn vị ${request.body.unitCode} đang hoạt động` }]);
      }
      if (unit.id === report.assignedUnitId) {
        throw AppError.validation([{ field: 'body.unitCode', message: en ? 'is the unit the report is already with' : 'là đơn vị đang xử lý phản ánh' }]);
      }
      return {
        set: { pendingTransferUnitId: unit.id },
        change: { type: 'transfer_requested', actorRole: 'official', message: reason, public: false, data: { toUnitId: unit.id, toUnitCode: unit.code } },
      };
    },
  }));

  app.post('/:publicId/accept-transfer', {
    schema: {
      tags: ['reports: handling'], summary: 'Take over a report another unit transferred here; the accept-by deadline starts again (intake, supervisor of the receiving unit)',
      security, params: PublicIdParams, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'acceptTransfer', publicId: request.params.publicId, fingerprint: null,
    run: async ({ tx, report, tree, now }) => {
      const toUnitId = report.pendingTransferUnitId!; // the policy only lets the receiving unit in
      const category = await categoryFacts(tx, report.categoryId);
      const acceptBy = acceptDeadline(ctx.calendar.current(), now, category, settings);
      return {
        // A new unit starts with a fresh clock; escalation belonged to the unit that let it run late.
        set: { assignedUnitId: toUnitId, pendingTransferUnitId: null, acceptBy, escalatedAt: null, ...CLEARED_DEADLINE_FLAGS },
        change: {
          type: 'transferred', actorRole: 'official',
          data: { fromUnitId: report.assignedUnitId, fromUnitCode: tree.get(report.assignedUnitId)?.code ?? null, toUnitId, toUnitCode: tree.get(toUnitId)?.code ?? null, acceptBy: acceptBy.toISOString() },
        },
      };
    },
  }));

  app.post('/:publicId/decline-transfer', {
    schema: {
      tags: ['reports: handling'], summary: 'Send a transfer back: the report stays with the unit that asked (intake, supervisor of the receiving unit)',
      security, params: PublicIdParams, body: ReasonBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'declineTransfer', publicId: request.params.publicId, fingerprint: request.body,
    run: async ({ report, tree }) => {
      const reason = requireText(request.body.reason, 'body.reason', request);
      const declinedBy = report.pendingTransferUnitId!;
      return {
        set: { pendingTransferUnitId: null },
        change: { type: 'transfer_declined', actorRole: 'official', message: reason, public: false, data: { unitId: declinedBy, unitCode: tree.get(declinedBy)?.code ?? null } },
      };
    },
  }));

  app.post('/:publicId/request-info', {
    schema: {
      tags: ['reports: handling'], summary: 'Ask the reporter for more information; the question is public (intake, handler, supervisor)',
      security, params: PublicIdParams, body: RequestInfoBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'requestInfo', publicId: request.params.publicId, fingerprint: request.body,
    run: async () => {
      const question = requireText(request.body.question, 'body.question', request);
      return { set: { infoRequested: true }, change: { type: 'info_requested', actorRole: 'official', message: question } };
    },
  }));

  app.post('/:publicId/merge', {
    schema: {
      tags: ['reports: handling'],
      summary: 'Merge a duplicate into the report it repeats: this one becomes merged; its supporters (and its reporter) support the other (intake, supervisor of both units)',
      security, params: PublicIdParams, body: MergeBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'merge', publicId: request.params.publicId, fingerprint: request.body, alsoLock: request.body.intoPublicId,
    run: async ({ tx, report, principal, tree }) => {
      const en = request.language === 'en';
      if (request.body.intoPublicId === report.publicId) {
        throw AppError.validation([{ field: 'body.intoPublicId', message: en ? 'must be another report' : 'phải là một phản ánh khác' }]);
      }
      // Already locked with the source, in a fixed order (see alsoLock).
      const target = await findReport(tx, request.body.intoPublicId, true);
      authorizeOnReport(principal, 'merge', scopeOf(target, tree));
      if (!ALLOWED_FROM.merge.includes(target.status)) {
        throw AppError.validation([{ field: 'body.intoPublicId', message: en ? `is ${target.status}, not open` : `đang ở trạng thái ${target.status}, không còn mở` }]);
      }
      // "Me too" moves over, and whoever reported the duplicate now supports the original.
      await tx.execute(sql`
        insert into report_supporters (report_id, user_id, created_at)
        select ${target.id}, user_id, created_at from report_supporters where report_id = ${report.id}
        on conflict do nothing`);
      if (report.reporterId && report.reporterId !== target.reporterId) {
        await tx.insert(reportSupporters).values({ reportId: target.id, userId: report.reporterId }).onConflictDoNothing();
      }
      const [moved] = await tx.select({ n: count() }).from(reportSupporters).where(eq(reportSupporters.reportId, report.id));
      await tx.delete(reportSupporters).where(eq(reportSupporters.reportId, report.id));
      const [supporters] = await tx.select({ n: count() }).from(reportSupporters).where(eq(reportSupporters.reportId, target.id));
      await tx.update(reports).set({ supportCount: supporters?.n ?? 0, updatedAt: new Date() }).where(eq(reports.id, target.id));
      return {
        set: { status: 'merged', mergedIntoId: target.id, supportCount: 0, pendingTransferUnitId: null, infoRequested: false, ...CLEARED_DEADLINE_FLAGS },
        change: {
          type: 'merged', actorRole: 'official',
          data: { intoPublicId: target.publicId, intoReportId: target.id, movedSupporters: moved?.n ?? 0, targetSupportCount: supporters?.n ?? 0 },
        },
      };
    },
  }));
}
