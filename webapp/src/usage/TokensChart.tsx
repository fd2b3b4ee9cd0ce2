import { CHART_COLORS } from './chartColors';
import { SeriesChart } from './SeriesChart';

export interface TokensPoint {
  period: string;
  analysis: number;
  embedding: number;
}

export const TOKEN_SERIES = [
  { key: 'analysis', name: 'Analyses', color: CHART_COLORS.brand },
  { key: 'embedding', name: 'Embeddings', color: CHART_COLORS.teal },
];

/** Tokens per period, stacked by kind (analyses, embeddings). */
export function TokensChart({ data, testId = 'tokens-chart' }: { data: TokensPoint[]; testId?: string }) {
  return <SeriesChart data={data} series={TOKEN_SERIES} empty="No tokens used in this period." testId={testId} />;
}
