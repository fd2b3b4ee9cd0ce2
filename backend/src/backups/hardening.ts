/**
 * Start-up checks from ops/SECURITY.md that code can make: the application's database role should not be a
 * superuser, and with DATABASE_SSL the session must really be encrypted. Findings are logged as warnings in
 * production (refusing to start would turn a misconfiguration into an outage during the move).
 */
import type { Knex } from 'knex';
import type { Logger } from '../lib/logger.js';

export interface DatabaseRoleReport {
  role: string;
  superuser: boolean;
  ssl: boolean;
}

export async function checkDatabaseRole(knex: Knex, log: Logger, expectSsl: boolean): Promise<DatabaseRoleReport> {
  const { rows } = await knex.raw(
    `SELECT current_user AS role, r.rolsuper AS superuser,
            coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS ssl
     FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const report = rows[0] as DatabaseRoleReport;
  if (report.superuser) log.warn({ role: report.role }, 'the app connects to PostgreSQL as a superuser; use a role without it (ops/SECURITY.md)');
  if (expectSsl && !report.ssl) log.warn({ role: report.role }, 'DATABASE_SSL is set but this connection is not encrypted');
  return report;
}
