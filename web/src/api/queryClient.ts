import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';

/** A refused request (4xx) will not succeed by asking again; a dropped connection or a 5xx might, once. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < 1;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: 1000,
        refetchOnWindowFocus: false,
      },
    },
  });
}
