/**
 * Form pieces shared by the account pages. Every input has a label; its hint and its error are
 * tied to it with aria-describedby, and the error sits in a live region right after the input so
 * a screen reader announces what the server said about that very field.
 */
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from './QueryState';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string');
  return list.length > 0 ? list.join(' ') : undefined;
}

/** The live region under an input or a group: empty until there is something to say. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return (
    <p id={id} className="field-error" aria-live="polite">
      {error && <><span className="field-error__icon" aria-hidden="true">!</span>{error}</>}
    </p>
  );
}

/** A labelled input with an optional hint and the server's error for it. */
export function Field({ label, hint, error, children }: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && <p id={hintId} className="hint field__hint">{hint}</p>}
      {children({ id, 'aria-describedby': describedBy(hint !== undefined && hintId, error && errorId), ...(error ? { 'aria-invalid': true as const } : {}) })}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

/** A group of radio buttons or checkboxes with one legend, one hint and one error. */
export function FieldGroup({ legend, hint, error, children, className }: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: (group: { errorId: string; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <fieldset className={`field-group${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}
      aria-describedby={describedBy(hint !== undefined && hintId, error && errorId)}>
      <legend>{legend}</legend>
      {hint && <p id={hintId} className="hint field__hint">{hint}</p>}
      {children({ errorId, invalid: Boolean(error) })}
      <FieldError id={errorId} error={error} />
    </fieldset>
  );
}

/** What went wrong with the form as a whole (not one field), announced at once. */
export function FormError({ error, fallback }: { error: unknown; fallback?: string }) {
  const message = useErrorMessage();
  return (
    <div className="form-error" role="alert">
      {error !== null && error !== undefined && <p className="notice notice--error">{fallback ?? message(error)}</p>}
    </div>
  );
}

/** A quiet confirmation ("Saved") for assistive technology and sighted users alike. */
export function SavedStatus({ show, text }: { show: boolean; text?: string }) {
  const { t } = useTranslation();
  return <p className="saved-status" role="status">{show ? text ?? t('form.saved') : ''}</p>;
}

/**
 * A submit button that stays focusable while its request runs (a disabled button would drop
 * keyboard focus to the page); the form's submit handler ignores presses while busy.
 */
export function SubmitButton({ busy, children, variant = 'primary', wide }: {
  busy: boolean; children: ReactNode; variant?: 'primary' | 'secondary' | 'danger'; wide?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <button type="submit" className={`button button--${variant}${wide ? ' button--wide' : ''}`} aria-disabled={busy || undefined}>
      {busy && <span className="spinner spinner--small" aria-hidden="true" />}
      {children}
      {busy && <span className="visually-hidden"> — {t('form.working')}</span>}
    </button>
  );
}
