import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CHART_COLORS } from './chartColors';
import { SeriesChart, type ChartSeries } from './SeriesChart';

export interface TokensPoint {
  period: string;
  analysis: number;
  embedding: number;
}

/** The two token kinds as chart series, named in the active language. */
export const tokenSeries = (t: TFunction): ChartSeries[] => [
  { key: 'analysis', name: t('usage.chart.analyses'), color: CHART_COLORS.brand },
  { key: 'embedding', name: t('usage.chart.embeddings'), color: CHART_COLORS.teal },
];

/** Tokens per period, stacked by kind (analyses, embeddings). */
export function TokensChart({ data, testId = 'tokens-chart' }: { data: TokensPoint[]; testId?: string }) {
  const { t } = useTranslation();
  return <SeriesChart data={data} series={tokenSeries(t)} empty={t('usage.chart.emptyTokens')} testId={testId} yLabel={t('usage.chart.axisTokens')} />;
}
