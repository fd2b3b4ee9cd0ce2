import type { Knex } from 'knex';

/**
 * Which of a PDF's pages got their text from OCR, so a citation of one can say its quote was read from a
 * scan (and may hold recognition errors). `ocr_pages` keeps the count; documents read before this
 * migration have the count only, and their citations are not flagged until the document is processed again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.specificType('ocr_page_numbers', 'integer[]');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.dropColumn('ocr_page_numbers');
  });
}
