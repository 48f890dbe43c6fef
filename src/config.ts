import Type, { type Static } from 'typebox';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QcGatesOverride } from './intake/qc-gates.js';
import { checkValue } from './validate.js';

/**
 * Configuration is read from the environment once, validated, frozen and handed to buildApp()
 * (STYLE §3). Nothing else reads process.env.
 */
export const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  dataDir: Type.String({ minLength: 1 }),
  /** postgres://… switches from embedded PGlite to a PostgreSQL server. */
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  /** Platform secret: keys the HMAC of hospital patient ids. Set KIBAN_SECRET in production. */
  secret: Type.String({ minLength: 32 }),
  sessionTtlMs: Type.Integer({ minimum: 60_000 }),
  loginMaxFailures: Type.Integer({ minimum: 1 }),
  /** Failed logins from one address (any user names) before it is throttled. */
  loginMaxFailuresPerAddress: Type.Integer({ minimum: 1 }),
  /** The first lock after too many failures; doubles per further failure up to loginLockoutMs. */
  loginBackoffMs: Type.Integer({ minimum: 0 }),
  loginLockoutMs: Type.Integer({ minimum: 1000 }),
  cookieSecure: Type.Boolean(),
  logLevel: Type.String(),
  /**
   * The level of the per-request log line and of background-job progress: `debug` on a terminal
   * outside production (so `npm start` shows its URL and accounts, not thousands of request
   * lines), `info` in production or when the output goes to a file or collector.
   */
  requestLogLevel: Type.Optional(Type.Enum(['trace', 'debug', 'info'])),
  /** Overrides of the per-stage turnaround targets, in days (see registry/tat.ts for defaults). */
  tatTargetsDays: Type.Record(Type.String(), Type.Number({ exclusiveMinimum: 0 })),
  /** Reference bundle (`kiban reference build`) the ingest pipeline normalises and annotates with. */
  referenceDir: Type.Optional(Type.String({ minLength: 1 })),
  /** Append-only file of signed audit checkpoints (docs/audit.md); keep it off the database host if you can. */
  auditCheckpointFile: Type.String({ minLength: 1 }),
  auditCheckpointMs: Type.Integer({ minimum: 1000 }),
  /** Knowledge bundle (`kiban knowledge build`) interpretation runs with; the demo builds its own. */
  knowledgeDir: Type.Optional(Type.String({ minLength: 1 })),
  /** Aggregates below this many individuals are suppressed. */
  minCellSize: Type.Integer({ minimum: 1 }),
  /** Overrides of the sequencing QC gates (see docs/qc-gates.md for the defaults), KIBAN_QC_GATES as JSON. */
  qcGates: Type.Optional(QcGatesOverride),
});

export type Config = Readonly<Static<typeof ConfigSchema>>;

const HOUR_MS = 3_600_000;

/**
 * `readOnly`: for commands that only read an existing database (`kiban audit verify`): nothing is
 * created on disk (no data folder, no secret file); without a stored secret an in-memory one
 * stands in, as such commands compute no patient-id HMAC.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, opts: { readOnly?: boolean } = {}): Config {
  const dataDir = resolve(env.KIBAN_DATA_DIR ?? './.kiban');
  const raw = {
    port: Number(env.KIBAN_PORT ?? 8080),
    host: env.KIBAN_HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    secret: env.KIBAN_SECRET ?? (opts.readOnly ? readSecret(dataDir) ?? randomBytes(32).toString('hex') : loadOrCreateSecret(dataDir)),
    sessionTtlMs: Number(env.KIBAN_SESSION_TTL_MS ?? 8 * HOUR_MS),
    loginMaxFailures: Number(env.KIBAN_LOGIN_MAX_FAILURES ?? 5),
    loginMaxFailuresPerAddress: Number(env.KIBAN_LOGIN_MAX_FAILURES_PER_ADDRESS ?? 20),
    loginBackoffMs: Number(env.KIBAN_LOGIN_BACKOFF_MS ?? 30_000),
    loginLockoutMs: Number(env.KIBAN_LOGIN_LOCKOUT_MS ?? 15 * 60_000),
    cookieSecure: cookieSecure(env),
    logLevel: env.KIBAN_LOG_LEVEL ?? 'info',
    requestLogLevel: env.KIBAN_REQUEST_LOG_LEVEL ?? (env.NODE_ENV !== 'production' && process.stdout.isTTY ? 'debug' : 'info'),
    tatTargetsDays: env.KIBAN_TAT_TARGETS_DAYS ? parseJson(env.KIBAN_TAT_TARGETS_DAYS) : {},
    minCellSize: Number(env.KIBAN_MIN_CELL_SIZE ?? 10),
    auditCheckpointFile: resolve(env.KIBAN_AUDIT_CHECKPOINT_FILE ?? join(dataDir, 'audit-checkpoints.jsonl')),
    auditCheckpointMs: Number(env.KIBAN_AUDIT_CHECKPOINT_MS ?? 10_000),
    qcGates: env.KIBAN_QC_GATES ? parseJson(env.KIBAN_QC_GATES) : undefined,
    referenceDir: env.KIBAN_REFERENCE_DIR ? resolve(env.KIBAN_REFERENCE_DIR) : undefined,
    knowledgeDir: env.KIBAN_KNOWLEDGE_DIR ? resolve(env.KIBAN_KNOWLEDGE_DIR) : undefined,
  };
  // README documents KIBAN_REFERENCE_DIR; it was never read until the knowledge dir joined it.
  if (raw.referenceDir === undefined) delete raw.referenceDir;
  if (raw.knowledgeDir === undefined) delete raw.knowledgeDir;
  if (raw.databaseUrl === undefined) delete raw.databaseUrl;
  if (raw.qcGates === undefined) delete raw.qcGates;
  return Object.freeze(checkValue(ConfigSchema, raw, 'configuration'));
}

/** A config for tests and tools: defaults plus overrides, no environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent',
    secret: 'test-secret-0123456789abcdef0123456789abcdef',
    sessionTtlMs: 8 * HOUR_MS,
    loginMaxFailures: 5,
    loginMaxFailuresPerAddress: 20,
    loginBackoffMs: 30_000,
    loginLockoutMs: 15 * 60_000,
    cookieSecure: false,
    logLevel: 'silent',
    tatTargetsDays: {},
    minCellSize: 10,
    auditCheckpointFile: '/nonexistent/audit-checkpoints.jsonl',
    auditCheckpointMs: 10_000,
    ...overrides,
  });
}

/**
 * The session cookie is `Secure` (sent over HTTPS only) unless Kiban listens on loopback only, where
 * the local browser talks plain HTTP. KIBAN_COOKIE_SECURE=true|false overrides either way.
 */
function cookieSecure(env: NodeJS.ProcessEnv): boolean | string {
  const set = env.KIBAN_COOKIE_SECURE;
  if (set !== undefined && set !== '') return set === 'true' ? true : set === 'false' ? false : set; // anything else fails validation
  const host = env.KIBAN_HOST ?? '127.0.0.1';
  return !(host === 'localhost' || host === '::1' || /^127\./.test(host));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // fails validation with a field-named message
  }
}

function readSecret(dataDir: string): string | undefined {
  const file = join(dataDir, 'secret');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** The embedded set-up keeps its secret beside its data, readable by the owner only. */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  const existing = readSecret(dataDir);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
