/**
 * What Intellio needs from a PostgreSQL server, checked before anything else touches it, so a server
 * without pgvector ends start-up with one line that says what to install instead of a stack trace from
 * deep inside a migration. PGlite bundles pgvector and needs no check.
 */
import type { Knex } from 'knex';

/** Start-up cannot continue until the operator changes the database; the message is the whole story. */
export class DatabaseRequirementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseRequirementError';
  }
}

export interface ExtensionRequirement {
  /** The extension's name in `pg_available_extensions`. */
  name: string;
  /** Oldest version that works (halfvec indexes need pgvector 0.7.0). */
  minVersion: string;
  /** How to get it onto the server, in a few words. */
  install: string;
}

export const PGVECTOR: ExtensionRequirement = {
  name: 'vector',
  minVersion: '0.7.0',
  install:
    'install pgvector on the database server (e.g. `apt install postgresql-16-pgvector`, or the pgvector/pgvector Docker image; see https://github.com/pgvector/pgvector#installation)',
};

/** Compares dotted versions numerically ("0.10.0" > "0.7.0"). */
function olderThan(version: string, min: string): boolean {
  const a = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const b = min.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
}

/**
 * Fails with a DatabaseRequirementError when the extension is neither enabled in this database nor
 * available on the server, or only in a version that is too old. Read-only: enabling it stays with the
 * first migration (under the migration lock), which reports a refused `CREATE EXTENSION` through
 * `extensionNotPermitted`.
 */
export async function checkExtension(knex: Knex, req: ExtensionRequirement): Promise<void> {
  const result = await knex.raw<{ rows: Array<{ installed: string | null; available: string | null; db: string }> }>(
    `SELECT (SELECT extversion FROM pg_extension WHERE extname = ?) AS installed,
            (SELECT max(version) FROM pg_available_extension_versions WHERE name = ?) AS available,
            current_database() AS db`,
    [req.name, req.name],
  );
  const { installed, available, db } = result.rows[0] ?? { installed: null, available: null, db: '?' };
  const what = `Intellio needs the PostgreSQL extension "${req.name}" ≥ ${req.minVersion}`;
  if (installed) {
    if (olderThan(installed, req.minVersion)) {
      throw new DatabaseRequirementError(`${what}, but database "${db}" has ${installed}: upgrade it on the server, then run \`ALTER EXTENSION ${req.name} UPDATE;\` in "${db}".`);
    }
    return;
  }
  if (!available) throw new DatabaseRequirementError(`${what}, and this PostgreSQL server does not have it: ${req.install}.`);
  if (olderThan(available, req.minVersion)) {
    throw new DatabaseRequirementError(`${what}, but this PostgreSQL server only has ${available}: ${req.install}.`);
  }
}

/** The line for a `CREATE EXTENSION` the connecting role is not allowed to run (SQLSTATE 42501). */
export function extensionNotPermitted(req: ExtensionRequirement, err: unknown): DatabaseRequirementError | null {
  if ((err as { code?: string } | null)?.code !== '42501') return null;
  return new DatabaseRequirementError(
    `Intellio needs the PostgreSQL extension "${req.name}" enabled, and this database user may not enable it: run \`CREATE EXTENSION ${req.name};\` once in this database as a superuser (or the database owner), then start again.`,
  );
}
