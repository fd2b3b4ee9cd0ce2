#!/usr/bin/env node
// `npm run manifests`: writes the Excel add-in manifest for a dev host and a production host from the one
// template in src/. The production origin comes from `--prod-url=<origin>`, else INTELLIO_ADDIN_URL, else
// PUBLIC_URL when it is https, else the placeholder below (the build says so, so nobody ships it unknowingly).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');

export const DEV_URL = arg('dev-url') ?? process.env.INTELLIO_ADDIN_DEV_URL ?? 'https://localhost:3001';
const PLACEHOLDER = 'https://app.intellio.example';
const httpsPublicUrl = process.env.PUBLIC_URL?.startsWith('https://') ? process.env.PUBLIC_URL : undefined;
const prodUrl = arg('prod-url') ?? process.env.INTELLIO_ADDIN_URL ?? httpsPublicUrl ?? PLACEHOLDER;

/** Fills the template for one origin; the two manifests get different ids so both can be installed at once. */
export function renderManifest(host: string, { id, name, version = '1.0.0.0' }: { id: string; name: string; version?: string }): string {
  const origin = new URL(host).origin;
  if (!origin.startsWith('https://')) throw new Error(`Office add-ins must be served over HTTPS: ${host}`);
  const template = fs.readFileSync(path.join(here, 'src', 'manifest.template.xml'), 'utf8');
  const values: Record<string, string> = { HOST: origin, ID: id, NAME: name, VERSION: version };
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`manifest.template.xml: unknown placeholder {{${key}}}`);
    return values[key].replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  });
}

export const TARGETS = [
  { file: 'manifest.dev.xml', host: DEV_URL, id: '6f1a0b0e-5c1d-4e43-9a54-0d7c2d9e1a01', name: 'Intellio (dev)' },
  { file: 'manifest.xml', host: prodUrl, id: '6f1a0b0e-5c1d-4e43-9a54-0d7c2d9e1a02', name: 'Intellio' },
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
