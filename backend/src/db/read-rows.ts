/**
 * A fixed statement on a pooled connection, for the reads every request makes (the signed-in user's row, the
 * record a route names): knex's query builder and runner cost more CPU than the query itself on such a read
 * (bench/http.ts). Rows come back in camelCase through the knex instance's own mapper, as from any query.
 * Not for transactions: pass the statement to the transaction instead.
 */
import type { Knex } from 'knex';

type Row = Record<string, unknown>;

interface Connection {
  query(sql: string, bindings: unknown[]): Promise<{ rows: Row[] }>;
}

/** Runs `sql` (`$1`-style placeholders) with `bindings` and returns its rows. */
export async function selectRows(knex: Knex, sql: string, bindings: unknown[]): Promise<Row[]> {
  const client = knex.client as Knex.Client & { postProcessResponse(result: unknown, context: unknown): unknown };
  // pg's Client and PGlite answer the same query(sql, bindings) with { rows }.
  const connection = (await client.acquireConnection()) as Connection;
  let rows: Row[];
  try {
    ({ rows } = await connection.query(sql, bindings));
  } finally {
    await client.releaseConnection(connection);
  }
  return client.postProcessResponse(rows, undefined) as Row[];
}
