import type { Knex } from 'knex';

/**
 * Issue 30: full text finds the words inside versions, hosts, URLs, paths and addresses. PostgreSQL's parser
 * keeps "3.17", "cloud.google.com/iam/docs", "/etc/os-release" and "user@example.com" as one token each, so
 * a question that names their parts ("version 3 17", "google com iam docs", "etc os-release") found nothing
 * in full text: a fifth of the bench's misses (source passage not in the top 10, 100k chunks of prose).
 * `search_text` breaks a run of . / : @ that runs into a letter or digit into a space, before the English
 * configuration reads the text; the query side reads the question through the same function
 * (retrieval/fulltext.ts), so "3.17" asked for is '3' <-> '17' as a phrase and both words otherwise.
 * Sentence ends (". Next"), hyphens and underscores are untouched. ~12 µs a chunk over to_tsvector's ~110.
 *
 * The generated column is dropped and added again (PostgreSQL 15 cannot change its expression), which
 * rewrites the table and rebuilds its indexes; ANALYZE gives the new column the lexeme statistics that
 * search reads (retrieval/stats.ts) at once.
 */
export async function up(knex: Knex): Promise<void> {
  // IMMUTABLE with only pg_catalog functions, as hangul_bigrams (018): usable by a generated column, and
  // recomputed by pg_restore, which runs with an empty search_path. The letter after the run is captured
  // and put back rather than looked ahead at: PGlite's regexp_replace ignores a lookahead's match.
  await knex.raw(`
    CREATE FUNCTION search_text(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT pg_catalog.regexp_replace(t, '[./:@]+([[:alnum:]])', ' \\1', 'g')
    $$`);
  await replaceColumn(knex, `to_tsvector('english'::regconfig, search_text(text))`);
}

export async function down(knex: Knex): Promise<void> {
  await replaceColumn(knex, `to_tsvector('english'::regconfig, text)`);
  await knex.raw('DROP FUNCTION IF EXISTS search_text(text)');
}

async function replaceColumn(knex: Knex, expression: string): Promise<void> {
  await knex.raw('ALTER TABLE chunks DROP COLUMN tsv'); // its GIN index goes with it
  await knex.raw(`ALTER TABLE chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (${expression}) STORED`);
  await knex.raw('CREATE INDEX chunks_tsv_gin ON chunks USING gin (tsv)');
  await knex.raw('ANALYZE chunks');
}
