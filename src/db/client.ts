/**
 * Opens the database: embedded PGlite (files under DATA_DIR, or in memory) or PostgreSQL.
 * Both speak the same SQL; the rest of the code sees one Drizzle type, `Db`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The Postgres schema tables live in (only set for PostgreSQL test isolation). */
  schemaName?: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… — otherwise embedded PGlite. */
  databaseUrl?: string;
  /** Directory for PGlite files; omit for an in-memory database (tests). */
  dataDir?: string;
  /** PostgreSQL only: put every table in this schema (created if missing). */
  schemaName?: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openPglite(options.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  let location: string | undefined;
  if (dataDir) {
    location = join(resolve(dataDir), 'pglite');
    mkdirSync(location, { recursive: true });
  }
  // Extensions the migrations create must be loaded into the embedded engine first.
  const client = new PGlite({ ...(location ? { dataDir: location } : {}), extensions: { pg_trgm } });
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    ping: async () => { await client.query('select 1'); },
    close: once(() => client.close()),
  };
}

async function openPostgres(databaseUrl: string, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const { schemaName } = options;
  if (schemaName && !/^[a-z_][a-z0-9_]*$/.test(schemaName)) throw new Error(`invalid schema name ${schemaName}`);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    // Each connection resolves unqualified table names in the chosen schema first.
    ...(schemaName ? { options: `-c search_path=${schemaName},public` } : {}),
  });
  // An idle client that loses its server emits 'error'; without a listener that would crash the process.
  pool.on('error', () => undefined);
  if (schemaName) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schemaName}`);
  else await pool.query('select 1');
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    ...(schemaName ? { schemaName } : {}),
    ping: async () => { await pool.query('select 1'); },
    close: once(() => pool.end()),
  };
}

/** Closing twice (a test's own close, then its teardown) is not an error. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}
