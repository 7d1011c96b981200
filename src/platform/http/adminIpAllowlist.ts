/**
 * Optional network restriction for the admin functions: with ADMIN_IP_ALLOWLIST set (IPs and
 * CIDR ranges, comma-separated), routes marked `config: { admin: true }` answer 403
 * IP_NOT_ALLOWED to any other client address. Behind a proxy, set TRUST_PROXY so the client's
 * address is the one checked.
 */
import { BlockList, isIP } from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/appError.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An administration route: subject to ADMIN_IP_ALLOWLIST. */
    admin?: boolean;
  }
}

/** Parses "10.0.0.0/8, 203.0.113.7, ::1" into a BlockList; throws naming a bad entry. */
export function parseAllowlist(text: string): BlockList | null {
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`ADMIN_IP_ALLOWLIST: "${entry}" is not an IP address or CIDR range`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      list.addAddress(address, type);
    } else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) throw new Error(`ADMIN_IP_ALLOWLIST: "${entry}" has a bad prefix length`);
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

export function isAllowed(list: BlockList, ip: string): boolean {
  const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  const family = isIP(plain);
  if (family === 0) return false;
  return list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

export const adminIpAllowlistPlugin = fp(async (app: FastifyInstance, opts: { allowlist: string }) => {
  const list = parseAllowlist(opts.allowlist);
  if (!list) return;
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.admin && !isAllowed(list, request.ip)) {
      throw new AppError('IP_NOT_ALLOWED', { ip: request.ip });
    }
  });
}, { name: 'admin-ip-allowlist' });
