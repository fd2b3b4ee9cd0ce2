import type { Knex } from 'knex';

/**
 * Each confirmation link carries the credentials of the sign-up it was mailed for (pre-verification account
 * takeover): `password_hash` (bcrypt, as on `users`) and `name`. A sign-up for an address nobody has confirmed
 * no longer changes the account; opening one of its links with the password chosen at that sign-up sets the
 * account's password and name from that link (auth/service.ts, verifyEmail). Null in both (every link from
 * before this migration, and links mailed by a sign-in or the banner's "resend") means the account's own
 * password and name, as before. Cleared from all of an account's links once one is used, and on a password
 * reset or change.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('email_verifications', (t) => {
    t.text('password_hash');
    t.text('name');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('email_verifications', (t) => {
    t.dropColumn('name');
    t.dropColumn('password_hash');
  });
}
