import type { Knex } from 'knex';

/** How many of a PDF's pages got their text from OCR (scanned pages), shown with the document. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.integer('ocr_pages');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.dropColumn('ocr_pages');
  });
}
