/**
 * Sign in with VNeID (OpenID Connect authorization code flow with PKCE):
 *   GET  /api/v1/auth/vneid           is it on?
 *   GET  /api/v1/auth/vneid/start     → 302 to VNeID (state, nonce, code_verifier kept in oidc_logins)
 *   GET  /api/v1/auth/vneid/callback  ← VNeID sends the browser back; → session + 302 to returnTo
 *
 * Failures answer SIGN_IN_FAILED (400) with `details.reason`; with VNEID_MODE=off every route but
 * the status answers SIGN_IN_FAILED, reason `vneid_disabled`. The state is also bound to the
 * browser that started the flow (an httpOnly cookie), so nobody can get someone else signed in
 * to their account by sending them a callback link.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { and, eq, isNull, lt } from 'drizzle-orm';
import * as oidc from 'openid-client';
import type { ModuleContext } from '../moduleContext.js';
import { oidcLogins } from '../../db/schema/index.js';
import { issueSession } from '../../platform/auth/issueSession.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses } from '../../platform/http/commonSchemas.js';
import { identityFromClaims } from './claims.js';
import { safeReturnTo } from './returnTo.js';
import { VneidClient, type VneidClaims } from './vneidClient.js';
import { resolveVneidAccount, userLabel } from './vneidAccounts.js';

/** How long a started sign-in may take before its state is refused. */
export const VNEID_LOGIN_TTL_MS = 10 * 60_000;
/** Binds a sign-in in progress to the browser that started it. */
export const VNEID_STATE_COOKIE = 'cds_vneid';
const COOKIE_PATH = '/api/v1/auth/vneid';
/** Spent and expired sign-ins are deleted once this old. */
const PURGE_AFTER_MS = 24 * 3_600_000;

const SignedIn = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  returnTo: Type.String(),
  user: Type.Object({
    id: Type.String(),
    displayName: Type.String(),
    kind: Type.String(),
    identityLevel: Type.Integer(),
  }),
  outcome: Type.Union([Type.Literal('existing'), Type.Literal('linked'), Type.Literal('created')], {
    description: 'existing: the account linked to this VNeID identity; linked: VNeID was just linked to an existing account; created: a new account',
  }),
});

function failed(reason: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('SIGN_IN_FAILED', { reason, ...extra });
}

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const vneidRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  const client = new VneidClient(ctx.config, ctx.keys.key('oidc-provider'), app.log);
  app.addHook('onClose', async () => client.close());
  // A server (not a test using inject) starts the local stand-in at once, so its address is logged.
  app.addHook('onListen', async () => {
    await client.warmUp().catch((err: unknown) => app.log.warn({ err }, 'local VNeID stand-in did not start; will retry on first use'));
  });

  const stateCookie = (value: string, maxAgeSeconds: number): string =>
    `${VNEID_STATE_COOKIE}=${value}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${ctx.secureCookies ? '; Secure' : ''}`;

  const requireEnabled = (): void => {
    if (!client.enabled) throw failed('vneid_disabled');
  };

  app.get('/', {
    schema: {
      tags: ['auth'], summary: 'Whether VNeID sign-in is available here',
      response: { 200: Type.Object({ enabled: Type.Boolean(), standIn: Type.Boolean({ description: 'true when the local stand-in (not the real VNeID) answers' }) }) },
    },
  }, async () => ({ enabled: client.enabled, standIn: client.mode === 'local' }));

  app.get('/start', {
    schema: {
      tags: ['auth'],
      summary: 'Start signing in with VNeID: redirects to VNeID. A signed-in citizen links VNeID to their account.',
      description: 'Open this in the browser (not with fetch). `returnTo` must be a path on this site; anything else becomes "/".',
      querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2000 })) }),
      response: { 302: Type.Null({ description: 'Redirect to VNeID' }), ...errorResponses(400, 403, 503) },
    },
  }, async (request, reply) => {
    requireEnabled();
    const principal = request.principal;
    if (principal && principal.kind !== 'citizen') throw new AppError('FORBIDDEN', { reason: 'official_account' });
    const login = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    let location: URL;
    try {
      location = await client.authorizationUrl({ ...login, language: request.language });
    } catch (err) {
      request.log.warn({ err }, 'VNeID discovery failed');
      throw new AppError('SERVICE_UNAVAILABLE', { reason: 'vneid_unreachable' });
    }
    const now = Date.now();
    await ctx.db.transaction(async (tx) => {
      await tx.delete(oidcLogins).where(lt(oidcLogins.expiresAt, new Date(now - PURGE_AFTER_MS)));
      await tx.insert(oidcLogins).values({
        ...login,
        linkUserId: principal?.userId ?? null,
        returnTo: safeReturnTo(request.query.returnTo),
        expiresAt: new Date(now + VNEID_LOGIN_TTL_MS),
      });
    });
    void reply.header('set-cookie', stateCookie(login.state, VNEID_LOGIN_TTL_MS / 1000));
    void reply.header('cache-control', 'no-store');
    return reply.redirect(location.href, 302);
  });

  app.get('/callback', {
    schema: {
      tags: ['auth'],
      summary: 'Where VNeID sends the browser back: signs in and redirects to returnTo (with format=json, answers the session instead)',
      description: 'Every failure is SIGN_IN_FAILED with details.reason: vneid_disabled, missing_state, unknown_state, state_already_used, '
        + 'state_expired, browser_mismatch, idp_error, code_rejected, response_invalid, claims_invalid, official_account, link_account_gone. '
        + 'IDENTITY_IN_USE (409) when the ID number or VNeID identity belongs to another account.',
      querystring: Type.Object({
        code: Type.Optional(Type.String({ maxLength: 2000 })),
        state: Type.Optional(Type.String({ maxLength: 200 })),
        error: Type.Optional(Type.String({ maxLength: 200 })),
        format: Type.Optional(Type.Literal('json')),
      }),
      response: { 200: SignedIn, 302: Type.Null({ description: 'Signed in: redirect to returnTo' }), ...errorResponses(400, 409, 503) },
    },
  }, async (request, reply) => {
    requireEnabled();
    const { state, format } = request.query;
    // Whatever happens next, this browser's sign-in attempt is over.
    void reply.header('set-cookie', stateCookie('', 0));
    void reply.header('cache-control', 'no-store');
    if (!state) throw failed('missing_state');

    const login = await consumeLogin(state);
    const bound = cookieValue(request, VNEID_STATE_COOKIE);
    if (!bound || !sameText(bound, state)) throw failed('browser_mismatch');
    if (request.query.error) throw failed('idp_error', { error: request.query.error });

    const claims = await redeem(request, login);
    const parsed = identityFromClaims(claims);
    if (!parsed.ok) {
      request.log.warn({ problems: parsed.problems }, 'VNeID claims unusable');
      throw failed('claims_invalid', { problems: parsed.problems });
    }

    const { account, session } = await ctx.db.transaction(async (tx) => {
      const account = await resolveVneidAccount(tx, parsed.identity, {
        linkUserId: login.linkUserId, keys: ctx.keys, audit: request.auditContext, language: request.language,
      });
      const session = await issueSession(tx, request, reply, { id: account.user.id, label: userLabel(account.user) }, 'vneid', ctx.sessionLimits, ctx.secureCookies);
      return { account, session };
    });

    if (format === 'json') {
      const { user } = account;
      return reply.status(200).send({
        token: session.token, expiresAt: session.expiresAt, returnTo: login.returnTo, outcome: account.outcome,
        user: { id: user.id, displayName: user.displayName, kind: user.kind, identityLevel: user.identityLevel },
      });
    }
    return reply.redirect(login.returnTo, 302);
  });

  /**
   * Marks the state used (one statement, so a replay or a race finds it spent) and returns it.
   * An expired state is marked used too: the refusal comes after the transaction commits.
   */
  async function consumeLogin(state: string): Promise<typeof oidcLogins.$inferSelect> {
    const now = new Date();
    const found = await ctx.db.transaction(async (tx) => {
      const [row] = await tx.update(oidcLogins).set({ consumedAt: now })
        .where(and(eq(oidcLogins.state, state), isNull(oidcLogins.consumedAt))).returning();
      if (row) return { row, reason: null };
      const [spent] = await tx.select({ state: oidcLogins.state }).from(oidcLogins).where(eq(oidcLogins.state, state));
      return { row: null, reason: spent ? 'state_already_used' : 'unknown_state' };
    });
    if (!found.row) throw failed(found.reason ?? 'unknown_state');
    if (found.row.expiresAt <= now) throw failed('state_expired');
    return found.row;
  }

  async function redeem(request: FastifyRequest, login: typeof oidcLogins.$inferSelect): Promise<VneidClaims> {
    // The URL VNeID redirected to: the registered redirect URI with every parameter it added (code, state, iss…).
    const callbackUrl = new URL(client.redirectUri);
    const query = new URL(request.url, 'http://local.invalid').searchParams;
    for (const [key, value] of query) if (key !== 'format' && key !== 'lang') callbackUrl.searchParams.append(key, value);
    try {
      return await client.redeem(callbackUrl, { state: login.state, nonce: login.nonce, codeVerifier: login.codeVerifier });
    } catch (err) {
      request.log.warn({ err }, 'VNeID code exchange failed');
      if (err instanceof oidc.ResponseBodyError) throw failed('code_rejected', { error: err.error });
      if (err instanceof oidc.AuthorizationResponseError) throw failed('idp_error', { error: err.error });
      if (err instanceof oidc.ClientError || err instanceof oidc.WWWAuthenticateChallengeError) throw failed('response_invalid');
      throw new AppError('SERVICE_UNAVAILABLE', { reason: 'vneid_unreachable' });
    }
  }
};
