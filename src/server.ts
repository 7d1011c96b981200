/** Starts the server. Everything else is built in app.ts. */
import { loadConfigOrExit, type AppConfig } from './config.js';
import { buildApp } from './app.js';
import { loadCityPack } from './cities/cityPack.js';
import { DEMO_PASSWORD, demoOfficials } from './modules/accounts/demoAccounts.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await buildApp({ config });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      void app.close().then(() => process.exit(0));
    });
  }
  await app.listen({ host: config.host, port: config.port });
  app.log.info(`Công dân số is ready: ${config.publicBaseUrl} (API docs: ${config.publicBaseUrl}/api/docs)`);
  if (config.demoMode) printDemoBanner(config);
}

/** Plain text beside the JSON log, so a newcomer sees at once where to go and how to sign in. */
function printDemoBanner(config: AppConfig): void {
  const baseUrl = config.publicBaseUrl;
  const { settings } = loadCityPack(config.city);
  const officials = demoOfficials(`${settings.wardUnit.codePrefix}${settings.demo.wardId}`, settings.demo.departmentCode);
  console.log([
    '',
    `  Công dân số — ${settings.nameVi} (demo mode)`,
    `  Web app:  ${baseUrl}/`,
    `  API docs: ${baseUrl}/api/docs`,
    `  Officials (password "${DEMO_PASSWORD}", then the code from \`npm run demo:totp -- <username>\`):`,
    `    ${officials.map((o) => o.username).join(', ')}`,
    config.smsMode === 'console' ? `  Citizens: sign in with any mobile number; the one-time code shows at ${baseUrl}/dev/sms` : '',
    '',
  ].join('\n'));
}

main().catch((err: unknown) => {
  console.error('start-up failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
