/** Builds the OpenAPI document of the whole app, as committed in docs/openapi.json. */
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';

export async function buildOpenApiDocument(): Promise<string> {
  const database = await openDatabase({});
  const config = loadConfig({ NODE_ENV: 'test' }, { serveWeb: false, demoMode: false, logLevel: 'silent' });
  const app = await buildApp({ config, database });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
  }
}
