import type { Backup } from './model.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** A backup as admins see it (the storage key stays internal; the location names bucket/path). */
export function presentBackup(b: Backup) {
  return {
    id: b.id,
    status: b.status,
    trigger: b.trigger,
    engine: b.engine,
    format: b.format,
    startedAt: iso(b.startedAt),
    finishedAt: iso(b.finishedAt),
    durationMs: b.finishedAt ? new Date(b.finishedAt).getTime() - new Date(b.startedAt).getTime() : null,
    bytes: b.bytes === null ? null : Number(b.bytes),
    location: b.location,
    checksum: b.checksum,
    verified: b.verified,
    verifiedAt: iso(b.verifiedAt),
    verifyError: b.verifyError,
    error: b.error,
    deleted: Boolean(b.deletedAt),
  };
}

export function presentStorageSample(s: { at: Date; bytes: number; objects: number }) {
  return { at: iso(s.at), bytes: Number(s.bytes), objects: s.objects };
}
