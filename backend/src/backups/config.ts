/**
 * The operations part of the Config (issue #9): backups and alerts (METRICS_TOKEN lives with monitoring). Kept here so the
 * shared `config.ts` only spreads it in; every variable is documented in `.env.example`.
 */
import path from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));
const optionalUrl = optionalString.pipe(z.string().url().optional());

/** A 5- or 6-field cron expression that cron-parser accepts. */
const cron = z.string().refine(
  (v) => {
    try {
      CronExpressionParser.parse(v, { tz: 'UTC' });
      return v.trim().split(/\s+/).length >= 5;
    } catch {
      return false;
    }
  },
  { message: 'must be a cron expression such as "0 3 * * *"' },
);
const optionalCron = optionalString.pipe(cron.optional());

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };
/** "53687091200", "50gb", "1.5 TB" → bytes; empty or 0 = no threshold. */
const byteSize = optionalString.pipe(
  z
    .string()
    .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb|tb)?$/i, 'must be a size such as 50gb or a number of bytes')
    .transform((v) => {
      const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v.trim()) as RegExpExecArray;
      return Math.round(Number(m[1]) * (UNITS[m[2].toLowerCase()] ?? 1)) || undefined;
    })
    .optional(),
);

/** Spread into the env schema of `config.ts`. */
export const opsEnvShape = {
  // "off" = no schedule in the app (e.g. system cron or Cloud Scheduler runs `npm run backup` instead).
  BACKUP_CRON: z.union([z.literal('off'), cron]).default('0 3 * * *'),
  BACKUP_VERIFY: bool.default(true),
  BACKUP_VERIFY_CRON: optionalCron,
  BACKUP_RETAIN_DAILY: z.coerce.number().int().min(1).max(366).default(7),
  BACKUP_RETAIN_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
  BACKUP_RETAIN_MONTHLY: z.coerce.number().int().min(0).max(600).default(12),
  BACKUP_MAX_AGE_HOURS: z.coerce.number().positive().max(24 * 90).default(26),
  BACKUP_STORAGE_ALERT_BYTES: byteSize,
  BACKUP_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9][A-Za-z0-9_.-]*\/)*$/, 'must be empty or folder names ending in "/", e.g. backups/')
    .default('backups/'),
  BACKUP_DIR: optionalString,
  BACKUP_GCS_BUCKET: optionalString,
  BACKUP_SCRATCH_DATABASE_URL: optionalUrl,
  ALERT_WEBHOOK_URL: optionalUrl,
  ALERT_DEDUPE_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
};

type OpsEnv = z.output<z.ZodObject<typeof opsEnvShape>>;

export interface OpsConfig {
  backups: {
    /** Cron expression in UTC, or `off`. */
    cron: string;
    verify: boolean;
    /** Verification on its own schedule (in addition to after each backup when `verify`). */
    verifyCron?: string;
    retain: { daily: number; weekly: number; monthly: number };
    maxAgeHours: number;
    storageAlertBytes?: number;
    /** Object key prefix, e.g. `backups/`. */
    prefix: string;
    /** Local backup directory when no bucket is configured. */
    dir: string;
    /** Backups bucket: BACKUP_GCS_BUCKET, else GCS_BUCKET. */
    gcsBucket?: string;
    /** Where scratch databases for verification are created (default: the database itself). */
    scratchDatabaseUrl?: string;
  };
  alerts: { webhookUrl?: string; dedupeMinutes: number; webhookTimeoutMs: number };
}

/** Builds the ops section from the parsed environment. */
export function opsConfig(e: OpsEnv & { DATA_DIR: string; GCS_BUCKET?: string }): OpsConfig {
  return {
    backups: {
      cron: e.BACKUP_CRON,
      verify: e.BACKUP_VERIFY,
      verifyCron: e.BACKUP_VERIFY_CRON,
      retain: { daily: e.BACKUP_RETAIN_DAILY, weekly: e.BACKUP_RETAIN_WEEKLY, monthly: e.BACKUP_RETAIN_MONTHLY },
      maxAgeHours: e.BACKUP_MAX_AGE_HOURS,
      storageAlertBytes: e.BACKUP_STORAGE_ALERT_BYTES,
      prefix: e.BACKUP_PREFIX,
      dir: e.BACKUP_DIR ?? path.join(e.DATA_DIR, 'backups'),
      gcsBucket: e.BACKUP_GCS_BUCKET ?? e.GCS_BUCKET,
      scratchDatabaseUrl: e.BACKUP_SCRATCH_DATABASE_URL,
    },
    alerts: { webhookUrl: e.ALERT_WEBHOOK_URL, dedupeMinutes: e.ALERT_DEDUPE_MINUTES, webhookTimeoutMs: 5000 },
  };
}
