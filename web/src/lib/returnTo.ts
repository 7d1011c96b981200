/**
 * Where to go after signing in: only a path inside this app. Anything else — absolute URLs,
 * protocol-relative `//host`, backslash tricks (`/\host`), control characters, API or sign-in
 * pages themselves — is refused, so a link cannot send someone to another site after sign-in.
 */
import { routes } from '../routes';

const base = 'http://same-site.invalid';
const noReturn: readonly string[] = [routes.signIn, routes.officialSignIn];

export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value || value.length > 2000 || !value.startsWith('/') || value.startsWith('//')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== base || url.pathname.startsWith('/api/') || noReturn.includes(url.pathname)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The citizen sign-in page, coming back to `returnTo` afterwards. */
export function signInUrl(returnTo: string, page: string = routes.signIn): string {
  const safe = safeReturnTo(returnTo);
  return safe ? `${page}?${new URLSearchParams({ returnTo: safe })}` : page;
}
