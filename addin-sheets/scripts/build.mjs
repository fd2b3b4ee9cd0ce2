#!/usr/bin/env node
// Builds the Apps Script project into dist/ (the folder clasp pushes):
//   Code.js         server code, bundled by esbuild; every export of src/server/index.ts becomes a plain
//                   top-level function, because Apps Script only sees top-level declarations
//   Sidebar.html    src/client/Sidebar.html with src/client/sidebar.ts bundled inline (HtmlService serves
//                   one file; it cannot load local scripts)
//   appsscript.json with urlFetchWhitelist set to the API origin
// The API origin: INTELLIO_SHEETS_API_URL, else PUBLIC_URL, else a placeholder; it can also be changed
// after deployment with the script property INTELLIO_API_URL.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const apiUrl = new URL(process.env.INTELLIO_SHEETS_API_URL ?? process.env.PUBLIC_URL ?? 'https://app.intellio.example').origin;

export async function buildServer() {
  const out = await build({
    entryPoints: [path.join(root, 'src/server/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    define: { __INTELLIO_API_URL__: JSON.stringify(apiUrl) },
  });
  let code = out.outputFiles[0].text;
  const exportList = /export\s*\{([^}]*)\};?\s*$/.exec(code);
  if (!exportList) throw new Error('esbuild output has no export list');
  code = code.slice(0, exportList.index);
  for (const spec of exportList[1].split(',').map((s) => s.trim()).filter(Boolean)) {
    const [local, exported = local] = spec.split(/\s+as\s+/);
    // esbuild renames only on collisions; alias back so Apps Script finds the public name.
    if (local !== exported) code += `function ${exported}() { return ${local}.apply(this, arguments); }\n`;
    else if (!new RegExp(`^function ${local}\\(`, 'm').test(code)) throw new Error(`${local} is not a top-level function in Code.js`);
  }
  // esbuild drops comments, but Sheets reads a custom function's JSDoc (@customfunction) for its
  // autocomplete and help: carry each such block from the source over to its function.
  const source = fs.readFileSync(path.join(root, 'src/server/index.ts'), 'utf8');
  for (const [, doc, name] of source.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*@customfunction[\s\S]*?\*\/)\s*export function (\w+)/g)) {
    const at = new RegExp(`^function ${name}\\(`, 'm').exec(code);
    if (!at) throw new Error(`custom function ${name} is not a top-level function in Code.js`);
    code = `${code.slice(0, at.index)}${doc}\n${code.slice(at.index)}`;
  }
  return `// Intellio for Google Sheets. Built from addin-sheets/src by scripts/build.mjs; do not edit.\n${code}`;
}

export async function buildSidebar() {
  const out = await build({ entryPoints: [path.join(root, 'src/client/sidebar.ts')], bundle: true, format: 'iife', target: 'es2020', write: false, legalComments: 'none' });
  const script = out.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1');
  return fs.readFileSync(path.join(root, 'src/client/Sidebar.html'), 'utf8').replace('/*SIDEBAR_SCRIPT*/', () => script);
}

export function manifest() {
  const json = JSON.parse(fs.readFileSync(path.join(root, 'appsscript.json'), 'utf8'));
  json.urlFetchWhitelist = [`${apiUrl}/`];
  return `${JSON.stringify(json, null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(path.join(dist, 'Code.js'), await buildServer());
  fs.writeFileSync(path.join(dist, 'Sidebar.html'), await buildSidebar());
  fs.writeFileSync(path.join(dist, 'appsscript.json'), manifest());
  console.log(`addin-sheets/dist: Code.js, Sidebar.html, appsscript.json (API ${apiUrl})`);
}
