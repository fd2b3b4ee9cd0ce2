/**
 * Where users get the spreadsheet add-ins from this server: the Excel manifest it serves for its own
 * PUBLIC_URL, and the Google Sheets add-on's install page when one is configured.
 */
import { PRODUCTION_ADDIN, renderManifest } from '../../../manifests/src/render.js';
import type { Config } from '../config.js';

/** The manifest's route under /api/v1 (routes.ts serves it; the public config links to it). */
export const EXCEL_MANIFEST_ROUTE = '/addins/excel/manifest.xml';

export interface AddinsInfo {
  excel: { manifestUrl: string | null; unavailableReason: string | null };
  sheets: { installUrl: string | null };
}

/** Why this server cannot hand out an Excel manifest, or null when it can. */
export function excelUnavailableReason(config: Config): string | null {
  if (new URL(config.publicUrl).protocol === 'https:') return null;
  return `Excel loads add-ins over HTTPS only, and this server is reached at ${config.publicUrl}. Set PUBLIC_URL to its https:// address to offer the Excel add-in.`;
}

export function addinsInfo(config: Config): AddinsInfo {
  const reason = excelUnavailableReason(config);
  const install = config.sheetsAddonUrl && /^https?:$/.test(new URL(config.sheetsAddonUrl).protocol) ? config.sheetsAddonUrl : null;
  return {
    excel: { manifestUrl: reason ? null : `${config.publicUrl}/api/v1${EXCEL_MANIFEST_ROUTE}`, unavailableReason: reason },
    sheets: { installUrl: install },
  };
}

/** The production manifest pointing at this server's task pane (`/addin/excel/taskpane.html`). */
export function excelManifest(config: Config): string {
  return renderManifest(config.publicUrl, PRODUCTION_ADDIN);
}
