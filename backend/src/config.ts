/**
 * One typed Config, parsed from the environment with zod. A bad value stops start-up with a message that
 * names the variable. Every variable is documented in `.env.example`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { opsConfig, opsEnvShape, type OpsConfig } from './backups/config.js';
import { billingEnvShape, stripeConfig, type StripeConfig } from './billing/config.js';
import type { OcrSettings } from './documents/extract/ocr.js';
import type { IngestLimits } from './documents/extract/types.js';

/** Repository root (two levels above backend/src). */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const csv = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(z.string().url().optional());

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Unset: http://localhost:<PORT>, so links and the start-up message follow a changed PORT.
  PUBLIC_URL: z.string().url().optional(),
  COMPANY_URL: z.string().url().default('https://intellio.ai'),
  // Where "contact support" points, in the web app, the panes and mails (empty: no address is shown).
  SUPPORT_EMAIL: z.string().optional().transform((v) => v || undefined).pipe(z.string().email().optional()),
  // Where users install the Google Sheets add-on (its Google Workspace Marketplace listing), shown in the web app.
  SHEETS_ADDON_URL: optionalUrl,
  DATA_DIR: z.string().default(path.join(ROOT_DIR, 'data')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: optionalUrl,
  DATABASE_SSL: bool.default(false),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  PGLITE_DIR: z.string().optional(),
  REDIS_URL: optionalUrl,
  REDIS_PREFIX: z.string().default('intellio:'),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(120).default(20),
  BCRYPT_COST: z.coerce.number().int().min(12, 'must be at least 12').max(15).default(12),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  LOGIN_FAILURES_BEFORE_LOCK: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  RESET_MAILS_PER_HOUR: z.coerce.number().int().min(1).default(3),
  REQUIRE_ADMIN_MFA: bool.default(false),
  // Reverse proxies in front of the app whose X-Forwarded-For entries are trusted (0 = use the socket address).
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),

  CORS_ORIGINS: csv,
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/i, 'must look like 1mb or 512kb').default('1mb'),

  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().default('Intellio <no-reply@intellio.local>'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional().or(z.literal('').transform(() => undefined)),
  ACTIVITY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  STATS_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),

  // Documents, storage, queue, embeddings (issue #3).
  UPLOAD_LIMIT_MB: z.coerce.number().positive().max(4096).default(50),
  FILES_DIR: z.string().optional(),
  GCS_BUCKET: z.string().optional().transform((v) => v || undefined),
  GCS_API_ENDPOINT: optionalUrl,
  GCS_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  STORAGE_RECONCILE_HOURS: z.coerce.number().int().min(0).max(24 * 30).default(24),
  PDF_EXTRACTOR: z.enum(['auto', 'pdftotext', 'pdfjs']).default('auto'),
  OCR: z.enum(['auto', 'off']).default('auto'),
  // Tesseract's -l: eng (default), kor for Korean scans (tesseract-ocr-kor), eng+deu … (see extract/ocr.ts).
  OCR_LANGUAGES: z.string().regex(/^[A-Za-z_]+(\+[A-Za-z_]+)*$/, 'Tesseract languages joined by +, e.g. eng+deu').default('eng'),
  OCR_MAX_PAGES: z.coerce.number().int().min(1).max(5000).default(300),
  DOCUMENTS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  SIGNED_URL_TTL_SECONDS: z.coerce.number().int().min(30).max(7 * 86_400).default(900),
  OPENAI_API_KEY: z.string().optional().transform((v) => v || undefined),
  OPENAI_BASE_URL: optionalUrl,
  EMBEDDING_PROVIDER: z.enum(['local', 'openai', '']).optional().transform((v) => v || undefined),
  EMBEDDING_MODEL: z.string().optional().transform((v) => v || undefined),
  EMBEDDING_DIM: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(16).max(4000).optional()),
  EMBEDDING_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(128),
  EMBEDDING_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  // 3, not one per core: a third job's CPU work fills the waits of the other two (tool start-up, commit
  // flushes, bookkeeping round trips); measured +6% ingest throughput on two cores.
  QUEUE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  JOB_BACKOFF_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
  RUN_WORKERS_IN_PROCESS: z.preprocess((v) => (v === '' ? undefined : v), bool.optional()),
  // Production topology (issue 32): the worker's health/metrics port, the shutdown grace, bee-queue's stall window.
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().positive().max(3600).default(25),
  JOB_STALL_SECONDS: z.coerce.number().positive().max(3600).default(10),
  // Ingest isolation (issue 26 H2): files are read in worker threads with these bounds.
  INGEST_WORKERS: z.coerce.number().int().min(1).max(32).default(1),
  INGEST_MEMORY_MB: z.coerce.number().int().min(64).max(16_384).default(512),
  INGEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(86_400).default(900),
  INGEST_MAX_UNZIPPED_MB: z.coerce.number().positive().max(16_384).default(200),
  INGEST_MAX_RATIO: z.coerce.number().min(2).max(100_000).default(100),
  INGEST_MAX_CELLS: z.coerce.number().int().min(1).max(1_000_000_000).default(5_000_000),

  // Analysis engine and token ledger (issue #4).
  CHAT_PROVIDER: z.enum(['local', 'openai', '']).optional().transform((v) => v || undefined),
  CHAT_MODEL: z.string().min(1).default('gpt-4o-mini'),
  CHAT_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  MODEL_PRICES: z.string().default(''),
  ANALYSIS_MAX_CELLS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  ANALYSIS_QUEUE_THRESHOLD_CELLS: z.coerce.number().int().min(1).default(2000),
  ANALYSIS_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(120),
  ANALYSIS_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(16).max(32_000).default(1500),
  ANALYSIS_PASSAGES: z.coerce.number().int().min(0).max(50).default(6),
  // How long an =INTELLIO() formula answer is kept, so a recalculation costs nothing (issue 29).
  FORMULA_CACHE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // The local analyst is priced by its work (cells read), not like a language model (issue 27).
  LOCAL_ANALYST_BASE_TOKENS: z.coerce.number().int().min(0).max(1_000_000).default(20),
  LOCAL_ANALYST_TOKENS_PER_1K_CELLS: z.coerce.number().min(0).max(1_000_000).default(50),
  ANALYSIS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  // Second pass over the claims the rule checks leave unchecked, by the chat model (issue 25).
  VERIFY_WITH_MODEL: bool.default(false),
  SIGNUP_TOKENS_BASIC: z.coerce.number().int().min(0).default(50_000),
  SIGNUP_TOKENS_PRO: z.coerce.number().int().min(0).default(500_000),
  SIGNUP_TOKENS_ENTERPRISE: z.coerce.number().int().min(0).default(5_000_000),

  // Backups, alerts, metrics (issue #9).
  ...opsEnvShape,

  // Billing: Stripe, plans, packs, alerts (issue #7).
  ...billingEnvShape,
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends OpsConfig {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  publicUrl: string;
  /** Whether publicUrl was set (PUBLIC_URL) or guessed from PORT ('default'): links from a guess may be wrong. */
  publicUrlSource: 'PUBLIC_URL' | 'default';
  companyUrl: string;
  supportEmail?: string;
  /** The Google Sheets add-on's install page, when it is published. */
  sheetsAddonUrl?: string;
  dataDir: string;
  logLevel: Env['LOG_LEVEL'];
  database: { url?: string; ssl: boolean; poolMax: number; pgliteDir: string };
  redis: { url?: string; prefix: string };
  auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    /** A rotated token presented again this soon, before its successor was ever used, is a lost response. */
    refreshReuseGraceSeconds: number;
    bcryptCost: number;
    rateLimitPerMinute: number;
    loginFailuresBeforeLock: number;
    loginLockMinutes: number;
    /** Password-reset mails sent to one address per hour; further requests answer the same but send nothing. */
    resetMailsPerHour: number;
    /** Admins without MFA may only set it up (plus /me and sign-out) until it is on. */
    requireAdminMfa: boolean;
  };
  /**
   * `trustProxyHops`: how many proxies append to X-Forwarded-For in front of the app. The client address is
   * the entry that many hops from the right; anything further left is written by the client and ignored.
   */
  http: { corsOrigins: string[]; bodyLimit: string; trustProxyHops: number };
  mail: { smtpUrl?: string; from: string };
  /**
   * `/metrics` needs `metricsToken` as a Bearer token when set; without it only loopback callers are answered.
   * Activity rows older than `activityRetentionDays` are purged; admin stats are cached `statsCacheTtlSeconds`.
   */
  monitoring: { metricsToken?: string; activityRetentionDays: number; statsCacheTtlSeconds: number };
  documents: {
    uploadLimitBytes: number;
    ratePerMinute: number;
    signedUrlTtlSeconds: number;
    pdfExtractor: Env['PDF_EXTRACTOR'];
    /** Text recognition of scanned PDF pages (extract/ocr.ts); `auto` runs it where Tesseract is installed. */
    ocr: OcrSettings;
  };
  /** Uploaded files: local disk under `filesDir`, or a GCS bucket when `gcsBucket` is set. */
  /** `reconcileHours`: how often stored files no document names are deleted (0 = never; see storage/reconcile-schedule.ts). */
  storage: { filesDir: string; gcsBucket?: string; gcsApiEndpoint?: string; gcsRetries: number; reconcileHours: number };
  /** Shared by every OpenAI-compatible client (embeddings now, the analysis model later). */
  openai: { apiKey?: string; baseUrl?: string };
  embeddings: { provider: 'local' | 'openai'; model: string; dim?: number; batchSize: number; concurrency: number };
  queue: { concurrency: number; attempts: number; backoffMs: number; runWorkersInProcess: boolean };
  /**
   * `workerPort`: where `npm run worker` serves /healthz, /readyz and /metrics. `shutdownGraceMs`: how long a
   * process may take to stop after SIGTERM. `stallMs`: a job whose worker stops renewing its lock for this
   * long (a killed process) goes back to the queue (bee-queue's stallInterval).
   */
  lifecycle: { workerPort: number; shutdownGraceMs: number; stallMs: number };
  /** Bounds on reading one uploaded file (documents/ingest-pool.ts, extract/zip.ts). */
  ingest: IngestLimits;
  analysis: {
    /** `openai` = the chat model below; `local` = the local analyst (statistics + passages, no LLM). */
    provider: 'local' | 'openai';
    chatModel: string;
    maxRetries: number;
    maxCells: number;
    queueThresholdCells: number;
    timeoutMs: number;
    maxOutputTokens: number;
    passages: number;
    ratePerMinute: number;
    /** Ask the chat model whether the claims the rules could not check follow from what they cite (openai only). */
    verifyWithModel: boolean;
    /** Ledger tokens of one local-analyst run: `baseTokens` + `tokensPer1kCells` per 1,000 selected cells. */
    localPrice: { baseTokens: number; tokensPer1kCells: number };
  };
  /** Cell formulas (formulas/): days a computed answer stays in the cache. */
  formulas: { cacheDays: number };
  billing: {
    signupTokens: { basic: number; pro: number; enterprise: number };
    /** Ledger tokens charged per 1,000 model tokens, by model name. A model missing here is refused. */
    modelPrices: Record<string, ModelPrice>;
  };
  /** Stripe, plans, token packs and balance alerts (`billing/config.ts`). */
  stripe: StripeConfig;
}

export interface ModelPrice {
  input: number;
  output: number;
}

/** Ledger tokens per 1K model tokens. The local analyst and local embedder are priced like any model. */
export const DEFAULT_MODEL_PRICES: Record<string, ModelPrice> = {
  'gpt-4o-mini': { input: 1000, output: 4000 },
  'gpt-4.1-mini': { input: 1000, output: 4000 },
  'gpt-4o': { input: 10_000, output: 40_000 },
  'local-analyst': { input: 1000, output: 1000 },
  'text-embedding-3-small': { input: 100, output: 0 },
  'text-embedding-3-large': { input: 500, output: 0 },
  'local-hash-v1': { input: 50, output: 0 },
};

/** Thrown for a bad environment; `server.ts` prints it and exits non-zero. */
export class ConfigError extends Error {}

/** Office add-in hosts that may call the API from a task pane (Excel on the web and desktop). */
const OFFICE_ORIGINS = [
  'https://excel.officeapps.live.com',
  'https://excel.office.com',
  'https://office.live.com',
  'https://appsforoffice.microsoft.com',
];

/** Parses `env` (default: process.env) into a Config, or throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError('Invalid environment configuration:\n  JWT_SECRET: required in production');
  }
  const chatProvider = e.CHAT_PROVIDER ?? (e.OPENAI_API_KEY || e.OPENAI_BASE_URL ? 'openai' : 'local');
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const publicOrigin = new URL(publicUrl).origin;
  const config: Config = {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    publicUrlSource: e.PUBLIC_URL ? 'PUBLIC_URL' : 'default',
    companyUrl: e.COMPANY_URL,
    supportEmail: e.SUPPORT_EMAIL,
    sheetsAddonUrl: e.SHEETS_ADDON_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    database: {
      url: e.DATABASE_URL,
      ssl: e.DATABASE_SSL,
      poolMax: e.DATABASE_POOL_MAX,
      pgliteDir: e.PGLITE_DIR ?? path.join(e.DATA_DIR, 'pglite'),
    },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    auth: {
      jwtSecret: e.JWT_SECRET ?? localSecret(e.DATA_DIR),
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      refreshReuseGraceSeconds: e.REFRESH_REUSE_GRACE_SECONDS,
      bcryptCost: e.BCRYPT_COST,
      rateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
      loginFailuresBeforeLock: e.LOGIN_FAILURES_BEFORE_LOCK,
      loginLockMinutes: e.LOGIN_LOCK_MINUTES,
      resetMailsPerHour: e.RESET_MAILS_PER_HOUR,
      requireAdminMfa: e.REQUIRE_ADMIN_MFA,
    },
    http: {
      corsOrigins: [...new Set([publicOrigin, ...OFFICE_ORIGINS, ...e.CORS_ORIGINS])],
      bodyLimit: e.BODY_LIMIT,
      trustProxyHops: e.TRUST_PROXY_HOPS,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    monitoring: { metricsToken: e.METRICS_TOKEN, activityRetentionDays: e.ACTIVITY_RETENTION_DAYS, statsCacheTtlSeconds: e.STATS_CACHE_TTL_SECONDS },
    documents: {
      uploadLimitBytes: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
      ratePerMinute: e.DOCUMENTS_RATE_LIMIT_PER_MINUTE,
      signedUrlTtlSeconds: e.SIGNED_URL_TTL_SECONDS,
      pdfExtractor: e.PDF_EXTRACTOR,
      ocr: { enabled: e.OCR === 'auto', languages: e.OCR_LANGUAGES, maxPages: e.OCR_MAX_PAGES },
    },
    storage: { filesDir: e.FILES_DIR ?? path.join(e.DATA_DIR, 'files'), gcsBucket: e.GCS_BUCKET, gcsApiEndpoint: e.GCS_API_ENDPOINT, gcsRetries: e.GCS_RETRIES, reconcileHours: e.STORAGE_RECONCILE_HOURS },
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL },
    embeddings: embeddingConfig(e),
    analysis: {
      provider: chatProvider,
      chatModel: e.CHAT_MODEL,
      maxRetries: e.CHAT_MAX_RETRIES,
      maxCells: e.ANALYSIS_MAX_CELLS,
      queueThresholdCells: e.ANALYSIS_QUEUE_THRESHOLD_CELLS,
      timeoutMs: Math.round(e.ANALYSIS_TIMEOUT_SECONDS * 1000),
      maxOutputTokens: e.ANALYSIS_MAX_OUTPUT_TOKENS,
      passages: e.ANALYSIS_PASSAGES,
      ratePerMinute: e.ANALYSIS_RATE_LIMIT_PER_MINUTE,
      verifyWithModel: e.VERIFY_WITH_MODEL && chatProvider === 'openai',
      localPrice: { baseTokens: e.LOCAL_ANALYST_BASE_TOKENS, tokensPer1kCells: e.LOCAL_ANALYST_TOKENS_PER_1K_CELLS },
    },
    formulas: { cacheDays: e.FORMULA_CACHE_DAYS },
    billing: {
      signupTokens: { basic: e.SIGNUP_TOKENS_BASIC, pro: e.SIGNUP_TOKENS_PRO, enterprise: e.SIGNUP_TOKENS_ENTERPRISE },
      modelPrices: parseModelPrices(e.MODEL_PRICES),
    },
    stripe: stripeConfig(e),
    ingest: {
      workers: e.INGEST_WORKERS,
      memoryMb: e.INGEST_MEMORY_MB,
      timeoutMs: Math.round(e.INGEST_TIMEOUT_SECONDS * 1000),
      maxUnzippedBytes: Math.round(e.INGEST_MAX_UNZIPPED_MB * 1024 * 1024),
      maxRatio: e.INGEST_MAX_RATIO,
      maxCells: e.INGEST_MAX_CELLS,
    },
    queue: {
      concurrency: e.QUEUE_CONCURRENCY,
      attempts: e.JOB_ATTEMPTS,
      backoffMs: e.JOB_BACKOFF_MS,
      // With Redis, `npm run worker` consumes jobs and the web process only enqueues them.
      runWorkersInProcess: e.RUN_WORKERS_IN_PROCESS ?? !e.REDIS_URL,
    },
    lifecycle: { workerPort: e.WORKER_PORT, shutdownGraceMs: Math.round(e.SHUTDOWN_GRACE_SECONDS * 1000), stallMs: Math.round(e.JOB_STALL_SECONDS * 1000) },
    ...opsConfig(e),
  };
  return { ...config, ...overrides };
}

/**
 * MODEL_PRICES="gpt-4o-mini=1000/4000,my-model=500/1500": ledger tokens per 1K input/output tokens, merged
 * over DEFAULT_MODEL_PRICES. A malformed entry stops start-up rather than billing a model at a guess.
 */
function parseModelPrices(raw: string): Record<string, ModelPrice> {
  const prices = { ...DEFAULT_MODEL_PRICES };
  for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(entry);
    if (!m) throw new ConfigError(`Invalid environment configuration:\n  MODEL_PRICES: "${entry}" must look like model=input/output`);
    prices[m[1]] = { input: Number(m[2]), output: Number(m[3]) };
  }
  return prices;
}

/**
 * The local embedder unless OpenAI (or a compatible server) is configured. The model name is stored with
 * every chunk, so switching provider or model re-embeds instead of mixing vector spaces.
 */
function embeddingConfig(e: Env): Config['embeddings'] {
  const provider = e.EMBEDDING_PROVIDER ?? (e.OPENAI_API_KEY || e.OPENAI_BASE_URL ? 'openai' : 'local');
  const model = e.EMBEDDING_MODEL ?? (provider === 'openai' ? 'text-embedding-3-small' : 'local-hash-v1');
  const dim = e.EMBEDDING_DIM ?? (provider === 'local' ? 384 : undefined);
  return { provider, model, dim, batchSize: e.EMBEDDING_BATCH_SIZE, concurrency: e.EMBEDDING_CONCURRENCY };
}

/**
 * Zero-setup installs get a random signing secret kept under the data dir, so sessions survive restarts
 * without anyone choosing a secret. Production must set JWT_SECRET (several processes share it).
 */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
