import type { Knex } from 'knex';

/**
 * A user's rows of `table`, newest first, `limit` of them, older than the row `before` (keyset pagination
 * on created_at, id: stable while new rows arrive). `refine` adds filters.
 */
export async function newestFirst(
  db: Knex | Knex.Transaction,
  table: string,
  userId: string,
  opts: { limit: number; before?: string },
  refine: (q: Knex.QueryBuilder) => void = () => {},
): Promise<Array<Record<string, unknown>>> {
  const q = db(table).where({ userId }).orderBy([{ column: 'createdAt', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(opts.limit);
  refine(q);
  if (opts.before) {
    const anchor = await db(table).where({ userId, id: opts.before }).first('id');
    // Compared in SQL: created_at has microseconds, a JS Date only milliseconds, so an anchor's time read
    // back and sent again was earlier than itself and rows of its millisecond were skipped (on PostgreSQL,
    // every row but one of a transaction's writes, which share one now()).
    if (anchor) q.whereRaw('(created_at, id) < (SELECT created_at, id FROM ?? WHERE id = ?)', [table, anchor.id]);
  }
  return q;
}
