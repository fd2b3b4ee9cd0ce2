/**
 * The web app's wording of a checked answer's summaries, in the active language. The counting rules are
 * api-client's `claimSummary`/`readSummary` (shared with the add-ins); only the words differ.
 */
import type { Claim } from '@intellio/api-client';
import type { TFunction } from 'i18next';
import type { Analysis } from './analysisApi';

/** "7 of 8 statements checked against their sources · 1 not found in its sources"; null without claims. */
export function claimSummaryText(claims: readonly Claim[] | undefined, t: TFunction): string | null {
  if (!claims?.length) return null;
  const count = (v: Claim['verdict']) => claims.filter((c) => c.verdict === v).length;
  const parts = [t('analyse.claims.checked', { count: claims.length, supported: count('supported') })];
  const unsupported = count('unsupported');
  if (unsupported) parts.push(t('analyse.claims.unsupported', { count: unsupported }));
  const unchecked = count('unchecked');
  if (unchecked) parts.push(t('analyse.claims.unchecked', { count: unchecked }));
  return parts.join(' · ');
}

/** "Read 6 passages from 3 documents and 24 cells"; null for an old analysis that did not record `read`. */
export function readSummaryText(read: Analysis['read'], cellCount: number | undefined, t: TFunction): string | null {
  if (!read) return null;
  const cells = cellCount ? t('analyse.cellCount', { count: cellCount }) : null;
  if (!read.length) return cells ? t('analyse.read.onlyCells', { cells }) : null;
  const passages = t('analyse.read.passages', { count: read.length });
  const documents = t('analyse.read.documents', { count: new Set(read.map((p) => p.documentId)).size });
  return cells ? t('analyse.read.summaryCells', { passages, documents, cells }) : t('analyse.read.summary', { passages, documents });
}

/**
 * A passage's place in a document without pages, as the server stored it in English when it read the file
 * ("lines 3–9", "rows 2–40", "section “Scope”", "beginning", "Sheet1!A1:D20"), in the active language. A
 * cell range reads the same everywhere and passes through.
 */
export function locationText(location: string, t: TFunction): string {
  let m = /^lines? (\d+)(?:–(\d+))?$/.exec(location);
  if (m) return m[2] ? t('analyse.where.lines', { from: Number(m[1]), to: Number(m[2]) }) : t('analyse.where.line', { line: Number(m[1]) });
  m = /^rows? (\d+)(?:–(\d+))?$/.exec(location);
  if (m) return m[2] ? t('analyse.where.rows', { from: Number(m[1]), to: Number(m[2]) }) : t('analyse.where.row', { row: Number(m[1]) });
  m = /^page (\d+)$/.exec(location);
  if (m) return t('analyse.where.page', { page: Number(m[1]) });
  m = /^section “(.*)”$/.exec(location);
  if (m) return t('analyse.where.section', { title: m[1] });
  if (location === 'beginning') return t('analyse.where.beginning');
  return location;
}

/** "report.pdf, page 7", "notes.txt, lines 3–9", or the bare name. */
export function sourceText(c: { documentName: string; page: number | null; location?: string | null }, t: TFunction): string {
  if (c.page) return t('analyse.page', { name: c.documentName, page: c.page });
  if (c.location) return t('analyse.location', { name: c.documentName, location: locationText(c.location, t) });
  return c.documentName;
}
