import { ERROR_CODES, type ErrorCode } from './errorCodes.js';

/** One problem with one field of the input; `field` is a dotted path such as `body.nameVi`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * An expected failure with a stable code. Services throw it; the error handler turns it into
 * `{ error: { code, message, details } }` in the caller's language.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    /** Overrides the catalogue text when the case needs a more specific sentence. */
    readonly localizedMessage?: { vi: string; en: string },
  ) {
    super(code);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }

  static validation(problems: FieldProblem[]): AppError {
    return new AppError('VALIDATION_FAILED', problems);
  }
  static notFound(what: string, id: string): AppError {
    return new AppError('NOT_FOUND', { [what]: id }, {
      vi: `Không tìm thấy ${what} "${id}".`,
      en: `No ${what} "${id}".`,
    });
  }
}
