import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { engine, testDb } from '../../test/db.js';
import { copyRows, type CopyColumn } from './copy.js';

interface Row {
  id: string;
  n: number | null;
  label: string;
  v: Float32Array | null;
}

const columns: Array<CopyColumn<Row>> = [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'n', type: 'int4', value: (r) => r.n },
  { name: 'label', type: 'text', value: (r) => r.label },
  { name: 'v', type: 'vector', value: (r) => r.v },
];

/** Binary COPY writes every chunk, over STDIN on PostgreSQL and from `/dev/blob` on PGlite: checked value by value. */
describe(`binary COPY (${engine})`, function () {
  let knex: Knex;

  before(async () => {
    knex = (await testDb()).knex;
    await knex.raw('CREATE TABLE copy_probe (id uuid PRIMARY KEY, n integer, label text NOT NULL, v vector)');
  });

  after(async () => {
    await knex.raw('DROP TABLE IF EXISTS copy_probe');
  });

  beforeEach(async () => {
    await knex.raw('TRUNCATE copy_probe');
  });

  it('writes every type exactly, NULLs included, across many batches', async () => {
    const awkward = 'tab\there, new\nline, back\\slash, quote " \' , émoji 📈, CJK 売上, \r and \\N';
    const rows: Row[] = Array.from({ length: 300 }, (_, i) => ({
      id: randomUUID(),
      n: i === 7 ? null : i - 150,
      label: i === 3 ? awkward : `row ${i}`,
      v: i === 9 ? null : Float32Array.from({ length: i % 2 ? 384 : 1536 }, (_, k) => Math.fround(Math.sin(i * 31 + k) / 3)),
    }));
    await knex.transaction((trx) => copyRows(trx, engine, 'copy_probe', columns, rows));

    const stored = await knex('copy_probe').select('id', 'n', 'label', knex.raw('v::text as v'));
    assert.equal(stored.length, 300);
    const byId = new Map(stored.map((r) => [r.id as string, r]));
    for (const row of rows) {
      const got = byId.get(row.id);
      assert.ok(got, `row ${row.id} missing`);
      assert.equal(got.n, row.n);
      assert.equal(got.label, row.label);
      if (row.v === null) {
        assert.equal(got.v, null);
      } else {
        const values = (JSON.parse(got.v as string) as number[]).map((x) => Math.fround(x));
        assert.deepEqual(values, Array.from(row.v)); // float32 bit for bit
      }
    }
    const [{ dims }] = (await knex.raw('SELECT array_agg(DISTINCT vector_dims(v) ORDER BY vector_dims(v)) AS dims FROM copy_probe WHERE v IS NOT NULL')).rows;
    assert.deepEqual(dims, [384, 1536]);
  });

  it('a row the table refuses rolls the whole transaction back, and the connection stays usable', async () => {
    const id = randomUUID();
    const rows: Row[] = [
      { id, n: 1, label: 'first', v: Float32Array.of(1, 0) },
      { id, n: 2, label: 'same key again', v: Float32Array.of(0, 1) },
    ];
    await assert.rejects(
      knex.transaction(async (trx) => {
        await trx('copy_probe').insert({ id: randomUUID(), n: 0, label: 'before the copy' });
        await copyRows(trx, engine, 'copy_probe', columns, rows);
      }),
      /duplicate key value/,
    );
    assert.equal((await knex('copy_probe').count<{ n: number }[]>('* as n'))[0].n, 0);
    // NaN is not a vector element pgvector accepts: refused by the server, not written.
    await assert.rejects(
      knex.transaction((trx) => copyRows(trx, engine, 'copy_probe', columns, [{ id: randomUUID(), n: 1, label: 'nan', v: Float32Array.of(NaN) }])),
      /NaN not allowed in vector/,
    );
    await knex.transaction((trx) => copyRows(trx, engine, 'copy_probe', columns, [{ id: randomUUID(), n: 3, label: 'after', v: Float32Array.of(0.5) }]));
    assert.deepEqual(await knex('copy_probe').pluck('label'), ['after']);
  });

  it('a value of the wrong type stops the copy with its column named, and nothing is written', async () => {
    await assert.rejects(
      knex.transaction((trx) => copyRows(trx, engine, 'copy_probe', columns, [{ id: 'not-a-uuid', n: 1, label: 'x', v: null }])),
      /id: not-a-uuid is not a uuid/,
    );
    await assert.rejects(
      knex.transaction((trx) => copyRows(trx, engine, 'copy_probe', columns, [{ id: randomUUID(), n: 1.5, label: 'x', v: null }])),
      /n: 1.5 is not an integer/,
    );
    assert.equal((await knex('copy_probe').count<{ n: number }[]>('* as n'))[0].n, 0);
  });

  it('a long copy goes in several pieces on PGlite and still all or nothing: a bad row near the end writes none', async () => {
    const small = (i: number): Row => ({ id: randomUUID(), n: i, label: `r${i}`, v: Float32Array.of(i, 1) });
    const rows = Array.from({ length: 4500 }, (_, i) => small(i));
    await knex.transaction((trx) => copyRows(trx, engine, 'copy_probe', columns, rows));
    const [{ n, total }] = (await knex.raw('SELECT count(*)::int AS n, sum(n)::int AS total FROM copy_probe')).rows;
    assert.deepEqual([n, total], [4500, (4499 * 4500) / 2]);

    await knex.raw('TRUNCATE copy_probe');
    const clash = Array.from({ length: 4500 }, (_, i) => small(i));
    clash[4400].id = clash[10].id; // in the last piece
    await assert.rejects(knex.transaction((trx) => copyRows(trx, engine, 'copy_probe', columns, clash)), /duplicate key value/);
    assert.equal((await knex('copy_probe').count<{ n: number }[]>('* as n'))[0].n, 0);
  });
});
