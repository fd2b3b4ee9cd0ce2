import type { Knex } from 'knex';
import { timestamps } from './001_foundation.js';

/**
 * Payments: one row per charge a user makes (subscription invoice, token pack, auto top-up), whatever the
 * outcome. Billing writes them from verified Stripe webhooks; monitoring reads revenue by day from them.
 * The receipt number is ours (sequential, human-readable); Stripe's ids are unique so a replayed event
 * can never record the same charge twice.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SEQUENCE IF NOT EXISTS payment_receipt_seq START 1001');
  await knex.schema.createTable('payments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('receipt_number')
      .notNullable()
      .unique()
      .defaultTo(knex.raw(`'R-' || lpad(nextval('payment_receipt_seq')::text, 6, '0')`));
    t.text('kind').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.integer('amount_cents').notNullable();
    t.text('currency').notNullable().defaultTo('usd');
    t.bigInteger('tokens').notNullable().defaultTo(0);
    t.integer('refunded_cents').notNullable().defaultTo(0);
    t.text('description');
    t.text('stripe_checkout_session_id').unique();
    t.text('stripe_payment_intent_id').unique();
    t.text('stripe_invoice_id').unique();
    t.text('stripe_charge_id');
    t.text('receipt_url');
    t.text('failure_message');
    t.uuid('ledger_entry_id').references('token_ledger.id').onDelete('SET NULL');
    t.timestamp('paid_at', { useTz: true });
    timestamps(t, knex);
    t.index(['user_id', 'created_at']);
    t.index(['status', 'paid_at']);
  });
  await knex.raw(`ALTER TABLE payments ADD CONSTRAINT payments_kind_check CHECK (kind IN ('subscription','token_pack','auto_pay'))`);
  await knex.raw(
    `ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ('pending','succeeded','failed','refunded','partially_refunded'))`,
  );
  await knex.raw('ALTER TABLE payments ADD CONSTRAINT payments_amount_check CHECK (amount_cents >= 0 AND refunded_cents >= 0)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('payments');
  await knex.raw('DROP SEQUENCE IF EXISTS payment_receipt_seq');
}
