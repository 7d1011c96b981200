/**
 * Caching of public reads. A public JSON answer is the same for everyone (the presenters do not
 * look at the caller), so proxies and browsers may keep it briefly: `cache-control: public,
 * max-age=30` and a weak ETag of the body, answered with 304 when the client already has it.
 * Media files get a longer life; a hidden photo served to an official is never stored.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const PUBLIC_JSON_CACHE = 'public, max-age=30';
/** Short enough that a photo hidden by a moderator leaves shared caches within minutes. */
export const PUBLIC_MEDIA_CACHE = 'public, max-age=300';
export const PRIVATE_NO_STORE = 'private, no-store';

export function markPublic(reply: FastifyReply): void {
  void reply.header('cache-control', PUBLIC_JSON_CACHE).header('vary', 'accept-language');
}

/** True when the request's If-None-Match names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** Adds the ETag (and the 304) to every JSON answer a route marked public with `markPublic`. */
export function publicEtagHook(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('cache-control') !== PUBLIC_JSON_CACHE) return payload;
    const etag = `W/"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
    void reply.header('etag', etag);
    if (!matchesEtag(request, etag)) return payload;
    void reply.code(304).removeHeader('content-type').removeHeader('content-length');
    return '';
  });
}
