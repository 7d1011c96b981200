/**
 * Builds the real app on a fresh test database, and signs people in without the slow password
 * path. Use `describeEachDatabase` so a test file runs on every configured database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type AppConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { units, unitMemberships, users } from '../../src/db/schema/index.js';
import type { OfficialRole } from '../../src/platform/auth/principal.js';
import { createSession } from '../../src/platform/auth/sessionStore.js';
import { createTestDatabase, databaseTargets, type DatabaseTarget } from './testDatabase.js';

export interface TestContext {
  app: App;
  db: DatabaseHandle['db'];
  handle: DatabaseHandle;
  target: DatabaseTarget;
}

export async function startTestApp(target: DatabaseTarget, overrides: Partial<AppConfig> = {}): Promise<TestContext & { close(): Promise<void> }> {
  const database = await createTestDatabase(target);
  // Keys and media of a test go to a directory of its own, removed afterwards.
  const dataDir = mkdtempSync(join(tmpdir(), 'cds-test-'));
  // Load shedding is off in tests unless a test turns it on: many suites in parallel on two cores
  // would otherwise be shed for the machine's load, not the app's.
  const config = loadConfig({ NODE_ENV: 'test' }, {
    serveWeb: false, demoMode: false, logLevel: 'silent', dataDir, overloadMaxEventLoopDelayMs: 0, overloadMaxHeapMb: 0, ...overrides,
  });
  const app = await buildApp({ config, database: database.handle });
  await app.ready();
  return {
    app, db: database.handle.db, handle: database.handle, target,
    close: async () => { await app.close(); await database.dispose(); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

/**
 * Registers `suite` once per database target. The context is filled in by a `before` hook, so
 * read it inside tests, not at registration time.
 */
export function describeEachDatabase(name: string, suite: (ctx: TestContext) => void, overrides: Partial<AppConfig> = {}): void {
  for (const target of databaseTargets()) {
    describe(`${name} [${target}]`, () => {
      const ctx = { target } as TestContext;
      let close: (() => Promise<void>) | undefined;
      before(async () => {
        const started = await startTestApp(target, overrides);
        Object.assign(ctx, started);
        close = started.close;
      });
      after(async () => { await close?.(); });
      suite(ctx);
    });
  }
}

let counter = 0;

/** Creates a user (official with roles in a unit, or citizen) and returns a bearer header for them. */
export async function signIn(db: DatabaseHandle['db'], who: { kind: 'official'; roles: OfficialRole[]; unitCode?: string } | { kind: 'citizen'; identityLevel?: number }): Promise<{ authorization: string; userId: string }> {
  counter += 1;
  const [user] = await db.insert(users).values({
    kind: who.kind,
    username: `test-user-${counter}-${Date.now()}`,
    displayName: `Test ${who.kind} ${counter}`,
    identityLevel: who.kind === 'citizen' ? who.identityLevel ?? 1 : 2,
  }).returning({ id: users.id });
  if (who.kind === 'official' && who.roles.length > 0) {
    const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.code, who.unitCode ?? 'ha-noi'));
    if (!unit) throw new Error(`no unit ${who.unitCode}`);
    await db.insert(unitMemberships).values(who.roles.map((role) => ({ userId: user!.id, unitId: unit.id, role })));
  }
  const session = await createSession(db, user!.id);
  return { authorization: `Bearer ${session.token}`, userId: user!.id };
}

export const asCityAdmin = (db: DatabaseHandle['db']) => signIn(db, { kind: 'official', roles: ['city_admin'] });
