/**
 * The checked answer's summaries in the pane's language. The same counts as the shared client's
 * `claimSummary`/`readSummary`/`sourceLabel` (English by default), worded from the catalogue so plural forms
 * follow the language; `answerWords` hands the shared client the same words for flags and cells.
 */
import type { AnswerWords, Claim, ReadPassage } from '@intellio/api-client';
import type { TFunction } from 'i18next';

/** "7 of 8 statements checked against their sources · 1 not found in its sources"; null without claims. */
export function claimSummaryText(t: TFunction, claims: readonly Claim[] | undefined): string | null {
  if (!claims?.length) return null;
  const count = (v: Claim['verdict']) => claims.filter((c) => c.verdict === v).length;
  const parts = [t('pane.checks.checked', { count: claims.length, supported: count('supported') })];
  const unsupported = count('unsupported');
  if (unsupported) parts.push(t('pane.checks.unsupported', { count: unsupported }));
  const unchecked = count('unchecked');
  if (unchecked) parts.push(t('pane.checks.unchecked', { count: unchecked }));
  return parts.join(' · ');
}

/** "Read 6 passages from 3 documents and 24 cells"; null for an old analysis that did not record `read`. */
export function readSummaryText(t: TFunction, read: readonly ReadPassage[] | undefined, cellCount: number | undefined): string | null {
  if (!read) return null;
  const cells = cellCount ? t('pane.checks.cells', { count: cellCount }) : null;
  if (!read.length) return cells ? t('pane.checks.readCellsOnly', { cells }) : null;
  const passages = t('pane.checks.passages', { count: read.length });
  const documents = t('pane.checks.documents', { count: new Set(read.map((p) => p.documentId)).size });
  return cells ? t('pane.checks.readWithCells', { passages, documents, cells }) : t('pane.checks.read', { passages, documents });
}

/** "Annual report.pdf, p. 4" / "Annual report.pdf, 4쪽" */
export function sourceLabelText(t: TFunction, c: { documentName: string; page: number | null }): string {
  return c.page ? t('pane.answer.source', { document: c.documentName, page: c.page }) : c.documentName;
}

/**
 * The shared client's words (flags, source labels, the citations table, the checks' line in cells) in the
 * language `t` speaks: both panes pass them to `linkAnswer`/`flagText`/`sheetLayout`.
 */
export function answerWords(t: TFunction): AnswerWords {
  return {
    flag: t('pane.answer.flag'),
    source: (document, page) => t('pane.answer.source', { document, page }),
    openSource: (label) => t('pane.sheet.open', { label }),
    headers: {
      number: t('pane.sheet.number'),
      document: t('pane.sheet.document'),
      page: t('pane.sheet.page'),
      quote: t('pane.sheet.quote'),
      link: t('pane.sheet.link'),
      note: t('pane.sheet.note'),
    },
    ocrNote: t('pane.sheet.ocrNote'),
    claimSummary: (claims) => claimSummaryText(t, claims),
  };
}
