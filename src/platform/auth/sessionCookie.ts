/** The web app's session cookie and how a request's token is found. */
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'cds_session';

export type TokenSource = 'bearer' | 'cookie';

export function sessionTokenOf(request: FastifyRequest): { token: string; source: TokenSource } | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const token = header.slice(7).trim();
    return token ? { token, source: 'bearer' } : null;
  }
  const cookies = request.headers.cookie;
  if (!cookies) return null;
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const token = decodeURIComponent(rest.join('='));
      return token ? { token, source: 'cookie' } : null;
    }
  }
  return null;
}
