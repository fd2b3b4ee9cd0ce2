/**
 * Exact row counts of every user table, keyed `schema.table`. Taken inside the dump's snapshot and again in
 * the restored copy: equal counts are the verification that the restore is whole.
 */
export type RowCounts = Record<string, number>;
export type SqlRows = (sql: string) => Promise<Array<Record<string, unknown>>>;

const TABLES_SQL = `
  SELECT n.nspname AS schema, c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
  ORDER BY 1, 2`;

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function countRows(query: SqlRows): Promise<RowCounts> {
  const tables = (await query(TABLES_SQL)) as Array<{ schema: string; name: string }>;
  if (!tables.length) return {};
  const parts = tables.map((t) => `SELECT ${literal(`${t.schema}.${t.name}`)} AS t, count(*)::bigint AS n FROM ${ident(t.schema)}.${ident(t.name)}`);
  const rows = (await query(parts.join(' UNION ALL '))) as Array<{ t: string; n: string | number }>;
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Tables whose counts differ (or exist on one side only), as readable lines; empty = identical. */
export function diffRowCounts(expected: RowCounts, actual: RowCounts): string[] {
  const out: string[] = [];
  for (const t of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (expected[t] !== actual[t]) out.push(`${t}: expected ${expected[t] ?? 'no table'}, restored ${actual[t] ?? 'no table'}`);
  }
  return out.sort();
}
