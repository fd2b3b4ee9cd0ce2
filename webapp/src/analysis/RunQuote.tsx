import { Caption1, makeStyles, MessageBar, MessageBarBody, tokens, Tooltip } from '@fluentui/react-components';
import type { AnalysisQuote, CreateAnalysisRequest } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { errorMessage } from '../forms/apiErrors';
import type { AnalysisSelection } from '../grid/selectionPayload';
import { LocalPriceQuote } from '../projects/LocalPriceQuote';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  quote: { color: tokens.colorNeutralForeground2 },
  stale: { color: tokens.colorNeutralForeground3 },
});

/** Asked again this long after the last change (typing, a new selection or template). */
const DEBOUNCE_MS = 400;

interface RunQuoteProps {
  selection: AnalysisSelection | null;
  /** The run as Analyse would send it, or null while there is nothing to ask (no prompt and no template). */
  request: CreateAnalysisRequest | null;
}

type State = { kind: 'idle' } | { kind: 'ready'; quote: AnalysisQuote; key: string } | { kind: 'failed'; message: string; key: string };

/**
 * What the run will cost before Analyse is pressed (POST /analyses/quote): "≈ N tokens (low–high) · balance
 * after M", asked again (debounced) whenever the request changes, and a warning when the balance would not
 * cover the most the run may cost. Before there is a prompt, the local analyst's price per cell.
 */
export function RunQuote({ selection, request }: RunQuoteProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [balanceTick, setBalanceTick] = useState(0);
  const key = request ? JSON.stringify(request) : '';

  // A run, a purchase or a grant changes the balance: the quote's "balance after" follows it.
  useEffect(() => {
    const handleBalance = () => setBalanceTick((n) => n + 1);
    window.addEventListener('intellio:balance-changed', handleBalance);
    return () => window.removeEventListener('intellio:balance-changed', handleBalance);
  }, []);

  useEffect(() => {
    if (!key) return;
    let active = true;
    const timer = setTimeout(() => {
      api.analyses.quote(JSON.parse(key) as CreateAnalysisRequest).then(
        (quote) => active && setState({ kind: 'ready', quote, key }),
        (err: unknown) => active && setState({ kind: 'failed', message: errorMessage(err), key }),
      );
    }, DEBOUNCE_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [key, balanceTick]);

  if (!selection) return null;
  if (!request || state.kind === 'idle') return <LocalPriceQuote selection={selection} />;
  if (state.kind === 'failed') {
    return (
      <Caption1 className={styles.stale} data-testid="price-quote-error">
        {t('analyse.quote.failed', { message: state.message })}
      </Caption1>
    );
  }
  const { quote } = state;
  const stale = state.key !== key;
  const balance = quote.balanceAfter;
  const text = quote.basis.cached
    ? t('analyse.quote.cached', { balance })
    : quote.low === quote.high
      ? t(quote.basis.local ? 'analyse.quote.local' : 'analyse.quote.exact', { tokens: quote.estimatedTokens, balance })
      : t('analyse.quote.range', { tokens: quote.estimatedTokens, low: quote.low, high: quote.high, balance });
  const hint = quote.basis.local
    ? t('onboarding.localPriceHint')
    : quote.basis.outputFrom === 'history'
      ? t('analyse.quote.hintHistory', { prompt: quote.basis.promptTokens, output: quote.basis.outputTokens, count: quote.basis.samples })
      : t('analyse.quote.hintDefault', { prompt: quote.basis.promptTokens, output: quote.basis.outputTokens });
  return (
    <div className={styles.root}>
      <Tooltip content={hint} relationship="description">
        <Caption1 className={stale ? styles.stale : styles.quote} data-testid="price-quote" aria-busy={stale} tabIndex={0}>
          {text}
        </Caption1>
      </Tooltip>
      {!quote.covered && (
        <MessageBar intent="warning" data-testid="quote-warning">
          <MessageBarBody>{t('analyse.quote.short', { high: quote.high, available: quote.balanceAfter + quote.estimatedTokens })}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
