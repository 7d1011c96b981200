/**
 * Verifies the audit log's hash chain of the configured database (same settings as the server).
 * Exit 0 when intact, 1 with the first broken row otherwise. Usage: npm run audit:verify
 */
import { loadConfigOrExit } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { verifyAuditChain } from '../src/platform/audit/auditLog.js';

const config = loadConfigOrExit();
const database = await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: config.dataDir });
try {
  const result = await verifyAuditChain(database.db);
  if (result.ok) {
    console.log(`audit chain intact: ${result.rowsChecked} rows checked`);
  } else {
    console.error(`audit chain BROKEN at row ${result.firstBroken!.id} (${result.firstBroken!.reason}); ${result.rowsChecked} rows before it are intact`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
