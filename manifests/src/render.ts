/**
 * The Excel add-in manifest for one origin, filled from manifest.template.xml beside this file. Used by
 * `npm run manifests` (scripts/build.ts) and by the backend, which serves the production manifest for its
 * own PUBLIC_URL so users can download it from the web app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'manifest.template.xml');

export interface ManifestIdentity {
  id: string;
  name: string;
  version?: string;
}

/** The production add-in. One id everywhere, so a downloaded manifest and a built one are the same add-in. */
export const PRODUCTION_ADDIN: ManifestIdentity = { id: '6f1a0b0e-5c1d-4e43-9a54-0d7c2d9e1a02', name: 'Intellio' };
export const DEV_ADDIN: ManifestIdentity = { id: '6f1a0b0e-5c1d-4e43-9a54-0d7c2d9e1a01', name: 'Intellio (dev)' };

/** Fills the template for `host`'s origin; Office loads task panes over HTTPS only, so http is refused. */
export function renderManifest(host: string, { id, name, version = '1.0.0.0' }: ManifestIdentity): string {
  const origin = new URL(host).origin;
  if (!origin.startsWith('https://')) throw new Error(`Office add-ins must be served over HTTPS: ${host}`);
  const template = fs.readFileSync(TEMPLATE, 'utf8');
  const values: Record<string, string> = { HOST: origin, ID: id, NAME: name, VERSION: version };
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`manifest.template.xml: unknown placeholder {{${key}}}`);
    return values[key].replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  });
}
