/**
 * Where to send the browser after sign-in: only a path on this site. Anything else — absolute
 * URLs, protocol-relative `//host`, backslash tricks (`/\host`, which browsers read as `//host`),
 * control characters, or the VNeID routes themselves (a loop) — becomes '/'.
 */
const BASE = 'http://same-site.invalid';

export function safeReturnTo(value: string | undefined | null): string {
  if (!value || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  if (url.pathname.startsWith('/api/v1/auth/vneid')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
