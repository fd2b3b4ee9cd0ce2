import { Caption1, makeStyles, MessageBar, MessageBarBody, tokens as t } from '@fluentui/react-components';
import { localAnalystTokens, type AnalysisQuote, type PublicConfig } from '@intellio/api-client';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: t.spacingVerticalXS },
  line: { color: t.colorNeutralForeground2 },
});

export interface QuoteLineProps {
  quote: AnalysisQuote | null;
  /** The local analyst's price (public config): known from the cell count alone, before any quote. */
  localPrice: PublicConfig['localAnalystPrice'];
  cells: number;
}

/** What the run will cost, before Analyse: the server's quote, or the local analyst's price until it comes. */
export function QuoteLine({ quote, localPrice, cells }: QuoteLineProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (!quote) {
    if (!localPrice || cells <= 0) return null;
    return (
      <Caption1 className={styles.line} data-testid="quote" data-source="local">
        {t('pane.quote.local', { tokens: formatNumber(localAnalystTokens(localPrice, cells)) })}
      </Caption1>
    );
  }
  const cost =
    quote.low === quote.high
      ? t('pane.quote.exact', { tokens: formatNumber(quote.estimatedTokens) })
      : t('pane.quote.estimate', { tokens: formatNumber(quote.estimatedTokens), low: formatNumber(quote.low), high: formatNumber(quote.high) });
  return (
    <div className={styles.root}>
      <Caption1 className={styles.line} data-testid="quote" data-source="server" data-estimate={quote.estimatedTokens}>
        {`${cost} · ${t('pane.quote.balanceAfter', { balance: formatNumber(quote.balanceAfter) })}`}
      </Caption1>
      {!quote.covered && (
        <MessageBar intent="warning" data-testid="quote-warning">
          <MessageBarBody>{t('pane.quote.notCovered', { available: formatNumber(quote.balanceAfter + quote.estimatedTokens), high: formatNumber(quote.high) })}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
