/**
 * PostgreSQL's SQLSTATE for the constraint errors the services turn into answers (the same codes on PGlite).
 * Objection wraps the driver's error but keeps `code`; `nativeError` is the driver's own.
 */
type DbError = { code?: string; nativeError?: { code?: string } };

const sqlState = (err: unknown): string | undefined => (err as DbError)?.code ?? (err as DbError)?.nativeError?.code;

/** A unique index refused the row: someone else wrote the same thing first. */
export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === '23505';

/** A foreign key refused the row: the row it points at is gone (deleted by a concurrent request). */
export const isForeignKeyViolation = (err: unknown): boolean => sqlState(err) === '23503';
