/**
 * The server answers invalid input with 422 VALIDATION_FAILED and `details: [{ field, message }]`,
 * `field` a dotted path such as `body.idNumber`. Forms show each message next to its input.
 */
import { ApiError } from '../api/client';

export type FieldErrors = Partial<Record<string, string>>;

/** Messages per body field (`idNumber`, `notificationPreferences.sms` …); empty for other errors. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return {};
  const out: FieldErrors = {};
  for (const item of error.details as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { field, message } = item as { field?: unknown; message?: unknown };
    if (typeof field !== 'string' || typeof message !== 'string') continue;
    const name = field.replace(/^body\./, '');
    // The server's text continues the field's name ("không khớp với …"); alone under an input it starts a sentence.
    const sentence = message.charAt(0).toLocaleUpperCase() + message.slice(1);
    out[name] = out[name] ? `${out[name]}; ${sentence}` : sentence;
  }
  return out;
}

/** Field errors whose field has no input of its own in the form (so nothing the server said is lost). */
export function otherFieldErrors(errors: FieldErrors, shown: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([field, message]) => message !== undefined && !shown.includes(field))
    .map(([field, message]) => `${field}: ${message}`);
}
