import { Caption1, makeStyles, tokens, Tooltip } from '@fluentui/react-components';
import { localAnalystTokens } from '@intellio/api-client';
import { useTranslation } from 'react-i18next';
import type { AnalysisSelection } from '../grid/selectionPayload';
import { usePublicConfig } from '../shell/usePublicConfig';

const useStyles = makeStyles({
  quote: { color: tokens.colorNeutralForeground2 },
});

interface LocalPriceQuoteProps {
  selection: AnalysisSelection | null;
}

/**
 * "Local analyst: ~N tokens" for the selected cells, before there is a question to quote (RunQuote shows the
 * server's quote once there is). Shown only when the server answers with the local analyst, whose price
 * depends on the cells alone (a model's depends on its answer).
 */
export function LocalPriceQuote({ selection }: LocalPriceQuoteProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const price = usePublicConfig()?.localAnalystPrice;
  if (!price || !selection) return null;
  const cells = selection.ranges.reduce((n, r) => n + r.values.length * (r.values[0]?.length ?? 0), 0);
  return (
    <Tooltip content={t('onboarding.localPriceHint')} relationship="description">
      <Caption1 className={styles.quote} data-testid="price-quote" tabIndex={0}>
        {t('onboarding.localPrice', { tokens: localAnalystTokens(price, cells) })}
      </Caption1>
    </Tooltip>
  );
}
