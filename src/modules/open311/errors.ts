/**
 * Errors as GeoReport v2 writes them: a list of `{ code, description }` (`<errors><error>…` in
 * XML) with the HTTP status as `code` — 400 for bad input, 403 for a missing or bad `api_key`,
 * 404 for an unknown service or request. The rest of the API's failures (AppError, schema
 * validation, the rate limit) are translated here, one entry per field problem.
 */
import type { FastifyError, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../../platform/errors/appError.js';
import { ERROR_CODES } from '../../platform/errors/errorCodes.js';
import { toFieldProblems, type SchemaIssue } from '../../platform/errors/validationMessages.js';
import type { Language } from '../../platform/i18n/language.js';

export interface Open311ErrorItem {
  code: number;
  description: string;
}

export class Open311Error extends Error {
  constructor(readonly status: number, readonly items: Open311ErrorItem[]) {
    super(items.map((i) => i.description).join('; '));
    this.name = 'Open311Error';
  }

  static badRequest(description: string): Open311Error {
    return new Open311Error(400, [{ code: 400, description }]);
  }
  static forbidden(description: string): Open311Error {
    return new Open311Error(403, [{ code: 403, description }]);
  }
  static notFound(description: string): Open311Error {
    return new Open311Error(404, [{ code: 404, description }]);
  }
}

/** Our field names (from the shared submit checks and schemas) → the Open311 parameter names. */
export function open311FieldName(field: string): string {
  const path = field.replace(/^(body|querystring|params|headers)\.?/, '');
  if (path === 'categoryCode') return 'service_code';
  if (path === 'lon') return 'long';
  if (path === 'addressText') return 'address_string';
  const attribute = /^attributes\.(.+)$/.exec(path);
  if (attribute) return `attribute[${attribute[1]}]`;
  return path || field;
}

function fromProblems(problems: FieldProblem[]): Open311ErrorItem[] {
  return problems.map((p) => ({ code: 400, description: `${open311FieldName(p.field)}: ${p.message}` }));
}

/** The status Open311 clients expect for a status of the rest of the API. */
function open311Status(status: number): number {
  if (status === 401) return 403;
  if (status === 422 || status === 409 || status === 415) return 400;
  return status;
}

/** Any failure → the status and the error list. Unexpected errors give 500 with a generic text. */
export function toOpen311Error(error: unknown, request: FastifyRequest): { status: number; items: Open311ErrorItem[]; unexpected: boolean } {
  const lang: Language = request.language ?? 'vi';
  if (error instanceof Open311Error) return { status: error.status, items: error.items, unexpected: false };
  if (error instanceof AppError) {
    const status = open311Status(error.status);
    if (error.code === 'VALIDATION_FAILED' && Array.isArray(error.details) && error.details.length > 0) {
      return { status, items: fromProblems(error.details as FieldProblem[]), unexpected: false };
    }
    const message = (error.localizedMessage ?? ERROR_CODES[error.code])[lang];
    const field = (error.details as { field?: unknown } | undefined)?.field;
    const description = typeof field === 'string' ? `${open311FieldName(field)}: ${message}` : message;
    return { status, items: [{ code: status, description }], unexpected: false };
  }
  const fastifyError = error as FastifyError & { validation?: SchemaIssue[]; validationContext?: string };
  if (fastifyError.validation) {
    return { status: 400, items: fromProblems(toFieldProblems(fastifyError.validation, fastifyError.validationContext, lang)), unexpected: false };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 429) return { status, items: [{ code: 429, description: ERROR_CODES.RATE_LIMITED[lang] }], unexpected: false };
  if (status === 413) return { status, items: [{ code: 413, description: ERROR_CODES.PAYLOAD_TOO_LARGE[lang] }], unexpected: false };
  if (status >= 400 && status < 500) {
    const mapped = open311Status(status);
    const code = fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
    return { status: mapped === 405 ? 405 : 400, items: [{ code: mapped === 405 ? 405 : 400, description: ERROR_CODES[code][lang] }], unexpected: false };
  }
  return { status: 500, items: [{ code: 500, description: ERROR_CODES.INTERNAL[lang] }], unexpected: true };
}
