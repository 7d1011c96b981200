/**
 * Every setting of the server, typed and validated once at start.
 *
 * Sources, later ones win: built-in defaults → an optional JSON file (CONFIG_FILE) → environment
 * variables. A bad value stops start-up with a message naming the setting (see ConfigError).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { parseAllowlist } from './platform/http/adminIpAllowlist.js';

const LogLevel = Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const ConfigSchema = Type.Object({
  nodeEnv: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')]),
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  /** Where the embedded database, media and generated keys live. */
  dataDir: Type.String({ minLength: 1 }),
  /** postgres://… switches from embedded PGlite to PostgreSQL. */
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  logLevel: LogLevel,
  /** Which city pack under cities/ provides reference data (wards, units, categories, calendar). */
  city: Type.String({ pattern: '^[a-z0-9-]+$' }),
  /** Demo accounts and sample content; never allowed in production. */
  demoMode: Type.Boolean(),
  /** Public origin used in links we generate (e.g. Open311 discovery, e-mails). */
  publicBaseUrl: Type.String({ pattern: '^https?://' }),
  /** Maximum JSON body size in bytes. */
  bodyLimit: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 }),
  /** Requests per minute per client IP on the public API. */
  rateLimitPerMinute: Type.Integer({ minimum: 1 }),
  /** Bearer token required for GET /metrics; empty = open (acceptable on a private network only). */
  metricsToken: Type.String(),
  trustProxy: Type.Boolean(),
  /** Serve the built web app from web/dist. Off in API-only deployments. */
  serveWeb: Type.Boolean(),
  /** Master secret (hex or base64, ≥ 32 bytes) for encryption at rest; generated in DATA_DIR outside production. */
  secretKey: Type.Optional(Type.String({ minLength: 32 })),
  /** Where one-time codes go: `console` (server log + dev inbox) or `http` (an SMS gateway). */
  smsMode: Type.Union([Type.Literal('console'), Type.Literal('http')]),
  smsGatewayUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
  smsGatewayKey: Type.Optional(Type.String({ minLength: 1 })),
  /** VNeID sign-in: off, `local` (bundled stand-in identity provider) or `remote` (the real one). */
  vneidMode: Type.Union([Type.Literal('off'), Type.Literal('local'), Type.Literal('remote')]),
  vneidIssuer: Type.Optional(Type.String({ pattern: '^https?://' })),
  vneidClientId: Type.Optional(Type.String({ minLength: 1 })),
  vneidClientSecret: Type.Optional(Type.String({ minLength: 1 })),
  /** Port of the local stand-in VNeID provider (VNEID_MODE=local); 0 = any free port. */
  vneidLocalPort: Type.Integer({ minimum: 0, maximum: 65535 }),
  /** A session ends after this many minutes without use … */
  sessionIdleMinutes: Type.Integer({ minimum: 1, maximum: 60 * 24 * 30 }),
  /** … and after this many hours whatever the use. */
  sessionAbsoluteHours: Type.Integer({ minimum: 1, maximum: 24 * 90 }),
  /** Posts a minute per Open311 API key (requests and updates). */
  open311WritesPerMinute: Type.Integer({ minimum: 1 }),
  /** Comma-separated IPs or CIDR ranges allowed on admin routes; empty = no restriction. */
  adminIpAllowlist: Type.String(),
  /** Load shedding (503 + Retry-After): mean event-loop delay in ms over a 1 s sample; 0 = off. */
  overloadMaxEventLoopDelayMs: Type.Integer({ minimum: 0, maximum: 60_000 }),
  /** … V8 heap in use in MB (default 90 % of the heap limit); 0 = off. */
  overloadMaxHeapMb: Type.Integer({ minimum: 0 }),
  /** … resident memory of the process in MB; 0 = off. */
  overloadMaxRssMb: Type.Integer({ minimum: 0 }),
  /** Seconds a refused client is told to wait (Retry-After). */
  overloadRetryAfterSeconds: Type.Integer({ minimum: 1, maximum: 3600 }),
});
export type AppConfig = Static<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Environment variable → config key, with how to parse the text. */
const ENV_KEYS: Record<string, [keyof AppConfig, 'string' | 'int' | 'bool']> = {
  NODE_ENV: ['nodeEnv', 'string'],
  HOST: ['host', 'string'],
  PORT: ['port', 'int'],
  DATA_DIR: ['dataDir', 'string'],
  DATABASE_URL: ['databaseUrl', 'string'],
  LOG_LEVEL: ['logLevel', 'string'],
  CITY: ['city', 'string'],
  DEMO_MODE: ['demoMode', 'bool'],
  PUBLIC_BASE_URL: ['publicBaseUrl', 'string'],
  BODY_LIMIT: ['bodyLimit', 'int'],
  RATE_LIMIT_PER_MINUTE: ['rateLimitPerMinute', 'int'],
  METRICS_TOKEN: ['metricsToken', 'string'],
  TRUST_PROXY: ['trustProxy', 'bool'],
  SERVE_WEB: ['serveWeb', 'bool'],
  SECRET_KEY: ['secretKey', 'string'],
  SMS_MODE: ['smsMode', 'string'],
  SMS_GATEWAY_URL: ['smsGatewayUrl', 'string'],
  SMS_GATEWAY_KEY: ['smsGatewayKey', 'string'],
  VNEID_MODE: ['vneidMode', 'string'],
  VNEID_ISSUER: ['vneidIssuer', 'string'],
  VNEID_CLIENT_ID: ['vneidClientId', 'string'],
  VNEID_CLIENT_SECRET: ['vneidClientSecret', 'string'],
  VNEID_LOCAL_PORT: ['vneidLocalPort', 'int'],
  SESSION_IDLE_MINUTES: ['sessionIdleMinutes', 'int'],
  SESSION_ABSOLUTE_HOURS: ['sessionAbsoluteHours', 'int'],
  ADMIN_IP_ALLOWLIST: ['adminIpAllowlist', 'string'],
  OPEN311_WRITES_PER_MINUTE: ['open311WritesPerMinute', 'int'],
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: ['overloadMaxEventLoopDelayMs', 'int'],
  OVERLOAD_MAX_HEAP_MB: ['overloadMaxHeapMb', 'int'],
  OVERLOAD_MAX_RSS_MB: ['overloadMaxRssMb', 'int'],
  OVERLOAD_RETRY_AFTER_SECONDS: ['overloadRetryAfterSeconds', 'int'],
};

function parseEnvValue(name: string, text: string, kind: 'string' | 'int' | 'bool', problems: string[]): unknown {
  if (kind === 'string') return text;
  if (kind === 'int') {
    if (!/^-?\d+$/.test(text.trim())) problems.push(`${name}: expected an integer, got "${text}"`);
    return Number(text);
  }
  if (['1', 'true', 'yes', 'on'].includes(text.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(text.toLowerCase())) return false;
  problems.push(`${name}: expected true or false, got "${text}"`);
  return text;
}

/** Builds the configuration from defaults, CONFIG_FILE and the environment; throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const problems: string[] = [];
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  const port = env.PORT ?? '3000';
  const defaults: AppConfig = {
    nodeEnv,
    host: '127.0.0.1',
    port: 3000,
    dataDir: './data',
    logLevel: nodeEnv === 'test' ? 'silent' : 'info',
    city: 'hanoi',
    demoMode: nodeEnv !== 'production',
    publicBaseUrl: `http://127.0.0.1:${port}`,
    bodyLimit: 1024 * 1024,
    rateLimitPerMinute: 600,
    metricsToken: '',
    trustProxy: false,
    serveWeb: true,
    smsMode: 'console',
    vneidMode: nodeEnv === 'production' ? 'off' : 'local',
    vneidLocalPort: 3001,
    sessionIdleMinutes: 120,
    sessionAbsoluteHours: 12,
    adminIpAllowlist: '',
    open311WritesPerMinute: 30, // keep equal to OPEN311_WRITES_PER_MINUTE in modules/open311/routes.ts
    overloadMaxEventLoopDelayMs: 500,
    overloadMaxHeapMb: Math.floor(getHeapStatistics().heap_size_limit * 0.9 / 1024 / 1024),
    overloadMaxRssMb: 0,
    overloadRetryAfterSeconds: 10,
  };

  let fromFile: Record<string, unknown> = {};
  if (env.CONFIG_FILE) {
    try {
      fromFile = JSON.parse(readFileSync(resolve(env.CONFIG_FILE), 'utf8')) as Record<string, unknown>;
    } catch (err) {
      problems.push(`CONFIG_FILE: cannot read ${env.CONFIG_FILE} as JSON (${(err as Error).message})`);
    }
  }

  const fromEnv: Record<string, unknown> = {};
  for (const [name, [key, kind]] of Object.entries(ENV_KEYS)) {
    const text = env[name];
    if (text !== undefined && text !== '') fromEnv[key] = parseEnvValue(name, text, kind, problems);
  }

  const merged = { ...defaults, ...fromFile, ...fromEnv, ...overrides } as Record<string, unknown>;
  for (const key of Object.keys(merged)) {
    if (!(key in ConfigSchema.properties)) problems.push(`${key}: unknown setting (in CONFIG_FILE?)`);
  }
  for (const error of Value.Errors(ConfigSchema, merged)) {
    const key = error.instancePath.replace(/^\//, '').split('/')[0] || '(root)';
    const name = settingName(key);
    // A value that failed to parse is reported once, by the parser.
    if (!problems.some((p) => p.startsWith(`${name}:`))) {
      problems.push(`${name}: ${error.message} (got ${JSON.stringify(merged[key])})`);
    }
  }
  const config = merged as AppConfig;
  if (config.nodeEnv === 'production' && config.demoMode) {
    problems.push('DEMO_MODE: demo accounts are not allowed when NODE_ENV=production');
  }
  if (config.nodeEnv === 'production' && !config.secretKey) {
    problems.push('SECRET_KEY: must be set in production (hex or base64, at least 32 bytes)');
  }
  if (config.smsMode === 'http' && (!config.smsGatewayUrl || !config.smsGatewayKey)) {
    problems.push('SMS_GATEWAY_URL: SMS_MODE=http needs SMS_GATEWAY_URL and SMS_GATEWAY_KEY');
  }
  if (config.vneidMode === 'remote' && (!config.vneidIssuer || !config.vneidClientId || !config.vneidClientSecret)) {
    problems.push('VNEID_ISSUER: VNEID_MODE=remote needs VNEID_ISSUER, VNEID_CLIENT_ID and VNEID_CLIENT_SECRET');
  }
  if (config.nodeEnv === 'production' && config.vneidMode === 'local') {
    problems.push('VNEID_MODE: the local stand-in identity provider is not allowed in production');
  }
  try {
    parseAllowlist(config.adminIpAllowlist ?? '');
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (config.sessionIdleMinutes > config.sessionAbsoluteHours * 60) {
    problems.push('SESSION_IDLE_MINUTES: cannot be longer than SESSION_ABSOLUTE_HOURS');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Names a config key the way the operator set it (the environment variable). */
function settingName(key: string): string {
  const entry = Object.entries(ENV_KEYS).find(([, [k]]) => k === key);
  return entry ? entry[0] : key;
}

/** For entry points (server, scripts): the configuration, or the problems printed and exit 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
