import type { Knex } from 'knex';
import { isWebAssembly } from '../../retrieval/vectors.js';

/**
 * Issue 30: a phrase of common words is found without rechecking thousands of passages. The GIN index on
 * `tsv` lists the passages holding all of a phrase's words, and each is then read to check their order:
 * "in beta and might change" listed 9.7k of 100k chunks of prose and read 4.6k of them (21 ms) to find the
 * first 200 holders; "not have permission to change the" read 6.7k to find 4. This index keeps each pair of
 * consecutive words of a chunk ('beta might', 'might chang': English lexemes in order, stop words skipped
 * as the phrase query skips them), so full text asks for the phrase's pairs first (retrieval/fulltext.ts)
 * and checks the order only in the few passages holding them all: 4.7 and 0.2 ms there.
 *
 * An expression index over the stored `tsv`: nothing more is stored per chunk, nothing changes in how chunks
 * are written, and `tsv` is not stemmed twice. It is not free: each chunk written costs ~170 µs more on
 * PostgreSQL (the pairs ~45 µs, adding them to the index the rest), and the index is about 4.5 times the
 * size of the one on `tsv` (119 against 26 MB at 100k chunks of prose). PGlite gets the function but not
 * the index (search then matches phrases as before, see tableStats): there the pairs cost ~1 ms a chunk in
 * WebAssembly on the main thread (ingest 0.33× → 0.24× pdftotext), for projects far smaller than those
 * whose phrases of common words it speeds up.
 */
export async function up(knex: Knex): Promise<void> {
  // IMMUTABLE and only pg_catalog functions (as hangul_bigrams, 018): an index may use it, and pg_restore,
  // which runs with an empty search_path, rebuilds the index. Each position's lexeme is paired with the
  // next position's; array_to_tsvector drops the repeats.
  await knex.raw(`
    CREATE FUNCTION tsv_word_pairs(v tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT coalesce(pg_catalog.array_to_tsvector(pg_catalog.array_agg(w.l || ' ' || w.n)), ''::pg_catalog.tsvector)
      FROM (
        SELECT s.l, pg_catalog.lead(s.l) OVER (ORDER BY s.p) AS n
        FROM (SELECT u.lexeme AS l, pg_catalog.unnest(u.positions) AS p FROM pg_catalog.unnest(v) AS u) s
      ) w
      WHERE w.n IS NOT NULL
    $$`);
  if (await isWebAssembly(knex)) return;
  await knex.raw('CREATE INDEX chunks_tsv_pairs_gin ON chunks USING gin (tsv_word_pairs(tsv))');
  await knex.raw('ANALYZE chunks');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS chunks_tsv_pairs_gin');
  await knex.raw('DROP FUNCTION IF EXISTS tsv_word_pairs(tsvector)');
}
