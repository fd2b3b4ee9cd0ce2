import type { Knex } from 'knex';
import { timestamps } from './001_foundation.js';

/**
 * Billing (issue #7): plans (rows kept in step with the configuration at start-up), the Stripe customer and
 * subscription of each user, the processed Stripe events (the exactly-once guard: an event id can be
 * recorded once, in the same transaction as its ledger writes), auto-pay settings, the armed/fired state of
 * balance alerts, and read receipts on notifications.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('plans', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.integer('price_cents').notNullable();
    t.text('currency').notNullable().defaultTo('usd');
    t.text('stripe_price_id').unique();
    t.bigInteger('monthly_tokens').notNullable();
    t.integer('documents_per_project').notNullable();
    t.integer('max_cells').notNullable();
    t.jsonb('allowed_models').notNullable().defaultTo('[]');
    t.integer('position').notNullable().defaultTo(0);
    timestamps(t, knex);
  });
  await knex('plans').insert([
    { id: 'basic', name: 'Basic', price_cents: 0, monthly_tokens: 50_000, documents_per_project: 20, max_cells: 5000, allowed_models: JSON.stringify(['*']), position: 0 },
    { id: 'pro', name: 'Pro', price_cents: 2900, monthly_tokens: 500_000, documents_per_project: 200, max_cells: 20_000, allowed_models: JSON.stringify(['*']), position: 1 },
    { id: 'enterprise', name: 'Enterprise', price_cents: 19900, monthly_tokens: 5_000_000, documents_per_project: 2000, max_cells: 100_000, allowed_models: JSON.stringify(['*']), position: 2 },
  ]);

  await knex.schema.createTable('billing_customers', (t) => {
    t.uuid('user_id').primary().references('users.id').onDelete('CASCADE');
    t.text('stripe_customer_id').notNullable().unique();
    t.text('default_payment_method');
    timestamps(t, knex);
  });

  await knex.schema.createTable('subscriptions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('stripe_subscription_id').notNullable().unique();
    t.text('stripe_customer_id');
    t.text('plan_id').notNullable().references('plans.id');
    t.text('status').notNullable();
    t.timestamp('current_period_end', { useTz: true });
    t.boolean('cancel_at_period_end').notNullable().defaultTo(false);
    // `created` of the newest Stripe event applied: an older event arriving late must not override it.
    t.timestamp('stripe_updated_at', { useTz: true });
    timestamps(t, knex);
    t.index(['user_id']);
  });

  await knex.schema.createTable('stripe_events', (t) => {
    t.text('id').primary();
    t.text('type').notNullable();
    t.timestamp('stripe_created_at', { useTz: true });
    t.text('outcome');
    t.timestamp('processed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    timestamps(t, knex);
  });

  await knex.schema.createTable('auto_pay_settings', (t) => {
    t.uuid('user_id').primary().references('users.id').onDelete('CASCADE');
    t.boolean('enabled').notNullable().defaultTo(false);
    t.bigInteger('threshold_tokens').notNullable().defaultTo(0);
    t.text('pack').notNullable();
    // Armed while the balance is at or above the threshold; a crossing disarms it and bumps the epoch, which
    // names the one charge of that crossing (payment idempotency key).
    t.boolean('armed').notNullable().defaultTo(true);
    t.integer('epoch').notNullable().defaultTo(0);
    timestamps(t, knex);
  });

  await knex.schema.createTable('balance_alerts', (t) => {
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('threshold').notNullable();
    t.timestamp('fired_at', { useTz: true });
    timestamps(t, knex);
    t.primary(['user_id', 'threshold']);
  });

  await knex.schema.alterTable('payments', (t) => {
    t.text('auto_pay_key').unique();
  });

  await knex.schema.alterTable('notifications', (t) => {
    t.timestamp('read_at', { useTz: true });
    t.index(['user_id', 'sent_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.dropIndex(['user_id', 'sent_at']);
    t.dropColumn('read_at');
  });
  await knex.schema.alterTable('payments', (t) => t.dropColumn('auto_pay_key'));
  for (const table of ['balance_alerts', 'auto_pay_settings', 'stripe_events', 'subscriptions', 'billing_customers', 'plans']) {
    await knex.schema.dropTableIfExists(table);
  }
}
