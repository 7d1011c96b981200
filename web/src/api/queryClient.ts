import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';
import { forgetSession, sessionKey } from './account';

/** A refused request (4xx) will not succeed by asking again; a dropped connection or a 5xx might, once. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < 1;
}

/** The session ended on the server (expired, revoked on another device): the app is signed out too. */
function isSessionGone(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code === 'UNAUTHENTICATED';
}

export function createQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    // Guarded pages then send the person to sign in, and back to where they were.
    if (isSessionGone(error) && queryClient.getQueryData(sessionKey)) forgetSession(queryClient);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: 1000,
        refetchOnWindowFocus: false,
      },
    },
  });
  return queryClient;
}
