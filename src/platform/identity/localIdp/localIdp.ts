/**
 * A stand-in for VNeID (Vietnam's national identity app, an OpenID Connect provider) for
 * development and tests, built on `oidc-provider`. It speaks the real protocol — discovery,
 * authorization code flow with PKCE (required), signed ID tokens, userinfo — and lets a person
 * (or a test, with plain HTTP) pick one of a few made-up citizens instead of proving who they are.
 *
 * - Listens on 127.0.0.1 only; issuer `http://127.0.0.1:<port>`.
 * - One confidential client, `cong-dan-so`, authenticating with client_secret_basic. Its secret
 *   is derived from the installation's `oidc-provider` key (HKDF of SECRET_KEY, see secretKeys.ts),
 *   so the app and `npm run idp` agree on it without configuration.
 * - Cookie-signing keys are derived from the same key; the ID-token signing key (RSA) is
 *   generated per process, so tokens do not outlive a restart (nor do sign-ins in progress:
 *   the provider keeps its state in memory).
 * - Scopes `openid profile`; claims sub, name, birthdate, gender, phone_number,
 *   phone_number_verified and the custom `citizen_id` (12-digit CCCD), all under `profile`.
 */
import { createHmac, generateKeyPair, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { InteractionDetails, KoaContextLike, Provider as ProviderType } from 'oidc-provider';
import { DEMO_CITIZENS, findDemoCitizen } from './demoCitizens.js';
import { PAGE_HEADERS, renderChooseCitizen, renderErrorPage } from './interactionPage.js';

export const LOCAL_IDP_HOST = '127.0.0.1';
export const LOCAL_CLIENT_ID = 'cong-dan-so';
export const LOCAL_SCOPES = ['openid', 'profile'] as const;
export const LOCAL_PROFILE_CLAIMS = ['name', 'birthdate', 'gender', 'phone_number', 'phone_number_verified', 'citizen_id'] as const;

const MAX_FORM_BYTES = 8 * 1024;
const TTL_SECONDS = { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 };

/** The client secret of `cong-dan-so` at the stand-in: HMAC of a fixed label with the `oidc-provider` key. */
export function localClientSecret(providerKey: Buffer): string {
  return createHmac('sha256', providerKey).update('local-idp:client-secret').digest('base64url');
}

export interface LocalIdpLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface LocalIdpOptions {
  /** 0 = any free port. */
  port: number;
  /** `keys.key('oidc-provider')`: the client secret and cookie keys are derived from it. */
  providerKey: Buffer;
  /** Where the provider may send people back to, e.g. `${PUBLIC_BASE_URL}/api/v1/auth/vneid/callback`. */
  redirectUris: string[];
  log?: LocalIdpLogger;
}

export interface LocalIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

const silentLog: LocalIdpLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Starts the stand-in; rejects with the listen error (e.g. EADDRINUSE) when the port is taken. */
export async function startLocalIdp(options: LocalIdpOptions): Promise<LocalIdp> {
  const log = options.log ?? silentLog;
  const { Provider, interactionPolicy, createMemoryAdapter } = await loadOidcProvider();
  const signingKey = (await promisify(generateKeyPair)('rsa', { modulusLength: 2048 })).privateKey.export({ format: 'jwk' });

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOCAL_IDP_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${LOCAL_IDP_HOST}:${port}`;
  const clientSecret = localClientSecret(options.providerKey);

  // Always show the picker, even when the browser still has a session at the stand-in, so
  // people can switch between demo citizens.
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(new interactionPolicy.Check(
    'stand_in_always_asks', 'the stand-in asks which citizen on every sign-in', 'login_required',
    (ctx) => (ctx.oidc?.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT),
  ));

  const provider: ProviderType = new Provider(issuer, {
    clients: [{
      client_id: LOCAL_CLIENT_ID,
      client_secret: clientSecret,
      client_name: 'Công dân số',
      redirect_uris: options.redirectUris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: [...LOCAL_SCOPES],
    claims: { openid: ['sub'], profile: [...LOCAL_PROFILE_CLAIMS] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: true },
    },
    interactions: { policy, url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => {
      const citizen = findDemoCitizen(sub);
      if (!citizen) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          name: citizen.name,
          birthdate: citizen.birthdate,
          gender: citizen.gender,
          phone_number: citizen.phone_number,
          phone_number_verified: true,
          citizen_id: citizen.citizen_id,
        }),
      };
    },
    cookies: {
      keys: [createHmac('sha256', options.providerKey).update('local-idp:cookies').digest('base64url')],
      names: { session: '_vneid_session', interaction: '_vneid_interaction', resume: '_vneid_resume' },
    },
    jwks: { keys: [{ ...signingKey, kid: `local-${randomBytes(6).toString('hex')}`, use: 'sig', alg: 'RS256' }] },
    ttl: TTL_SECONDS,
    // The library's own in-memory store, chosen explicitly (its default warns that it is one).
    adapter: createMemoryAdapter(15),
    clientBasedCORS: () => false,
    renderError: async (ctx: KoaContextLike, out: Record<string, unknown>) => {
      ctx.type = 'html';
      ctx.body = renderErrorPage(out);
    },
  });
  provider.on('server_error', (_ctx: unknown, err: unknown) => log.error({ err }, 'local VNeID stand-in: server error'));

  const oidcHandler = provider.callback();

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    let details: InteractionDetails;
    try {
      details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new Error('interaction cookie does not match the page');
    } catch (err) {
      sendPage(res, 400, renderErrorPage({ error: 'invalid_request', error_description: (err as Error).message }));
      return;
    }
    const clientId = String(details.params.client_id ?? '');
    if (req.method === 'GET') {
      const client = await provider.Client.find(clientId);
      sendPage(res, 200, renderChooseCitizen({
        clientName: client?.clientName ?? clientId,
        scopes: String(details.params.scope ?? '').split(' ').filter(Boolean),
        citizens: DEMO_CITIZENS,
        submitUrl: `/interaction/${encodeURIComponent(uid)}`,
      }));
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return;
    }
    const form = await readForm(req);
    if (!form) {
      sendPage(res, 400, renderErrorPage({ error: 'invalid_request', error_description: 'form body missing or too large' }));
      return;
    }
    if (form.get('action') === 'cancel') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User cancelled the sign-in' }, { mergeWithLastSubmission: false });
      return;
    }
    const citizen = findDemoCitizen(form.get('citizen') ?? '');
    if (!citizen) {
      sendPage(res, 400, renderErrorPage({ error: 'invalid_request', error_description: 'unknown citizen' }));
      return;
    }
    // Sign-in and consent in one step: the grant covers the scopes the client asked for.
    const grant = new provider.Grant({ accountId: citizen.sub, clientId });
    const requested = String(details.params.scope ?? '').split(' ').filter((s) => (LOCAL_SCOPES as readonly string[]).includes(s));
    grant.addOIDCScope(requested.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: citizen.sub, remember: false }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const match = /^\/interaction\/([A-Za-z0-9_-]{1,100})$/.exec(path);
    if (!match) {
      oidcHandler(req, res);
      return;
    }
    handleInteraction(req, res, match[1]!).catch((err: unknown) => {
      log.error({ err }, 'local VNeID stand-in: interaction failed');
      if (!res.headersSent) sendPage(res, 500, renderErrorPage({ error: 'server_error' }));
      else res.end();
    });
  });

  log.info({ issuer, clientId: LOCAL_CLIENT_ID, redirectUris: options.redirectUris }, 'local VNeID stand-in listening');
  let closing: Promise<void> | undefined;
  return {
    issuer,
    clientId: LOCAL_CLIENT_ID,
    clientSecret,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/**
 * Loaded on demand: only development and tests run the stand-in. oidc-provider 9 warns at import
 * that it wants Node 22; this project runs on Node 20, where the stand-in is tested (the
 * vneid tests), so that one notice is dropped. Every other warning goes through.
 */
async function loadOidcProvider() {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
    warn(...args);
  };
  try {
    const [library, memory] = await Promise.all([import('oidc-provider'), import('oidc-provider/lib/adapters/memory_adapter.js')]);
    return { Provider: library.Provider, interactionPolicy: library.interactionPolicy, createMemoryAdapter: memory.createMemoryAdapter };
  } finally {
    console.warn = warn;
  }
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS).end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded')) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
