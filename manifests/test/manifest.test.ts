/**
 * The generated manifests, validated offline: against the TaskPaneApp schema with libxml2's XSD validator
 * (xmllint-wasm), and the ribbon part (VersionOverrides) structurally with a real XML parser.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { renderManifest, TARGETS } from '../scripts/build.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const XSD = fs.readFileSync(path.join(here, '..', 'schema', 'officeapp-1.1-taskpane.xsd'), 'utf8');
const ICONS_DIR = path.join(here, '..', '..', 'addin-excel', 'public', 'assets');

async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName: 'manifest.xml', contents: xml }, schema: { fileName: 'officeapp.xsd', contents: XSD } });
  return result.errors.map((e) => e.message);
}

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, isArray: (name) => ['Image', 'Url', 'String', 'Control', 'Group', 'AppDomain'].includes(name) });

/** Every value of `key` anywhere below `node`. */
function collect(node: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((n) => collect(n, key, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) out.push(v);
      collect(v, key, out);
    }
  }
  return out;
}

describe('Excel add-in manifests', () => {
  for (const target of TARGETS.map((t) => ({ ...t, host: t.file === 'manifest.dev.xml' ? 'https://localhost:3001' : 'https://intellio.example.org' }))) {
    describe(target.file, () => {
      const xml = renderManifest(target.host, target);
      const doc = parser.parse(xml) as { OfficeApp: Node };
      const app = doc.OfficeApp;
      const overrides = app.VersionOverrides as Node;

      it('is well-formed XML and valid against the TaskPaneApp schema', async () => {
        assert.equal(XMLValidator.validate(xml), true);
        assert.deepEqual(await schemaErrors(xml), []);
      });

      it('is a TaskPaneApp for Workbook that opens the task pane served by the backend', () => {
        assert.equal(app['@type'], 'TaskPaneApp');
        assert.equal((app.Hosts as { Host: Node }).Host['@Name'], 'Workbook');
        assert.equal((app.DefaultSettings as { SourceLocation: Node }).SourceLocation['@DefaultValue'], `${target.host}/addin/excel/taskpane.html`);
        assert.deepEqual((app.AppDomains as { AppDomain: string[] }).AppDomain, [target.host]);
        assert.equal(app.Id, target.id);
      });

      it('has a ribbon button on Home whose resource ids all resolve', () => {
        const resources = overrides.Resources as Node;
        const ids = new Set(collect(resources, '@id') as string[]);
        const referenced = collect(overrides.Hosts, '@resid') as string[];
        assert.ok(referenced.length >= 8);
        for (const id of referenced) assert.ok(ids.has(id), `resid "${id}" has no resource`);
        const tab = collect(overrides.Hosts, 'OfficeTab')[0] as Node;
        assert.equal(tab['@id'], 'TabHome');
        const control = (tab.Group as Node[])[0].Control as Node[];
        assert.equal(control[0]['@type'], 'Button');
        assert.equal((control[0].Action as Node)['@type'], 'ShowTaskpane');
      });

      it('declares =INTELLIO.ASK/FILL as custom functions in a shared runtime with the task pane', () => {
        const sets = collect(overrides.Requirements, 'Set').flat() as Node[];
        assert.ok(sets.some((s) => s['@Name'] === 'SharedRuntime' && s['@MinVersion'] === '1.1'));
        const host = collect(overrides.Hosts, 'Host')[0] as Node;
        const runtime = (host.Runtimes as { Runtime: Node }).Runtime;
        assert.equal(runtime['@resid'], 'Taskpane.Url');
        assert.equal(runtime['@lifetime'], 'long');
        const point = (host.AllFormFactors as { ExtensionPoint: Node }).ExtensionPoint;
        assert.equal(point['@type'], 'CustomFunctions');
        // The functions' page is the pane's page: that is what makes the runtime shared.
        assert.equal(((point.Page as Node).SourceLocation as Node)['@resid'], 'Taskpane.Url');
        const urls = new Map((collect(overrides.Resources, 'Url').flat() as Node[]).map((u) => [u['@id'], u['@DefaultValue']]));
        assert.equal(urls.get(((point.Metadata as Node).SourceLocation as Node)['@resid']), `${target.host}/addin/functions/functions.json`);
        const strings = new Map((collect(overrides.Resources, 'String').flat() as Node[]).map((u) => [u['@id'], u['@DefaultValue']]));
        assert.equal(strings.get((point.Namespace as Node)['@resid']), 'INTELLIO');
        // The metadata file the manifest names is the one the add-in build serves.
        assert.ok(fs.existsSync(path.join(ICONS_DIR, '..', 'functions', 'functions.json')));
      });

      it('points 16, 32 and 80 px icons and every URL at its own host, and the icon files exist at those sizes', () => {
        const images = collect(overrides.Resources, 'Image').flat() as Node[];
        const sizes = images.map((i) => /icon-(\d+)\.png$/.exec(String(i['@DefaultValue']))?.[1]);
        assert.deepEqual(sizes, ['16', '32', '80']);
        const urls = [...(collect(doc, '@DefaultValue') as string[]).filter((v) => /^https?:/.test(v)), ...(collect(app.AppDomains, 'AppDomain').flat() as string[])];
        for (const url of urls) assert.ok(url.startsWith(target.host), `${url} is not on ${target.host}`);
        for (const size of [16, 32, 64, 80]) {
          const png = fs.readFileSync(path.join(ICONS_DIR, `icon-${size}.png`));
          assert.equal(png.readUInt32BE(16), size, `icon-${size}.png width`);
          assert.equal(png.readUInt32BE(20), size, `icon-${size}.png height`);
        }
      });
    });
  }

  it('the schema rejects what Office would reject: http URLs, a missing Permissions element, a bad id', async () => {
    const good = renderManifest('https://localhost:3001', TARGETS[0]);
    const errors = await schemaErrors(good.replace('https://localhost:3001/addin/excel/taskpane.html"', 'http://localhost:3001/addin/excel/taskpane.html"').replace(/<Permissions>.*<\/Permissions>/, '').replace(/<Id>.*<\/Id>/, '<Id>not-a-guid</Id>'));
    assert.ok(errors.some((e) => /Id/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /DefaultValue/.test(e)), errors.join('\n'));
    assert.ok(errors.length >= 2);
    assert.throws(() => renderManifest('http://intellio.example.org', TARGETS[1]), /HTTPS/);
  });
});
