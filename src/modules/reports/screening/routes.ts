/**
 * The screening keyword list, for city admins: read, add, remove. Every change is audited.
 * The list is seeded with the defaults when the plugin starts on a database that never had it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import type { ModuleContext } from '../../moduleContext.js';
import { screeningKeywords } from '../../../db/schema/index.js';
import { recordAudit } from '../../../platform/audit/auditLog.js';
import { authorize } from '../../../platform/auth/policies.js';
import { AppError } from '../../../platform/errors/appError.js';
import { errorResponses, Uuid } from '../../../platform/http/commonSchemas.js';
import { forgetCachedKeywords, listKeywords, normalizePhrase, seedDefaultKeywords, type KeywordRow } from './keywordStore.js';
import { KEYWORD_KINDS, type KeywordKind } from './screenReport.js';

const Kind = Type.Union(KEYWORD_KINDS.map((k) => Type.Literal(k)), { description: 'complaint_denunciation | state_secret | abuse | spam' });

const Keyword = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  phrase: Type.String(),
  createdAt: Type.String(),
});

function present(row: KeywordRow) {
  return { id: row.id, kind: row.kind, phrase: row.phrase, createdAt: row.createdAt.toISOString() };
}

export const screeningRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  const seeded = await seedDefaultKeywords(ctx.db);
  if (seeded.seeded > 0) app.log.info(seeded, 'screening keywords seeded');

  app.get('/keywords', {
    config: { admin: true },
    schema: {
      tags: ['screening'], summary: 'The words that flag a submitted report for the intake officer', security: [{ bearer: [] }],
      description: 'Matching ignores case, and ignores diacritics when the citizen typed without them. Besides these words, rules flag links, '
        + 'repeated characters, text in capitals, a phone number with a call to action (spam) and descriptions under 20 letters (too_short).',
      querystring: Type.Object({ kind: Type.Optional(Kind) }),
      response: { 200: Type.Object({ items: Type.Array(Keyword), total: Type.Integer() }), ...errorResponses(401, 403) },
    },
  }, async (request) => {
    authorize(request.principal, 'screening.manage');
    const rows = await listKeywords(ctx.db, request.query.kind as KeywordKind | undefined);
    return { items: rows.map(present), total: rows.length };
  });

  app.post('/keywords', {
    config: { admin: true },
    schema: {
      tags: ['screening'], summary: 'Add a screening word or phrase', security: [{ bearer: [] }],
      body: Type.Object({ kind: Kind, phrase: Type.String({ minLength: 2, maxLength: 100 }) }, { additionalProperties: false }),
      response: { 201: Keyword, ...errorResponses(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'screening.manage');
    const phrase = normalizePhrase(request.body.phrase);
    if (!/[\p{L}\p{N}]{2}/u.test(phrase)) {
      throw AppError.validation([{ field: 'body.phrase', message: request.language === 'en' ? 'must contain a word of at least 2 letters or digits' : 'phải có ít nhất một từ gồm 2 chữ cái hoặc chữ số' }]);
    }
    const row = await ctx.db.transaction(async (tx) => {
      const [inserted] = await tx.insert(screeningKeywords).values({ kind: request.body.kind, phrase }).onConflictDoNothing().returning();
      if (!inserted) {
        throw new AppError('CONFLICT', { kind: request.body.kind, phrase }, { vi: `Từ khóa "${phrase}" đã có trong danh sách.`, en: `"${phrase}" is already on the list.` });
      }
      await recordAudit(tx, request.auditContext, { action: 'screening.keyword.add', entityType: 'screening_keyword', entityId: inserted.id, data: { kind: inserted.kind, phrase } });
      return inserted;
    });
    forgetCachedKeywords(ctx.db);
    return reply.status(201).send(present(row));
  });

  app.delete('/keywords/:id', {
    config: { admin: true },
    schema: {
      tags: ['screening'], summary: 'Remove a screening word or phrase', security: [{ bearer: [] }],
      params: Type.Object({ id: Uuid }),
      response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'screening.manage');
    await ctx.db.transaction(async (tx) => {
      const [removed] = await tx.delete(screeningKeywords).where(eq(screeningKeywords.id, request.params.id)).returning();
      if (!removed) {
        throw new AppError('NOT_FOUND', { keyword: request.params.id }, { vi: 'Không tìm thấy từ khóa này.', en: 'No such screening keyword.' });
      }
      await recordAudit(tx, request.auditContext, { action: 'screening.keyword.remove', entityType: 'screening_keyword', entityId: removed.id, data: { kind: removed.kind, phrase: removed.phrase } });
    });
    forgetCachedKeywords(ctx.db);
    return reply.status(204).send(null);
  });
};
