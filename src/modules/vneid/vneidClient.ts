/**
 * Our side of VNeID sign-in (the OpenID Connect relying party), on `openid-client` v6.
 *
 * - `remote`: the configured VNEID_ISSUER, VNEID_CLIENT_ID and VNEID_CLIENT_SECRET; HTTPS only.
 * - `local`: the bundled stand-in (platform/identity/localIdp) on 127.0.0.1:VNEID_LOCAL_PORT,
 *   client `cong-dan-so` with the secret derived from SECRET_KEY. The stand-in starts when the
 *   server starts listening, or at the first VNeID request (so tests and tools that never use it
 *   bind no port), and stops with the app. If the port is taken by a stand-in already running
 *   (`npm run idp`), that one is used. Only here are plain-http requests allowed.
 *
 * Discovery runs once and is kept; a failure is not kept, the next request tries again.
 */
import * as oidc from 'openid-client';
import type { AppConfig } from '../../config.js';
import { LOCAL_CLIENT_ID, LOCAL_IDP_HOST, localClientSecret, startLocalIdp, type LocalIdp, type LocalIdpLogger } from '../../platform/identity/localIdp/localIdp.js';

export const VNEID_CALLBACK_PATH = '/api/v1/auth/vneid/callback';
export const VNEID_SCOPE = 'openid profile';

export function vneidRedirectUri(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${VNEID_CALLBACK_PATH}`;
}

export interface AuthorizationRequest {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** `vi` or `en`, passed on as `ui_locales`. */
  language: string;
}

export interface TokenChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The claims of the ID token, with the userinfo response merged over them. */
export type VneidClaims = Record<string, unknown> & { sub: string };

export class VneidClient {
  readonly mode: AppConfig['vneidMode'];
  readonly redirectUri: string;
  private configuration: Promise<oidc.Configuration> | null = null;
  private localIdp: LocalIdp | null = null;
  private closed = false;

  constructor(private readonly settings: AppConfig, private readonly providerKey: Buffer, private readonly log: LocalIdpLogger) {
    this.mode = settings.vneidMode;
    this.redirectUri = vneidRedirectUri(settings.publicBaseUrl);
  }

  get enabled(): boolean {
    return this.mode !== 'off';
  }

  /** The issuer in use, once known (the local stand-in's port is only known after it starts). */
  async issuer(): Promise<string> {
    return (await this.discover()).serverMetadata().issuer;
  }

  /** Where to send the browser: the provider's authorization endpoint with PKCE, state and nonce. */
  async authorizationUrl(request: AuthorizationRequest): Promise<URL> {
    const config = await this.discover();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: VNEID_SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(request.codeVerifier),
      code_challenge_method: 'S256',
      state: request.state,
      nonce: request.nonce,
      ui_locales: request.language,
    });
  }

  /**
   * Checks the authorization response (state, issuer), redeems the code with the PKCE verifier,
   * checks the ID token (signature, audience, nonce) and reads userinfo when the provider has it.
   * `callbackUrl` is the redirect URI with the query the provider sent.
   */
  async redeem(callbackUrl: URL, checks: TokenChecks): Promise<VneidClaims> {
    const config = await this.discover();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('no ID token in the token response');
    let claims: Record<string, unknown> = { ...idClaims };
    if (config.serverMetadata().userinfo_endpoint) {
      const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...claims, ...userInfo };
    }
    return { ...claims, sub: idClaims.sub };
  }

  /** Starts the local stand-in now (called when the server starts listening); no-op otherwise. */
  async warmUp(): Promise<void> {
    if (this.mode === 'local') await this.discover();
  }

  async close(): Promise<void> {
    this.closed = true;
    const idp = this.localIdp;
    this.localIdp = null;
    await idp?.close();
  }

  private discover(): Promise<oidc.Configuration> {
    if (this.mode === 'off') return Promise.reject(new Error('VNeID sign-in is off'));
    if (!this.configuration) {
      this.configuration = this.connect();
      this.configuration.catch(() => { this.configuration = null; });
    }
    return this.configuration;
  }

  private async connect(): Promise<oidc.Configuration> {
    if (this.mode === 'remote') {
      const { vneidIssuer, vneidClientId, vneidClientSecret } = this.settings;
      if (!vneidIssuer || !vneidClientId || !vneidClientSecret) throw new Error('VNEID_MODE=remote needs VNEID_ISSUER, VNEID_CLIENT_ID and VNEID_CLIENT_SECRET');
      return this.discoverAt(vneidIssuer, vneidClientId, vneidClientSecret, false);
    }
    const issuer = await this.startStandIn();
    return this.discoverAt(issuer, LOCAL_CLIENT_ID, localClientSecret(this.providerKey), true);
  }

  private async startStandIn(): Promise<string> {
    if (this.closed) throw new Error('the app is closing');
    let idp: LocalIdp;
    try {
      idp = await startLocalIdp({ port: this.settings.vneidLocalPort, providerKey: this.providerKey, redirectUris: [this.redirectUri], log: this.log });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || this.settings.vneidLocalPort === 0) throw err;
      const issuer = `http://${LOCAL_IDP_HOST}:${this.settings.vneidLocalPort}`;
      this.log.info({ issuer }, 'port of the local VNeID stand-in is taken: using the stand-in already running there (npm run idp)');
      return issuer;
    }
    if (this.closed) {
      await idp.close();
      throw new Error('the app is closing');
    }
    this.localIdp = idp;
    return idp.issuer;
  }

  private async discoverAt(issuer: string, clientId: string, clientSecret: string, insecure: boolean): Promise<oidc.Configuration> {
    const options: oidc.DiscoveryRequestOptions = { timeout: 10 };
    // Plain http is allowed for the loopback stand-in only, never for the real provider.
    if (insecure) options.execute = [oidc.allowInsecureRequests];
    let config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret), options);
    // client_secret_basic is the OpenID Connect default; use client_secret_post if that is all the provider takes.
    const methods = config.serverMetadata().token_endpoint_auth_methods_supported;
    if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
      config = new oidc.Configuration(config.serverMetadata(), clientId, undefined, oidc.ClientSecretPost(clientSecret));
      if (insecure) oidc.allowInsecureRequests(config);
    }
    return config;
  }
}
