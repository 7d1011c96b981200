/**
 * In-process cache for public reads that many people ask and few change (categories, wards).
 * Keeps the serialised JSON with an ETag, answers If-None-Match with 304, and is cleared by the
 * module that changes the data. Entries also expire after a TTL, so several server instances
 * converge without talking to each other.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

interface Entry { body: string; etag: string; expires: number }

export class PublicCache {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly ttlMs = 60_000, private readonly maxEntries = 500) {}

  /** Sends the cached JSON for `key`, producing it with `produce` when missing or expired. */
  async send(request: FastifyRequest, reply: FastifyReply, key: string, produce: () => Promise<unknown>): Promise<FastifyReply> {
    let entry = this.entries.get(key);
    if (!entry || entry.expires <= Date.now()) {
      const body = JSON.stringify(await produce());
      entry = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, expires: Date.now() + this.ttlMs };
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, entry);
    }
    void reply.header('etag', entry.etag).header('cache-control', `public, max-age=${Math.floor(this.ttlMs / 1000)}`).header('vary', 'accept-language');
    if (request.headers['if-none-match'] === entry.etag) return reply.status(304).send();
    return reply.type('application/json; charset=utf-8').send(entry.body);
  }

  clear(): void {
    this.entries.clear();
  }
}
