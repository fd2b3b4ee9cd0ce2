import type { Knex } from 'knex';

/**
 * Issue 28 §1, the pre-run quote. Each analysis keeps the quote it was prepared with (ledger tokens:
 * expected, low and high; the hold is `high`), so the admin dashboard can set it against what was settled.
 * Null for analyses prepared before quotes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('analyses', (t) => {
    t.bigInteger('quote_estimated');
    t.bigInteger('quote_low');
    t.bigInteger('quote_high');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('analyses', (t) => {
    t.dropColumn('quote_estimated');
    t.dropColumn('quote_low');
    t.dropColumn('quote_high');
  });
}
