import type { Knex } from 'knex';

/**
 * Rows of a CSV or XLSX document (rows holding data, all sheets together), counted at ingest; null for
 * other kinds and for spreadsheets read before this migration (until they are processed again).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.integer('row_count');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.dropColumn('row_count');
  });
}
