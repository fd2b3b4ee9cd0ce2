/**
 * Backup gauges on prom-client's default registry (the `/metrics` route exposes that registry). Values are
 * read from the `backups` table on each scrape, so every process reports the same numbers.
 */
import type { Knex } from 'knex';
import client from 'prom-client';

let knexForScrape: Knex | null = null;

async function lastSucceeded(): Promise<{ finishedAt: Date; bytes: number } | undefined> {
  if (!knexForScrape) return undefined;
  return knexForScrape('backups').where({ status: 'succeeded' }).orderBy('finishedAt', 'desc').first('finishedAt', 'bytes');
}

function gauge(name: string, help: string, collect: (g: client.Gauge) => Promise<void>): client.Gauge {
  const existing = client.register.getSingleMetric(name);
  if (existing) return existing as client.Gauge;
  return new client.Gauge({
    name,
    help,
    async collect() {
      await collect(this).catch(() => {}); // a scrape during shutdown must not fail the whole registry
    },
  });
}

export const lastSuccessGauge = gauge('intellio_backup_last_success_timestamp_seconds', 'Unix time of the last successful backup (0 = none).', async (g) => {
  const last = await lastSucceeded();
  g.set(last ? new Date(last.finishedAt).getTime() / 1000 : 0);
});

export const backupBytesGauge = gauge('intellio_backup_bytes', 'Size in bytes of the last successful backup.', async (g) => {
  const last = await lastSucceeded();
  g.set(last ? Number(last.bytes) : 0);
});

export const storageBytesGauge = gauge('intellio_backup_storage_bytes', 'Bytes used by backup objects in storage (last measurement).', async (g) => {
  if (!knexForScrape) return;
  const sample = await knexForScrape('backup_storage_samples').orderBy('at', 'desc').first('bytes');
  g.set(sample ? Number(sample.bytes) : 0);
});

/** Points the gauges at this process's database. */
export function bindBackupMetrics(knex: Knex): void {
  knexForScrape = knex;
}
