import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../api/account';
import { ErrorState, LoadingState } from '../components/QueryState';
import { signInUrl } from '../lib/returnTo';
import { routes } from '../routes';

/**
 * Shows its page to a signed-in person only; anyone else goes to the sign-in page and comes back
 * here afterwards. An official still on an initial password is sent to change it first.
 */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const { pathname, search, hash } = useLocation();
  const here = `${pathname}${search}${hash}`;
  if (session.isPending) return <LoadingState />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => { void session.refetch(); }} />;
  if (session.data === null) return <Navigate to={signInUrl(here)} replace />;
  if (session.data.mustChangePassword) return <Navigate to={signInUrl(here, routes.officialSignIn)} replace />;
  return <>{children}</>;
}
