import { ERROR_CODES, type ErrorCode } from './errorCodes.js';
import { ENTITY_NAMES, type EntityName } from './entityNames.js';

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
  static notFound(what: EntityName, id: string): AppError {
    const name = ENTITY_NAMES[what];
    return new AppError('NOT_FOUND', { [what]: id }, {
      vi: `Không tìm thấy ${name.vi} "${id}".`,
      en: `No ${name.en} "${id}".`,
    });
  }
}
