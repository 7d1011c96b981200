/**
 * Every failure leaves the server in one shape: `{ error: { code, message, details? } }`,
 * localised, with the right status, and never a stack trace or SQL text.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './appError.js';
import { ERROR_CODES, type ErrorCode } from './errorCodes.js';
import { toFieldProblems, type SchemaIssue } from './validationMessages.js';
import { routeMatcher } from './routeMatcher.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

function body(request: FastifyRequest, code: ErrorCode, details?: unknown, override?: { vi: string; en: string }): ErrorBody {
  const lang = request.language;
  const message = (override ?? ERROR_CODES[code])[lang];
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Fastify's own error codes that describe a client mistake, and what we call them. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
};

function classify(error: FastifyError & { validation?: SchemaIssue[]; validationContext?: string }, request: FastifyRequest): { status: number; body: ErrorBody; log: boolean } {
  if (error instanceof AppError) {
    return { status: error.status, body: body(request, error.code, error.details, error.localizedMessage), log: false };
  }
  if (error.validation) {
    const details = toFieldProblems(error.validation, error.validationContext, request.language);
    return { status: 422, body: body(request, 'VALIDATION_FAILED', details), log: false };
  }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return { status: ERROR_CODES[mapped].status, body: body(request, mapped), log: false };
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return { status: 400, body: body(request, 'MALFORMED_JSON'), log: false };
  }
  // PostgreSQL unique violation: the caller tried to create something that exists.
  const pgCode = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? error.code;
  if (pgCode === '23505') return { status: 409, body: body(request, 'CONFLICT'), log: false };
  const status = error.statusCode ?? 500;
  if (status === 429) return { status, body: body(request, 'RATE_LIMITED'), log: false };
  if (status >= 400 && status < 500) return { status, body: body(request, 'BAD_REQUEST'), log: false };
  return { status: 500, body: body(request, 'INTERNAL'), log: true };
}

export const errorHandlerPlugin = fp(async (app: FastifyInstance) => {
  const matcher = routeMatcher(app);

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body: payload, log } = classify(error, request);
    if (log) request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code: payload.error.code, status }, 'request refused');
    void reply.status(status).send(payload);
  });

  app.setNotFoundHandler((request, reply) => {
    const allowed = matcher.methodsFor(request.url.split('?')[0] ?? '/');
    if (allowed.length > 0) {
      void reply.status(405).header('allow', allowed.join(', ')).send(body(request, 'METHOD_NOT_ALLOWED', { allow: allowed }));
      return;
    }
    void reply.status(404).send(body(request, 'ROUTE_NOT_FOUND'));
  });
}, { name: 'error-handler' });
