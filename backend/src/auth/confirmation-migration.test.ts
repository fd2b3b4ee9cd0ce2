/**
 * Migration 034 on a database that already holds outstanding confirmation links: they keep working after it,
 * confirming the account's own password and name (asked for, like every link of an unconfirmed address), and
 * down takes the columns away again.
 */
import assert from 'node:assert/strict';
import { buildUser, lastMail, tokenFromLink } from '../../test/builders.js';
import { migrationTestApp } from '../../test/migrations.js';
import { migrationSource } from '../db/migrations/index.js';

const NAME = '034_confirmation_link_credentials';

describe('migration 034: credentials on confirmation links, with links outstanding', function () {
  this.timeout(120_000);
  const testApp = migrationTestApp();

  it('keeps a link mailed before it working with the account\'s password, and undoes it', async () => {
    const app = testApp();
    const knex = app.deps.knex;
    await buildUser(app); // the first account of an empty server is signed in at once, without a link
    const u = await buildUser(app, { verified: false, name: 'Early Bird' });
    const token = tokenFromLink((await lastMail(app, u.email, 'verify_email')).link);
    const columns = async () => Object.keys(await knex('email_verifications').columnInfo()).filter((c) => ['password_hash', 'passwordHash', 'name'].includes(c)).map((c) => (c === 'name' ? c : 'password_hash')).sort();

    await knex.migrate.down({ migrationSource, name: NAME });
    assert.deepEqual(await columns(), []);
    await knex.migrate.up({ migrationSource, name: NAME });
    assert.deepEqual(await columns(), ['name', 'password_hash']);
    const row = await knex('email_verifications').where({ user_id: u.id }).first();
    assert.equal(row.passwordHash, null, 'a link from before has no credentials of its own');

    assert.equal((await app.request('POST', '/api/v1/auth/verify', { token })).body.error.code, 'password_required');
    const opened = await app.request('POST', '/api/v1/auth/verify', { token, password: u.password, client: 'addin' });
    assert.equal(opened.status, 200, opened.text);
    assert.ok(opened.body.data.accessToken, 'it confirms and signs in, as before');
    assert.equal(opened.body.data.user.name, 'Early Bird');

    await knex.migrate.down({ migrationSource, name: NAME });
    assert.deepEqual(await columns(), []);
  });
});
