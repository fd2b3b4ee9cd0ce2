import { Link, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { WarningFilled } from '@fluentui/react-icons';
import { cellRefFromHref, decodeHref, linkAnswer } from '@intellio/api-client';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCellLinks } from '../grid/CellLinks';
import type { Analysis } from './analysisApi';
import { AnswerMarkdown } from './AnswerMarkdown';
import { rehypeMarkFlagged } from './markFlagged';

const useStyles = makeStyles({
  flagged: {
    color: 'inherit',
    backgroundColor: tokens.colorPaletteYellowBackground1,
    textDecorationLine: 'underline',
    textDecorationStyle: 'wavy',
    textDecorationColor: tokens.colorPaletteDarkOrangeBorder2,
  },
  flag: {
    display: 'inline-flex',
    alignItems: 'baseline',
    gap: tokens.spacingHorizontalXXS,
    marginLeft: tokens.spacingHorizontalXXS,
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorPaletteDarkOrangeForeground2,
    backgroundColor: tokens.colorPaletteYellowBackground1,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    cursor: 'help',
  },
  icon: { alignSelf: 'center', flexShrink: 0 },
  ref: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

interface CheckedAnswerProps {
  analysis: Analysis;
  /** Element id of the citation entry for a passage id ([P3] in the text jumps to it). */
  citationAnchor(id: string): string;
}

/**
 * A finished answer with its checks visible: each unsupported statement highlighted, followed by a flag that
 * says in words what was not found (also on hover); cell citations select their cells in the table; passage
 * citations jump to their entry in the sources. An old analysis (no claims) renders as plain Markdown.
 */
export function CheckedAnswer({ analysis, citationAnchor }: CheckedAnswerProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const cellLinks = useCellLinks();
  const [note, setNote] = useState<string | null>(null);
  const claims = useMemo(() => analysis.claims ?? [], [analysis.claims]);
  const { selection, citations } = analysis;
  const linked = useMemo(
    () => linkAnswer(analysis.answer ?? '', { claims, citationIds: citations.map((c) => c.id), selection, words: { flag: t('analyse.claims.flag') } }),
    [analysis.answer, claims, citations, selection, t],
  );

  const rehypePlugins = useMemo(() => [rehypeMarkFlagged(styles.flagged)], [styles.flagged]);

  function handleCell(href: string) {
    const ref = cellRefFromHref(href, selection.sheet);
    if (!ref) return;
    const address = ref.address;
    const target = { workbook: selection.workbook, sheet: ref.sheet ?? selection.sheet, address };
    setNote(cellLinks ? cellLinks.select(target) : t('grid.cellLinks.noTable', { address }));
  }

  function handleSource(id: string) {
    const entry = document.getElementById(citationAnchor(id));
    entry?.scrollIntoView({ block: 'nearest' });
    entry?.focus({ preventScroll: true });
  }

  function renderLink(href: string, children: ReactNode): ReactNode | undefined {
    if (href.startsWith('#flag=')) {
      const claim = claims[Number(href.slice('#flag='.length))];
      if (!claim) return undefined;
      const reason = claim.reason ?? t('analyse.claims.flag');
      return (
        <span role="note" className={styles.flag} title={reason} data-testid="claim-flag">
          <WarningFilled className={styles.icon} aria-hidden="true" />
          {claim.reason ? t('analyse.claims.flagReason', { reason: claim.reason }) : t('analyse.claims.flag')}
        </span>
      );
    }
    if (href.startsWith('#cell=')) {
      return (
        <Link as="button" className={styles.ref} onClick={() => handleCell(href)} data-testid="cell-link" title={t('analyse.claims.selectInTable')}>
          {children}
        </Link>
      );
    }
    // A malformed "#source=%E0%A4" in an answer is a plain link, not a page that fails to render.
    const id = href.startsWith('#source=') ? decodeHref(href.slice('#source='.length)) : null;
    if (id !== null) {
      return (
        <Link href={`#${citationAnchor(id)}`} className={styles.ref} data-testid="source-link" onClick={(e) => { e.preventDefault(); handleSource(id); }}>
          {children}
        </Link>
      );
    }
    return undefined;
  }

  return (
    <>
      <AnswerMarkdown text={linked.markdown} testId="answer-text" renderLink={renderLink} rehypePlugins={rehypePlugins} />
      {note && (
        <MessageBar intent="info" data-testid="cell-link-note">
          <MessageBarBody>{note}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
