import type { Knex } from 'knex';

/**
 * Turns of periodic maintenance that must run in one process of many (the storage reconcile): a process
 * takes a turn by moving `next_run_at` forward, and only one such update can win.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('maintenance_runs', (t) => {
    t.text('name').primary();
    t.timestamp('next_run_at', { useTz: true }).notNullable();
    t.timestamp('last_started_at', { useTz: true });
    t.timestamp('last_finished_at', { useTz: true });
    t.jsonb('last_result');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('maintenance_runs');
}
