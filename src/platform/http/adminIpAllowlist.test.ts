import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAllowed, parseAllowlist } from './adminIpAllowlist.js';
import { loadConfig, ConfigError } from '../../config.js';
import { startTestApp, asCityAdmin } from '../../../test/helpers/testApp.js';

test('allow-list entries: single addresses and CIDR ranges, IPv4 and IPv6', () => {
  const list = parseAllowlist('10.0.0.0/8, 203.0.113.7, ::1')!;
  assert.equal(isAllowed(list, '10.20.30.40'), true);
  assert.equal(isAllowed(list, '::ffff:10.1.1.1'), true, 'IPv4-mapped IPv6');
  assert.equal(isAllowed(list, '203.0.113.7'), true);
  assert.equal(isAllowed(list, '203.0.113.8'), false);
  assert.equal(isAllowed(list, '::1'), true);
  assert.equal(isAllowed(list, '11.0.0.1'), false);
  assert.equal(parseAllowlist('  '), null);
});

test('a bad entry stops start-up naming ADMIN_IP_ALLOWLIST', () => {
  assert.throws(() => loadConfig({ ADMIN_IP_ALLOWLIST: '10.0.0.0/40' }), (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith('ADMIN_IP_ALLOWLIST')));
  assert.throws(() => loadConfig({ ADMIN_IP_ALLOWLIST: 'intranet' }), ConfigError);
});

test('with an allow-list, admin routes refuse other addresses; public routes are untouched', async () => {
  const ctx = await startTestApp('pglite', { adminIpAllowlist: '192.0.2.0/24' });
  try {
    const { authorization } = await asCityAdmin(ctx.db);
    const outside = await ctx.app.inject({ url: '/api/v1/audit/verify', headers: { authorization }, remoteAddress: '198.51.100.5' });
    assert.equal(outside.statusCode, 403);
    assert.equal(outside.json().error.code, 'IP_NOT_ALLOWED');
    const inside = await ctx.app.inject({ url: '/api/v1/audit/verify', headers: { authorization }, remoteAddress: '192.0.2.10' });
    assert.equal(inside.statusCode, 200);
    assert.equal(inside.json().ok, true);
    const publicRead = await ctx.app.inject({ url: '/api/v1/units?pageSize=1', remoteAddress: '198.51.100.5' });
    assert.equal(publicRead.statusCode, 200);
  } finally {
    await ctx.close();
  }
});
