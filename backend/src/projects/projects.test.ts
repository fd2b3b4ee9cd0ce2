import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApp, type Json, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { upload } from '../../test/documents.js';
import { engine } from '../../test/db.js';

describe('categories and projects (sidebar)', () => {
  let app: TestApp;
  let ann: SignedUpUser;
  let bob: SignedUpUser;
  const as = (u: SignedUpUser) => ({
    get: (p: string) => app.request('GET', `/api/v1${p}`, undefined, { token: u.accessToken }),
    post: (p: string, b: unknown) => app.request('POST', `/api/v1${p}`, b, { token: u.accessToken }),
    patch: (p: string, b: unknown) => app.request('PATCH', `/api/v1${p}`, b, { token: u.accessToken }),
    del: (p: string) => app.request('DELETE', `/api/v1${p}`, undefined, { token: u.accessToken }),
  });
  const names = (tree: Json[]) => tree.map((c: Json) => `${c.name}[${c.projects.map((p: Json) => p.name).join(',')}]`).join(' ');
  const positionsDense = (tree: Json[]) =>
    tree.every((c: Json, i: number) => c.position === i && c.projects.every((p: Json, j: number) => p.position === j));

  before(async () => {
    app = await startTestApp();
    ann = await buildUser(app);
    bob = await buildUser(app);
  });
  after(() => app.close());

  it('creates categories and projects, and reorders both by drag-and-drop moves', async () => {
    const a = (await as(ann).post('/categories', { name: 'Finance' })).body.data;
    const b = (await as(ann).post('/categories', { name: 'Ops' })).body.data;
    const p1 = (await as(ann).post('/projects', { categoryId: a.id, name: 'Q1' })).body.data;
    await as(ann).post('/projects', { categoryId: a.id, name: 'Q2' });
    const p3 = (await as(ann).post('/projects', { categoryId: b.id, name: 'Fleet', description: 'Trucks' })).body.data;
    assert.equal(p3.description, 'Trucks');
    assert.equal(names((await as(ann).get('/categories')).body.data), 'Finance[Q1,Q2] Ops[Fleet]');

    // Drag "Fleet" to the top of Finance, then "Ops" above "Finance".
    let tree = (await as(ann).patch('/projects/order', { projectId: p3.id, categoryId: a.id, index: 0 })).body.data;
    assert.equal(names(tree), 'Finance[Fleet,Q1,Q2] Ops[]');
    tree = (await as(ann).patch('/categories/order', { categoryId: b.id, index: 0 })).body.data;
    assert.equal(names(tree), 'Ops[] Finance[Fleet,Q1,Q2]');
    assert.ok(positionsDense(tree));
    // An index past the end means "last".
    tree = (await as(ann).patch('/projects/order', { projectId: p1.id, categoryId: a.id, index: 99 })).body.data;
    assert.equal(names(tree), 'Ops[] Finance[Fleet,Q2,Q1]');
    // Persisted: a fresh read gives the same order.
    assert.equal(names((await as(ann).get('/categories')).body.data), 'Ops[] Finance[Fleet,Q2,Q1]');
  });

  it('dates each project by its last upload or analysis, not by sidebar moves, and counts its documents, for Home', async () => {
    const carol = await buildUser(app);
    const cat = (await as(carol).post('/categories', { name: 'Clients' })).body.data;
    const older = (await as(carol).post('/projects', { categoryId: cat.id, name: 'Older' })).body.data;
    const newer = (await as(carol).post('/projects', { categoryId: cat.id, name: 'Newer' })).body.data;
    assert.equal(older.lastActivityAt, older.createdAt);
    assert.equal(older.documentCount, 0);
    const activity = async () => Object.fromEntries((await as(carol).get('/categories')).body.data[0].projects.map((p: Json) => [p.name, p.lastActivityAt]));

    // A move rewrites updated_at for the whole category, but is not work in a project.
    await as(carol).patch('/projects/order', { projectId: newer.id, categoryId: cat.id, index: 0 });
    assert.deepEqual(await activity(), { Older: older.createdAt, Newer: newer.createdAt });

    const res = await upload(app, carol, older.id, 'notes.txt', 'Rent rose in May.', 'text/plain');
    assert.equal(res.status, 201, res.text);
    const uploaded = new Date(res.body.data.createdAt).toISOString();
    assert.ok(uploaded > newer.createdAt);
    assert.deepEqual(await activity(), { Older: uploaded, Newer: newer.createdAt });
    const counts = Object.fromEntries((await as(carol).get('/categories')).body.data[0].projects.map((p: Json) => [p.name, p.documentCount]));
    assert.deepEqual(counts, { Older: 1, Newer: 0 });
    // The single-project routes say the same.
    assert.equal((await as(carol).get(`/projects/${older.id}`)).body.data.lastActivityAt, uploaded);
    assert.equal((await as(carol).get(`/projects/${older.id}`)).body.data.documentCount, 1);
    assert.equal((await as(carol).patch(`/projects/${older.id}`, { name: 'Older, renamed' })).body.data.lastActivityAt, uploaded);
    // Another user's uploads never date this user's projects (and the tree is per user).
    assert.equal((await as(ann).get(`/projects/${older.id}`)).status, 404);
  });

  it('deletes a category with its projects, or moves them to another category first', async () => {
    const c1 = (await as(bob).post('/categories', { name: 'One' })).body.data;
    const c2 = (await as(bob).post('/categories', { name: 'Two' })).body.data;
    const c3 = (await as(bob).post('/categories', { name: 'Three' })).body.data;
    await as(bob).post('/projects', { categoryId: c1.id, name: 'A' });
    await as(bob).post('/projects', { categoryId: c2.id, name: 'B' });
    await as(bob).post('/projects', { categoryId: c2.id, name: 'C' });
    const moved = await as(bob).del(`/categories/${c2.id}?moveProjectsTo=${c1.id}`);
    assert.deepEqual(moved.body.data, { movedProjects: 2, deletedProjects: 0 });
    let tree = (await as(bob).get('/categories')).body.data;
    assert.equal(names(tree), 'One[A,B,C] Three[]');
    assert.ok(positionsDense(tree));
    const gone = await as(bob).del(`/categories/${c1.id}`);
    assert.deepEqual(gone.body.data, { movedProjects: 0, deletedProjects: 3 });
    tree = (await as(bob).get('/categories')).body.data;
    assert.equal(names(tree), 'Three[]');
    assert.equal(tree[0].position, 0);
    assert.equal((await as(bob).del(`/categories/${c3.id}?moveProjectsTo=${c3.id}`)).status, 400);
  });

  it('refuses to merge a category into one that would then hold more than 500 projects, and deletes nothing', async () => {
    const u = await buildUser(app);
    const full = (await as(u).post('/categories', { name: 'Full' })).body.data;
    const rest = (await as(u).post('/categories', { name: 'Rest' })).body.data;
    // 499 + 2 > 500: written directly, 499 requests would only slow the suite.
    await app.deps.knex('projects').insert(Array.from({ length: 499 }, (_, i) => ({ userId: u.id, categoryId: full.id, name: `f${i}`, position: i })));
    for (const name of ['r1', 'r2']) await as(u).post('/projects', { categoryId: rest.id, name });
    const merged = await as(u).del(`/categories/${rest.id}?moveProjectsTo=${full.id}`);
    assert.equal(merged.status, 422, merged.text);
    assert.equal(merged.body.error.code, 'limit_reached');
    const tree = (await as(u).get('/categories')).body.data;
    assert.deepEqual(tree.map((c: Json) => [c.name, c.projects.length]), [['Full', 499], ['Rest', 2]]);
    // Deleting it with its projects is still possible.
    assert.deepEqual((await as(u).del(`/categories/${rest.id}`)).body.data, { movedProjects: 0, deletedProjects: 2 });
  });

  it('stores names in NFC and refuses names with nothing visible', async () => {
    const nfc = '매출 보고';
    const nfd = nfc.normalize('NFD');
    assert.notEqual(nfd, nfc);
    const c = await as(ann).post('/categories', { name: nfd });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.body.data.name, nfc, 'macOS input reads as the same name as Windows input');
    // 80 syllables are 80 characters however they were typed (decomposed they are 200 code points).
    const long = '가나다라'.repeat(20);
    assert.equal((await as(ann).patch(`/categories/${c.body.data.id}`, { name: long.normalize('NFD') })).body.data.name, long);
    const p = await as(ann).post('/projects', { categoryId: c.body.data.id, name: nfd, description: `${nfd} 요약`.normalize('NFD') });
    assert.equal(p.status, 201, p.text);
    assert.deepEqual([p.body.data.name, p.body.data.description], [nfc, `${nfc} 요약`]);
    for (const blank of ['\u200B', '\u200B\u200D\u2060', ' \u3164 ', '\u202E', '\u00A0\u3000']) {
      for (const [method, path, body] of [
        ['POST', '/categories', { name: blank }],
        ['PATCH', `/categories/${c.body.data.id}`, { name: blank }],
        ['POST', '/projects', { categoryId: c.body.data.id, name: blank }],
        ['PATCH', `/projects/${p.body.data.id}`, { name: blank }],
      ] as const) {
        const res = await app.request(method, `/api/v1${path}`, body, { token: ann.accessToken });
        assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(blank)}`);
        assert.deepEqual([res.body.error.code, res.body.error.details[0].path], ['validation', 'body.name']);
      }
    }
    // A zero-width joiner inside a name (an emoji sequence) is kept.
    assert.equal((await as(ann).post('/categories', { name: 'Team 👩\u200D💻' })).body.data.name, 'Team 👩\u200D💻');
  });

  it('answers 404, not 500, when a category or project is deleted between its check and its rename', async () => {
    const c = (await as(ann).post('/categories', { name: 'Vanishing' })).body.data;
    const p = (await as(ann).post('/projects', { categoryId: c.id, name: 'Vanishing' })).body.data;
    // Another tab's delete committing after the ownership check: the UPDATE finds no row. A trigger that
    // skips the row's update does exactly that, without timing.
    const { knex } = app.deps;
    const fn = `test_skip_update_${randomBytes(4).toString('hex')}`;
    await knex.raw(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.id IN ('${c.id}', '${p.id}') THEN RETURN NULL; END IF; RETURN NEW; END $$`);
    await knex.raw(`CREATE TRIGGER ${fn} BEFORE UPDATE ON categories FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    await knex.raw(`CREATE TRIGGER ${fn} BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      for (const [path, body] of [[`/categories/${c.id}`, { name: 'x' }], [`/projects/${p.id}`, { name: 'x' }], [`/projects/${p.id}`, { description: 'x' }]] as const) {
        const res = await as(ann).patch(path, body);
        assert.equal(res.status, 404, `${path}: ${res.text}`);
        assert.equal(res.body.error.code, 'not_found');
      }
    } finally {
      await knex.raw(`DROP TRIGGER ${fn} ON categories`);
      await knex.raw(`DROP TRIGGER ${fn} ON projects`);
      await knex.raw(`DROP FUNCTION ${fn}()`);
    }
    assert.equal((await as(ann).patch(`/projects/${p.id}`, { name: 'Back' })).body.data.name, 'Back');
  });

  it('keeps positions dense and unique under concurrent moves', async () => {
    const u = await buildUser(app);
    const cats: Json[] = [];
    for (const name of ['A', 'B', 'C', 'D']) cats.push((await as(u).post('/categories', { name })).body.data);
    const projects: Json[] = [];
    for (let i = 0; i < 6; i++) projects.push((await as(u).post('/projects', { categoryId: cats[i % 2].id, name: `p${i}` })).body.data);
    // 24 moves at once from "two browser tabs": categories and projects shuffled between categories.
    const moves = Array.from({ length: 24 }, (_, i) =>
      i % 3 === 0
        ? as(u).patch('/categories/order', { categoryId: cats[i % 4].id, index: (i * 7) % 4 })
        : as(u).patch('/projects/order', { projectId: projects[i % 6].id, categoryId: cats[(i * 5) % 4].id, index: (i * 3) % 5 }),
    );
    const results = await Promise.all(moves);
    assert.ok(results.every((r) => r.status === 200), results.map((r) => r.status).join(','));
    const tree = (await as(u).get('/categories')).body.data;
    assert.ok(positionsDense(tree), JSON.stringify(tree));
    assert.equal(tree.flatMap((c: Json) => c.projects).length, 6, 'no project lost or duplicated');
    const rows = await app.deps.knex('projects').where({ userId: u.id });
    assert.equal(new Set(rows.map((r) => `${r.categoryId}:${r.position}`)).size, 6);
    if (engine === 'postgres') assert.ok(true, 'ran against the real PostgreSQL server');
  });

  it('renames and updates, and validates input', async () => {
    const c = (await as(ann).post('/categories', { name: 'Temp' })).body.data;
    assert.equal((await as(ann).patch(`/categories/${c.id}`, { name: '  Renamed ' })).body.data.name, 'Renamed');
    const p = (await as(ann).post('/projects', { categoryId: c.id, name: 'P' })).body.data;
    const up = await as(ann).patch(`/projects/${p.id}`, { name: 'P2', description: null });
    assert.equal(up.body.data.name, 'P2');
    for (const [path, body] of [
      ['/categories', { name: '' }],
      ['/categories', { name: 'x'.repeat(81) }],
      ['/categories', { name: 3 }],
      ['/categories', {}],
      ['/projects', { categoryId: 'nope', name: 'x' }],
      ['/projects', { categoryId: c.id }],
    ] as const) {
      const res = await as(ann).post(path, body);
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.equal(res.body.error.code, 'validation');
    }
    assert.equal((await as(ann).patch('/projects/order', { projectId: p.id, categoryId: c.id, index: -1 })).status, 400);
    assert.equal((await as(ann).patch(`/projects/${p.id}`, {})).status, 400);
    assert.equal((await as(ann).get('/projects/not-a-uuid')).status, 400);
  });

  it('needs a session (401) and hides other users’ records (404) on every route', async () => {
    const c = (await as(ann).post('/categories', { name: 'Private' })).body.data;
    const p = (await as(ann).post('/projects', { categoryId: c.id, name: 'Secret' })).body.data;
    const bobCat = (await as(bob).post('/categories', { name: 'Bob' })).body.data;
    for (const [method, path, body] of [
      ['GET', '/categories', undefined],
      ['POST', '/categories', { name: 'x' }],
      ['PATCH', `/categories/${c.id}`, { name: 'x' }],
      ['DELETE', `/categories/${c.id}`, undefined],
      ['PATCH', '/categories/order', { categoryId: c.id, index: 0 }],
      ['POST', '/projects', { categoryId: c.id, name: 'x' }],
      ['GET', `/projects/${p.id}`, undefined],
      ['PATCH', `/projects/${p.id}`, { name: 'x' }],
      ['DELETE', `/projects/${p.id}`, undefined],
      ['PATCH', '/projects/order', { projectId: p.id, categoryId: c.id, index: 0 }],
    ] as const) {
      assert.equal((await app.request(method, `/api/v1${path}`, body)).status, 401, `${method} ${path} without a token`);
      if (path === '/categories' && method !== 'POST') continue;
      if (method === 'POST' && path === '/categories') continue;
      const res = await app.request(method, `/api/v1${path}`, body, { token: bob.accessToken });
      assert.equal(res.status, 404, `${method} ${path} as another user`);
      assert.equal(res.body.error.code, 'not_found');
    }
    // Moving your own project into someone else's category is a 404 too.
    assert.equal((await as(ann).patch('/projects/order', { projectId: p.id, categoryId: bobCat.id, index: 0 })).status, 404);
    const bobTree = (await as(bob).get('/categories')).body.data;
    assert.ok(!JSON.stringify(bobTree).includes('Secret'));
    assert.equal((await as(ann).get(`/projects/${p.id}`)).body.data.name, 'Secret', 'untouched');
  });
});
