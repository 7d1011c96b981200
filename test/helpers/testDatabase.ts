/**
 * The databases every DB test runs on: embedded PGlite always, and PostgreSQL when
 * TEST_DATABASE_URL is set — which CI always does, so there a missing PostgreSQL fails the run
 * instead of silently skipping half the suite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';

export type DatabaseTarget = 'pglite' | 'postgres';

export const CI_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function postgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || (process.env.CI === 'true' ? CI_DATABASE_URL : undefined);
}

export function databaseTargets(): DatabaseTarget[] {
  return postgresUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Closes the connection and, on PostgreSQL, drops the test's own schema. */
  dispose(): Promise<void>;
}

/** A fresh, empty database: in-memory PGlite, or a new schema in the PostgreSQL test database. */
export async function createTestDatabase(target: DatabaseTarget): Promise<TestDatabase> {
  if (target === 'pglite') {
    const handle = await openDatabase({});
    return { handle, dispose: () => handle.close() };
  }
  const url = postgresUrl();
  if (!url) throw new Error('PostgreSQL tests need TEST_DATABASE_URL');
  const schemaName = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const handle = await openDatabase({ databaseUrl: url, schemaName, poolSize: 4 });
  return {
    handle,
    dispose: async () => {
      await handle.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schemaName} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
