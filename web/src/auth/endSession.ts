import { flushSync } from 'react-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { forgetSession } from '../api/account';
import { routes } from '../routes';

/** Notices shown once on the page a person lands on after their session ended. */
export type Flash = 'signedOut' | 'signedOutEverywhere' | 'accountDeleted';
export const flashes: readonly Flash[] = ['signedOut', 'signedOutEverywhere', 'accountDeleted'];

export function flashOf(state: unknown): Flash | null {
  const flash = typeof state === 'object' && state !== null ? (state as { flash?: unknown }).flash : undefined;
  return flashes.find((f) => f === flash) ?? null;
}

/**
 * After signing out, signing out everywhere or deleting the account: go home with a notice, then
 * forget the account's data. In that order, so a page that needs a session is gone before it
 * notices there is none (and does not send the person to the sign-in page).
 */
export function useEndSession(): (flash: Flash) => void {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (flash) => {
    // flushSync commits the new page before the session changes (the router uses no transitions).
    flushSync(() => { void navigate(routes.home, { state: { flash } }); });
    forgetSession(queryClient);
  };
}
