import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Koa from 'koa';
import { serveSpa } from './static.js';

describe('serving the built front ends', () => {
  let dir: string;
  let server: ReturnType<Koa['listen']>;
  let url: string;
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-spa-'));
    fs.mkdirSync(path.join(dir, 'web'));
    fs.mkdirSync(path.join(dir, 'pane', 'excel'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'web', 'index.html'), '<p>web app</p>');
    fs.writeFileSync(path.join(dir, 'pane', 'excel', 'taskpane.html'), '<p>task pane</p>');
    // As the web app's build writes them: a hashed asset with its brotli and gzip siblings.
    fs.mkdirSync(path.join(dir, 'web', 'assets'));
    fs.writeFileSync(path.join(dir, 'web', 'assets', 'index-abc123.js'), script);
    fs.writeFileSync(path.join(dir, 'web', 'assets', 'index-abc123.js.br'), zlib.brotliCompressSync(script));
    fs.writeFileSync(path.join(dir, 'web', 'assets', 'index-abc123.js.gz'), zlib.gzipSync(script));
    const app = new Koa();
    // As app.ts mounts them: the Excel pane under /addin, the web app at the root.
    app.use(serveSpa('/addin', path.join(dir, 'pane'), 'excel/taskpane.html'));
    app.use(serveSpa('/', path.join(dir, 'web')));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const page = async (p: string) => (await fetch(url + p, { headers: { accept: 'text/html' } })).text();

  it('gives the web app its own routes that merely start like the pane\'s prefix (/addins)', async () => {
    assert.equal(await page('/addins'), '<p>web app</p>');
    assert.equal(await page('/addinsomething/else'), '<p>web app</p>');
  });

  it('serves the task pane, and its client routes, under /addin/ only', async () => {
    assert.equal(await page('/addin/excel/taskpane.html'), '<p>task pane</p>');
    assert.equal(await page('/addin/some/route'), '<p>task pane</p>');
    assert.equal(await page('/addin'), '<p>task pane</p>');
  });

  it('sends the brotli or gzip sibling of an asset to clients that accept it, cached for a year', async () => {
    const br = await fetch(`${url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(br.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(br.headers.get('content-type') ?? '', /javascript/);
    assert.equal(br.headers.get('vary'), 'Accept-Encoding');
    assert.equal(await br.text(), script, 'fetch decodes it back to the script');
    const gz = await fetch(`${url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.equal(await gz.text(), script);
    const plain = await fetch(`${url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), script);
  });

  it('makes index.html revalidate, and never marks a missing asset immutable', async () => {
    for (const p of ['/', '/projects/1']) {
      const res = await fetch(url + p, { headers: { accept: 'text/html' } });
      assert.equal(res.headers.get('cache-control'), 'no-cache', p);
      await res.text();
    }
    const missing = await fetch(`${url}/assets/gone-000.js`);
    assert.equal(missing.status, 404);
    assert.doesNotMatch(missing.headers.get('cache-control') ?? '', /immutable/);
  });
});
