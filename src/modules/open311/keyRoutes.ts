/**
 * City admins issue, list and revoke the API keys of Open311 client applications
 * (registered under /api/v1/open311). The key is shown once, in the answer to its creation;
 * afterwards only its prefix. Every write is audited (never with the key or its hash).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import { open311ApiKeys } from '../../db/schema/index.js';
import { recordAudit } from '../../platform/audit/auditLog.js';
import { authorize } from '../../platform/auth/policies.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses, Uuid } from '../../platform/http/commonSchemas.js';
import { generateApiKey, listApiKeys, presentApiKey } from './apiKeys.js';

const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'The client application; its reports get the channel open311:<name>' }),
  contact: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to tell keys apart' }),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()], { description: 'Updated at most once a minute' }),
});

const IssuedApiKey = Type.Object({
  ...ApiKey.properties,
  key: Type.String({ description: 'The key itself. Shown only in this answer: store it now.' }),
});

export const open311KeyRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  app.get('/keys', {
    config: { admin: true },
    schema: {
      tags: ['open311'], summary: 'Open311 API keys, newest first (city admin)', security: [{ bearer: [] }],
      response: { 200: Type.Object({ items: Type.Array(ApiKey), total: Type.Integer() }), ...errorResponses(401, 403) },
    },
  }, async (request) => {
    authorize(request.principal, 'open311.manageKeys');
    const items = (await listApiKeys(ctx.db)).map(presentApiKey);
    return { items, total: items.length };
  });

  app.post('/keys', {
    config: { admin: true },
    schema: {
      tags: ['open311'], summary: 'Issue an API key to an Open311 client application (city admin); the key is shown once',
      security: [{ bearer: [] }],
      body: Type.Object({
        name: Type.String({ minLength: 2, maxLength: 80, pattern: '^[^\\s:][^:]*$', description: 'The client application, e.g. "FixMyStreet Hà Nội" (no colon)' }),
        contact: Type.Optional(Type.String({ maxLength: 200, description: 'Who runs the client: an e-mail address or phone number of the organisation' })),
      }, { additionalProperties: false }),
      response: { 201: IssuedApiKey, ...errorResponses(401, 403, 422) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'open311.manageKeys');
    const adminId = request.principal.userId;
    const { key, hash, prefix } = generateApiKey();
    const row = await ctx.db.transaction(async (tx) => {
      const [created] = await tx.insert(open311ApiKeys).values({
        name: request.body.name.normalize('NFC').trim(),
        contact: request.body.contact?.trim() ?? '',
        keyHash: hash,
        keyPrefix: prefix,
        createdBy: adminId,
      }).returning();
      await recordAudit(tx, request.auditContext, {
        action: 'open311.key.create', entityType: 'open311_api_key', entityId: created!.id,
        data: { name: created!.name, contact: created!.contact, prefix },
      });
      return created!;
    });
    return reply.status(201).send({ ...presentApiKey(row), key });
  });

  app.delete('/keys/:id', {
    config: { admin: true },
    schema: {
      tags: ['open311'], summary: 'Revoke an Open311 API key (city admin); revoking again changes nothing',
      security: [{ bearer: [] }],
      params: Type.Object({ id: Uuid }),
      response: { 200: ApiKey, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'open311.manageKeys');
    const row = await ctx.db.transaction(async (tx) => {
      const [current] = await tx.select().from(open311ApiKeys).where(eq(open311ApiKeys.id, request.params.id)).for('update');
      if (!current) {
        throw new AppError('NOT_FOUND', { open311ApiKey: request.params.id }, { vi: 'Không tìm thấy khóa API này.', en: 'No such API key.' });
      }
      if (current.revokedAt) return current;
      const [revoked] = await tx.update(open311ApiKeys).set({ revokedAt: new Date() }).where(eq(open311ApiKeys.id, current.id)).returning();
      await recordAudit(tx, request.auditContext, {
        action: 'open311.key.revoke', entityType: 'open311_api_key', entityId: current.id, data: { name: current.name, prefix: current.keyPrefix },
      });
      return revoked!;
    });
    return presentApiKey(row);
  });
};
