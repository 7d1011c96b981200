import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal question on the native <dialog>: the browser keeps focus inside it, Esc closes it and
 * the rest of the page is inert. Focus starts on the safe choice (cancel) and goes back to what
 * opened the dialog when it closes.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, busy, onConfirm, onClose }: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  // However it closed (Esc or a button), focus returns to what opened it.
  const returnFocus = () => {
    if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}
      onClose={() => { returnFocus(); if (open) onClose(); }}
      onCancel={(event) => { if (busy) event.preventDefault(); }}>
      <h2 id={`${id}-title`} className="dialog__title">{title}</h2>
      <div id={`${id}-body`} className="dialog__body">{children}</div>
      <div className="dialog__actions">
        <button type="button" className="button button--secondary" autoFocus onClick={onClose}>{t('form.cancel')}</button>
        <button type="button" className="button button--danger" aria-disabled={busy || undefined}
          onClick={() => { if (!busy) onConfirm(); }}>
          {busy && <span className="spinner spinner--small" aria-hidden="true" />}
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
