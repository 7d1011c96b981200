import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError } from '../api/client';

/** A message for any failed request, in the UI language (the server localises its own). */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (error instanceof NetworkError) return t('common.networkError');
    if (error instanceof ApiError && !error.code.startsWith('HTTP_')) return error.message;
    return t('common.unexpectedError');
  };
}

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="state state--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage()(error);
  return (
    <div className="state state--error" role="alert">
      <p className="state__title">{t('common.errorTitle')}</p>
      <p>{message}</p>
      <button type="button" className="button" onClick={onRetry}>{t('common.retry')}</button>
    </div>
  );
}

/** Shows a query's loading or error state, or renders its data. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => { void query.refetch(); }} />;
  return <>{children(query.data)}</>;
}
