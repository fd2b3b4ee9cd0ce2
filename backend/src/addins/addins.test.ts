import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { PRODUCTION_ADDIN } from '../../../manifests/src/render.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { ROOT_DIR } from '../config.js';

const XSD = fs.readFileSync(path.join(ROOT_DIR, 'manifests', 'schema', 'officeapp-1.1-taskpane.xsd'), 'utf8');

describe('Add-ins: where users get them', () => {
  describe('on an https server', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ PUBLIC_URL: 'https://analyst.example.org/', SHEETS_ADDON_URL: 'https://workspace.google.com/marketplace/app/intellio/123' });
    });
    after(() => app.close());

    it('serves the Excel manifest for its own address, valid against the TaskPaneApp schema', async () => {
      const res = await app.request('GET', '/api/v1/addins/excel/manifest.xml');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/xml/);
      assert.equal(res.headers.get('content-disposition'), 'attachment; filename="intellio-excel-manifest.xml"');
      assert.match(res.text, /<SourceLocation DefaultValue="https:\/\/analyst\.example\.org\/addin\/excel\/taskpane\.html"\/>/);
      assert.match(res.text, new RegExp(`<Id>${PRODUCTION_ADDIN.id}</Id>`));
      assert.doesNotMatch(res.text, /\{\{\w+\}\}/);
      const result = await validateXML({ xml: { fileName: 'manifest.xml', contents: res.text }, schema: { fileName: 'officeapp.xsd', contents: XSD } });
      assert.deepEqual(result.errors.map((e) => e.message), []);
    });

    it('says where both add-ins are in the public config, before sign-in', async () => {
      const res = await app.request('GET', '/api/v1/config');
      assert.deepEqual(res.body.data.addins, {
        excel: { manifestUrl: 'https://analyst.example.org/api/v1/addins/excel/manifest.xml', unavailableReason: null },
        sheets: { installUrl: 'https://workspace.google.com/marketplace/app/intellio/123' },
      });
    });
  });

  describe('on a plain-http server (the local default)', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ PUBLIC_URL: 'http://localhost:3000' });
    });
    after(() => app.close());

    it('refuses the manifest with the reason, since Excel would not load the pane', async () => {
      const res = await app.request('GET', '/api/v1/addins/excel/manifest.xml');
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'addin_needs_https');
      assert.match(res.body.error.message, /HTTPS only.*http:\/\/localhost:3000.*PUBLIC_URL/);
      assert.deepEqual(res.body.error.details, { publicUrl: 'http://localhost:3000' });
    });

    it('gives no manifest link and no Sheets link in the public config, but the reason', async () => {
      const { excel, sheets } = (await app.request('GET', '/api/v1/config')).body.data.addins;
      assert.equal(excel.manifestUrl, null);
      assert.match(excel.unavailableReason, /HTTPS only/);
      assert.deepEqual(sheets, { installUrl: null });
    });

    it('refuses other methods with 405', async () => {
      const res = await app.request('POST', '/api/v1/addins/excel/manifest.xml', {});
      assert.equal(res.status, 405);
    });
  });
});
