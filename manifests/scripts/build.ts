#!/usr/bin/env node
// `npm run manifests`: writes the Excel add-in manifest for a dev host and a production host from the one
// template in src/. The production origin comes from `--prod-url=<origin>`, else INTELLIO_ADDIN_URL, else
// PUBLIC_URL when it is https, else the placeholder below (the build says so, so nobody ships it unknowingly).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_ADDIN, PRODUCTION_ADDIN, renderManifest } from '../src/render.js';

export { renderManifest };

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');

export const DEV_URL = arg('dev-url') ?? process.env.INTELLIO_ADDIN_DEV_URL ?? 'https://localhost:3001';
const PLACEHOLDER = 'https://app.intellio.example';
const httpsPublicUrl = process.env.PUBLIC_URL?.startsWith('https://') ? process.env.PUBLIC_URL : undefined;
const prodUrl = arg('prod-url') ?? process.env.INTELLIO_ADDIN_URL ?? httpsPublicUrl ?? PLACEHOLDER;

export const TARGETS = [
  { file: 'manifest.dev.xml', host: DEV_URL, ...DEV_ADDIN },
  { file: 'manifest.xml', host: prodUrl, ...PRODUCTION_ADDIN },
];

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.join(here, 'dist');
  fs.mkdirSync(out, { recursive: true });
  for (const t of TARGETS) {
    fs.writeFileSync(path.join(out, t.file), renderManifest(t.host, t));
    console.log(`manifests/dist/${t.file} → ${new URL(t.host).origin}`);
  }
  if (prodUrl === PLACEHOLDER) console.warn(`manifest.xml uses ${PLACEHOLDER}: pass --prod-url=https://your.host or set INTELLIO_ADDIN_URL.`);
}
