/**
 * Runs backups on BACKUP_CRON (and restore-tests on BACKUP_VERIFY_CRON), plus an hourly freshness check.
 *
 * With Redis: bee-queue has no repeating jobs, so each slot is one delayed job whose id is the slot
 * (`backup:2026-11-26T03:00:00.000Z`); every worker adds the same id, bee-queue keeps one, and the job
 * enqueues the next slot when it runs. Without Redis: a timer in the one process. Behind both, the
 * `backups.scheduled_for` unique key and the advisory lock make any double firing a no-op.
 */
import BeeQueue from 'bee-queue';
import { CronExpressionParser } from 'cron-parser';
import type { Deps } from '../deps.js';
import { checkFreshness, runBackup } from './service.js';
import { newestBackup, verifyBackup } from './verify.js';

type SlotKind = 'backup' | 'verify';

export interface BackupScheduler {
  readonly mode: 'bee-queue' | 'timer';
  close(): Promise<void>;
}

/** The first cron slot strictly after `after` (UTC). */
export function nextSlot(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: after }).next().toDate();
}

/** What one slot does. Exported for `npm run backup` and for tests. */
export async function runSlot(deps: Deps, kind: SlotKind, slot: Date): Promise<void> {
  if (kind === 'backup') {
    const backup = await runBackup(deps, { trigger: 'schedule', scheduledFor: slot });
    deps.log.info({ slot, backupId: backup?.id, status: backup?.status ?? 'skipped' }, 'scheduled backup');
  } else {
    const newest = await newestBackup(deps);
    if (newest) await verifyBackup(deps, newest.id);
  }
  await checkFreshness(deps);
}

interface SlotPayload {
  kind: SlotKind;
  slot: string;
}

/** Starts the schedules this config asks for (BACKUP_CRON=off turns backups off). */
export function startBackupScheduler(deps: Deps): BackupScheduler {
  const { cron, verifyCron } = deps.config.backups;
  const schedules: Array<[SlotKind, string]> = [];
  if (cron !== 'off') schedules.push(['backup', cron]);
  if (verifyCron) schedules.push(['verify', verifyCron]);
  const hourly = setInterval(() => void checkFreshness(deps).catch((err) => deps.log.error({ err }, 'backup freshness check failed')), 3_600_000);
  hourly.unref();
  const inner = deps.config.redis.url ? beeScheduler(deps, schedules) : timerScheduler(deps, schedules);
  deps.log.info({ mode: inner.mode, schedules }, 'backup scheduler started');
  return {
    mode: inner.mode,
    async close() {
      clearInterval(hourly);
      await inner.close();
    },
  };
}

function beeScheduler(deps: Deps, schedules: Array<[SlotKind, string]>): BackupScheduler {
  const queue = new BeeQueue<SlotPayload>('backup-schedule', {
    prefix: `${deps.config.redis.prefix}bq`,
    redis: { url: deps.config.redis.url },
    isWorker: true,
    getEvents: false,
    sendEvents: false,
    activateDelayedJobs: true,
    removeOnSuccess: true,
    removeOnFailure: true,
    stallInterval: 60_000,
  });
  queue.on('error', (err) => deps.log.warn({ err }, 'backup scheduler queue error'));
  const cronOf = new Map(schedules);

  async function enqueue(kind: SlotKind, after: Date): Promise<void> {
    const cron = cronOf.get(kind);
    if (!cron) return;
    const slot = nextSlot(cron, after);
    await queue.createJob({ kind, slot: slot.toISOString() }).setId(`${kind}:${slot.toISOString()}`).delayUntil(slot).save();
  }

  queue.process(1, async (job) => {
    const { kind, slot } = job.data;
    try {
      await runSlot(deps, kind, new Date(slot));
    } finally {
      // From now, not from the slot: a worker that was down does not replay every missed slot.
      await enqueue(kind, new Date(Math.max(Date.now(), new Date(slot).getTime())));
    }
  });
  const ready = queue.ready().then(() => Promise.all(schedules.map(([kind]) => enqueue(kind, new Date()))));
  ready.catch((err) => deps.log.error({ err }, 'could not schedule backups'));
  return {
    mode: 'bee-queue',
    async close() {
      await ready.catch(() => {});
      await queue.close(5000);
    },
  };
}

function timerScheduler(deps: Deps, schedules: Array<[SlotKind, string]>): BackupScheduler {
  const timers = new Map<SlotKind, NodeJS.Timeout>();
  let closed = false;
  let running: Promise<void> = Promise.resolve();

  function arm(kind: SlotKind, cron: string): void {
    if (closed) return;
    const slot = nextSlot(cron, new Date());
    // setTimeout caps at ~24.8 days; longer waits re-arm on the way.
    const wait = Math.min(slot.getTime() - Date.now(), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      if (Date.now() < slot.getTime()) return arm(kind, cron);
      running = running
        .then(() => runSlot(deps, kind, slot))
        .catch((err) => deps.log.error({ err, kind }, 'scheduled backup task failed'))
        .finally(() => arm(kind, cron));
    }, Math.max(0, wait));
    timer.unref();
    timers.set(kind, timer);
  }

  for (const [kind, cron] of schedules) arm(kind, cron);
  return {
    mode: 'timer',
    async close() {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      await running;
    },
  };
}
