/** The whole database schema; drizzle-kit generates migrations from these files. */
export * from './referenceData.js';
export * from './calendar.js';
export * from './audit.js';
export * from './accounts.js';
export * from './meta.js';
export * from './reports.js';
export * from './open311.js';
