/**
 * Runs the local stand-in VNeID on its own: `npm run idp`.
 *
 * Reads the same settings as the server (PUBLIC_BASE_URL for the redirect URI, DATA_DIR or
 * SECRET_KEY for the client secret, VNEID_LOCAL_PORT, default 3001). A server started with
 * VNEID_MODE=local (the development default) finds it on that port and uses it instead of
 * starting its own — handy with `npm run dev`, whose restarts would otherwise drop sign-ins
 * in progress. Development only: refused when NODE_ENV=production.
 */
import { loadConfigOrExit } from '../src/config.js';
import { loadSecretKeys } from '../src/platform/crypto/secretKeys.js';
import { DEMO_CITIZENS } from '../src/platform/identity/localIdp/demoCitizens.js';
import { startLocalIdp } from '../src/platform/identity/localIdp/localIdp.js';
import { vneidRedirectUri } from '../src/modules/vneid/vneidClient.js';

const config = loadConfigOrExit();
if (config.nodeEnv === 'production') {
  console.error('The local VNeID stand-in is for development and tests only (NODE_ENV=production).');
  process.exit(1);
}

const keys = loadSecretKeys({ secretKey: config.secretKey, dataDir: config.dataDir, production: false });
const port = config.vneidLocalPort || 3001;
const log = {
  info: (obj: object, msg?: string) => console.log(msg ?? '', JSON.stringify(obj)),
  warn: (obj: object, msg?: string) => console.warn(msg ?? '', JSON.stringify(obj)),
  error: (obj: object, msg?: string) => console.error(msg ?? '', obj),
};

try {
  const idp = await startLocalIdp({ port, providerKey: keys.key('oidc-provider'), redirectUris: [vneidRedirectUri(config.publicBaseUrl)], log });
  console.log([
    '',
    '  VNeID stand-in (development only — made-up citizens, not the real VNeID)',
    `  Issuer:        ${idp.issuer}`,
    `  Discovery:     ${idp.issuer}/.well-known/openid-configuration`,
    `  Client:        ${idp.clientId} (client_secret_basic; secret derived from SECRET_KEY / ${config.dataDir}/secret.key)`,
    `  Client secret: ${idp.clientSecret}`,
    `  Redirect URI:  ${vneidRedirectUri(config.publicBaseUrl)}`,
    `  Citizens:      ${DEMO_CITIZENS.map((c) => `${c.name} (${c.citizen_id})`).join(', ')}`,
    '',
  ].join('\n'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void idp.close().then(() => process.exit(0));
    });
  }
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  console.error(code === 'EADDRINUSE' ? `Port ${port} is taken (set VNEID_LOCAL_PORT).` : `Could not start: ${(err as Error).message}`);
  process.exit(1);
}
