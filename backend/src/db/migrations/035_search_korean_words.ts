import type { Knex } from 'knex';
import { isWebAssembly } from '../../retrieval/vectors.js';

/**
 * Korean text mixes scripts inside a word: "ESG경영", "AI를", "GDP는", "Q3의", "2024년", "內部統制의". PostgreSQL's
 * parser keeps each as one token ('esg경영', 'q3의', '2024년'), so a question's "ESG", "Q3" or "2024" found
 * nothing in full text. `search_text` now also puts a space where a Latin letter or digit meets a Hangul
 * syllable or a Han character (hanja), either way, so the English column holds 'esg' '경영', '2024' '년'; the
 * query side reads questions through the same function (retrieval/fulltext.ts).
 *
 * Hanja are matched as Hangul is (migration 018): `hangul_bigrams` takes Han characters into its runs, so
 * "內部統制의" is indexed as 內部 部統 統制 制의 and a question's "內部統制" or "統制" finds it (retrieval/query.ts
 * computes the same grams). It also keeps alone the first syllable of a run that is one syllable and a
 * particle ("값은" → 값 and 값은; "값으로", "값에서" likewise), so a one-syllable question word ("값", whose gram
 * is itself) finds the noun with its particle attached, not only standing alone.
 *
 * Cost per chunk on PostgreSQL 15 (10k generated chunks; loaded 2-core machine, medians): a Korean one of
 * 700 characters dense in figures and Latin words 91 → 135 µs for `tsv` and 365 → 426 µs for `tsv_hangul`
 * (the hanja nothing measurable, the particle syllables ~40), an English one of 1,000 characters 107 →
 * 112 µs. Both generated columns are dropped and added again in one statement (PostgreSQL 15 cannot change
 * their expressions), which rewrites the table once and rebuilds its indexes, the word-pair index of
 * migration 033 included; ANALYZE gives the new columns the statistics search reads (retrieval/stats.ts).
 */

/** Hangul syllables and Han characters (unified, extension A, compatibility), as regex class contents. */
const CJK = '\uAC00-\uD7A3\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF';
/** Digits and Latin letters (ASCII, Latin-1, Extended-A and -B). */
const LATIN = '0-9A-Za-z\u00C0-\u024F';
/** The particles after which a two-syllable word's first syllable is also indexed alone (query.ts: PARTICLES). */
const PARTICLES = '은,는,이,가,을,를,의,에,도,로,와,과,으로,에서';

// IMMUTABLE with only pg_catalog functions, as before (018, 032): usable by a generated column, recomputed
// by pg_restore, which runs with an empty search_path. Two passes, one per direction, each capturing both
// characters: PGlite's regexp_replace ignores a lookahead's match, and one pass of either pair would miss
// "a가b" (the 가 taken by the first pair).
const SEARCH_TEXT = `
  SELECT pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(t,
    '[./:@]+([[:alnum:]])', ' \\1', 'g'),
    '([${LATIN}])([${CJK}])', '\\1 \\2', 'g'),
    '([${CJK}])([${LATIN}])', '\\1 \\2', 'g')`;

// The first syllable alone (s.i = 0) only for a run that is a syllable and a particle, not digits and one.
const BIGRAMS = `
  SELECT coalesce(pg_catalog.to_tsvector('pg_catalog.simple', pg_catalog.string_agg(g, ' ' ORDER BY n, i)), ''::pg_catalog.tsvector)
  FROM (
    SELECT r.n, s.i, CASE WHEN s.i = 0 OR pg_catalog.char_length(r.m[1]) = 1 THEN pg_catalog.substr(r.m[1], 1, 1) ELSE pg_catalog.substr(r.m[1], s.i, 2) END AS g
    FROM pg_catalog.regexp_matches(t, '[0-9]*[${CJK}][0-9${CJK}]*', 'g') WITH ORDINALITY AS r(m, n),
         pg_catalog.generate_series(
           CASE WHEN pg_catalog.substr(r.m[1], 2) = ANY ('{${PARTICLES}}'::text[]) AND pg_catalog.strpos('0123456789', pg_catalog.substr(r.m[1], 1, 1)) = 0 THEN 0 ELSE 1 END,
           greatest(pg_catalog.char_length(r.m[1]) - 1, 1)) AS s(i)
  ) grams`;

/** The bodies migrations 032 and 018 gave them, for down. */
const SEARCH_TEXT_032 = `
  SELECT pg_catalog.regexp_replace(t, '[./:@]+([[:alnum:]])', ' \\1', 'g')`;
const BIGRAMS_018 = `
  SELECT coalesce(pg_catalog.to_tsvector('pg_catalog.simple', pg_catalog.string_agg(g, ' ' ORDER BY n, i)), ''::pg_catalog.tsvector)
  FROM (
    SELECT r.n, s.i, CASE WHEN pg_catalog.char_length(r.m[1]) = 1 THEN r.m[1] ELSE pg_catalog.substr(r.m[1], s.i, 2) END AS g
    FROM pg_catalog.regexp_matches(t, '[0-9]*[\uAC00-\uD7A3][0-9\uAC00-\uD7A3]*', 'g') WITH ORDINALITY AS r(m, n),
         pg_catalog.generate_series(1, greatest(pg_catalog.char_length(r.m[1]) - 1, 1)) AS s(i)
  ) grams`;

export async function up(knex: Knex): Promise<void> {
  await replaceColumns(knex, SEARCH_TEXT, BIGRAMS);
}

export async function down(knex: Knex): Promise<void> {
  await replaceColumns(knex, SEARCH_TEXT_032, BIGRAMS_018);
}

async function replaceColumns(knex: Knex, searchText: string, bigrams: string): Promise<void> {
  // The word-pair index (033) is built where 033 builds it: PostgreSQL, not PGlite.
  const pairs = !(await isWebAssembly(knex)) && (await knex.raw(`SELECT to_regproc('tsv_word_pairs') IS NOT NULL AS p`)).rows[0].p === true;
  // Dropped first, so that no stored value is ever read by a function that would compute it otherwise; their GIN indexes go with them.
  await knex.raw('ALTER TABLE chunks DROP COLUMN tsv, DROP COLUMN tsv_hangul');
  await knex.raw(`CREATE OR REPLACE FUNCTION search_text(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$${searchText}\n$$`);
  await knex.raw(`CREATE OR REPLACE FUNCTION hangul_bigrams(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$${bigrams}\n$$`);
  await knex.raw(`ALTER TABLE chunks
    ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, search_text(text))) STORED,
    ADD COLUMN tsv_hangul tsvector GENERATED ALWAYS AS (hangul_bigrams(text)) STORED`);
  await knex.raw('CREATE INDEX chunks_tsv_gin ON chunks USING gin (tsv)');
  await knex.raw('CREATE INDEX chunks_tsv_hangul_gin ON chunks USING gin (tsv_hangul)');
  if (pairs) await knex.raw('CREATE INDEX chunks_tsv_pairs_gin ON chunks USING gin (tsv_word_pairs(tsv))');
  await knex.raw('ANALYZE chunks');
}
