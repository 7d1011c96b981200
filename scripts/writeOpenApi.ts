/**
 * Writes docs/openapi.json from the route schemas (a test fails when the committed copy is stale).
 * Usage: npm run openapi:write
 */
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../src/platform/openapi/buildDocument.js';

const document = await buildOpenApiDocument();
writeFileSync(new URL('../docs/openapi.json', import.meta.url), document);
console.log('docs/openapi.json written');
