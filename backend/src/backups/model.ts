import { BaseModel } from '../db/base-model.js';

export type BackupStatus = 'running' | 'succeeded' | 'failed';
/** `custom` = pg_dump -Fc (already compressed); `plain.gz` = PGlite's SQL dump, gzipped. */
export type BackupFormat = 'custom' | 'plain.gz';

/** One backup run: what was dumped, where it went, whether it restored. */
export class Backup extends BaseModel {
  static override tableName = 'backups';
  static override jsonAttributes = ['rowCounts'];

  status!: BackupStatus;
  trigger!: string;
  engine!: 'postgres' | 'pglite';
  format!: BackupFormat;
  scheduledFor!: Date | null;
  requestedBy!: string | null;
  startedAt!: Date;
  finishedAt!: Date | null;
  bytes!: number | null;
  storageKind!: string | null;
  storageKey!: string | null;
  location!: string | null;
  checksum!: string | null;
  /** Row count per table in the snapshot that was dumped. */
  rowCounts!: Record<string, number> | null;
  verified!: boolean | null;
  verifiedAt!: Date | null;
  verifyError!: string | null;
  error!: string | null;
  deletedAt!: Date | null;
}
