import type { Knex } from 'knex';

/**
 * Korean full-text search. Korean attaches particles and endings to its nouns ("매출은", "매출이", "매출"),
 * and the `english` configuration keeps each form a different lexeme, so "서울 매출" found nothing in
 * "서울 지점의 매출은". Like pg_bigm (which PGlite cannot load), every run of Hangul syllables is indexed as
 * its character bigrams ("매출은" → 매출 출은; digits written onto a run count, "2024년" → 20 02 24 4년) in a `simple` tsvector beside the English one, and a query's
 * Hangul words are searched by their bigrams (retrieval/query.ts computes the same ones). The column is
 * generated, so every insert path fills it and adding it backfills the existing chunks.
 *
 * The local embedder now also hashes Hangul bigrams, so a local-embedder document with Hangul text has
 * vectors the new embedder would not give it. Those documents are marked as embedded by an older model:
 * vector search leaves them out (full text still finds them) and the worker re-embeds them at its start
 * (reembedStaleDocuments). Documents without Hangul keep their vectors, which are unchanged.
 */
export async function up(knex: Knex): Promise<void> {
  // IMMUTABLE, and only pg_catalog functions, so a generated column may use it and pg_restore (which runs
  // with an empty search_path) recomputes it.
  await knex.raw(`
    CREATE FUNCTION hangul_bigrams(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT coalesce(pg_catalog.to_tsvector('pg_catalog.simple', pg_catalog.string_agg(g, ' ' ORDER BY n, i)), ''::pg_catalog.tsvector)
      FROM (
        SELECT r.n, s.i, CASE WHEN pg_catalog.char_length(r.m[1]) = 1 THEN r.m[1] ELSE pg_catalog.substr(r.m[1], s.i, 2) END AS g
        FROM pg_catalog.regexp_matches(t, '[0-9]*[\uAC00-\uD7A3][0-9\uAC00-\uD7A3]*', 'g') WITH ORDINALITY AS r(m, n),
             pg_catalog.generate_series(1, greatest(pg_catalog.char_length(r.m[1]) - 1, 1)) AS s(i)
      ) grams
    $$`);
  await knex.raw(`ALTER TABLE chunks ADD COLUMN tsv_hangul tsvector GENERATED ALWAYS AS (hangul_bigrams(text)) STORED`);
  await knex.raw('CREATE INDEX chunks_tsv_hangul_gin ON chunks USING gin (tsv_hangul)');

  const stale = `embedding_model || '+pre-hangul'`;
  const localModels = `(SELECT DISTINCT model FROM embedding_usage WHERE provider = 'local' UNION SELECT 'local-hash-v1')`;
  await knex.raw(`
    WITH hangul AS (
      SELECT d.id FROM documents d
      WHERE d.embedding_model IN ${localModels}
        AND EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id AND c.text ~ '[\uAC00-\uD7A3]')
    ), marked AS (
      UPDATE chunks SET embedding_model = ${stale} WHERE document_id IN (SELECT id FROM hangul) AND embedding_model IS NOT NULL
    )
    UPDATE documents SET embedding_model = ${stale} WHERE id IN (SELECT id FROM hangul)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`UPDATE chunks SET embedding_model = left(embedding_model, -length('+pre-hangul')) WHERE embedding_model LIKE '%+pre-hangul'`);
  await knex.raw(`UPDATE documents SET embedding_model = left(embedding_model, -length('+pre-hangul')) WHERE embedding_model LIKE '%+pre-hangul'`);
  await knex.raw('DROP INDEX IF EXISTS chunks_tsv_hangul_gin');
  await knex.raw('ALTER TABLE chunks DROP COLUMN IF EXISTS tsv_hangul');
  await knex.raw('DROP FUNCTION IF EXISTS hangul_bigrams(text)');
}
