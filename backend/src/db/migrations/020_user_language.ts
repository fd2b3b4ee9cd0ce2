import type { Knex } from 'knex';

/**
 * The interface language a user chose ('en', 'ko'); null follows the browser, Office or Sheets. Mail to the
 * user is written in it too.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('language');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('language');
  });
}
