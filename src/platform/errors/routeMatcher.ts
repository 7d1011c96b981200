/**
 * Remembers every route's path pattern so a request for a known path with the wrong method gets
 * 405 and an Allow header instead of a misleading 404 (Fastify's router answers 404 for both).
 */
import type { FastifyInstance } from 'fastify';

interface Pattern { regex: RegExp; methods: Set<string> }

function toRegex(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}

export function routeMatcher(app: FastifyInstance) {
  const patterns = new Map<string, Pattern>();
  app.addHook('onRoute', (route) => {
    // Catch-all routes (the web app's files) would match every path; they say nothing about methods.
    if (route.url.includes('*')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const existing = patterns.get(route.url) ?? { regex: toRegex(route.url), methods: new Set<string>() };
    for (const m of methods) existing.methods.add(m);
    patterns.set(route.url, existing);
  });
  return {
    methodsFor(path: string): string[] {
      const methods = new Set<string>();
      for (const pattern of patterns.values()) {
        if (pattern.regex.test(path)) for (const m of pattern.methods) methods.add(m);
      }
      return [...methods].filter((m) => m !== 'HEAD').sort();
    },
  };
}
