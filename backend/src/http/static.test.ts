import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import { serveSpa } from './static.js';

describe('serving the built front ends', () => {
  let dir: string;
  let server: ReturnType<Koa['listen']>;
  let url: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-spa-'));
    fs.mkdirSync(path.join(dir, 'web'));
    fs.mkdirSync(path.join(dir, 'pane', 'excel'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'web', 'index.html'), '<p>web app</p>');
    fs.writeFileSync(path.join(dir, 'pane', 'excel', 'taskpane.html'), '<p>task pane</p>');
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
});
