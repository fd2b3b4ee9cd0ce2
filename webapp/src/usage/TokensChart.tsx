import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, formatPeriod } from './format';

const useStyles = makeStyles({
  chart: { width: '100%', height: '260px' },
  empty: { color: tokens.colorNeutralForeground3, padding: `${tokens.spacingVerticalXL} 0` },
});

export interface TokensPoint {
  period: string;
  analysis: number;
  embedding: number;
}

interface TokensChartProps {
  data: TokensPoint[];
  testId?: string;
}

/** Tokens per period, stacked by kind (analyses, embeddings). */
export function TokensChart({ data, testId = 'tokens-chart' }: TokensChartProps) {
  const styles = useStyles();
  if (!data.some((p) => p.analysis + p.embedding > 0)) {
    return (
      <Text className={styles.empty} data-testid={`${testId}-empty`}>
        No tokens used in this period.
      </Text>
    );
  }
  return (
    <div className={styles.chart} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" tickFormatter={formatPeriod} fontSize={12} />
          <YAxis tickFormatter={(v: number) => formatNumber(v)} fontSize={12} width={64} />
          <Tooltip formatter={(v) => formatNumber(Number(v))} labelFormatter={(l) => formatPeriod(String(l))} />
          <Legend />
          <Bar dataKey="analysis" name="Analyses" stackId="tokens" fill={tokens.colorBrandBackground} isAnimationActive={false} />
          <Bar dataKey="embedding" name="Embeddings" stackId="tokens" fill={tokens.colorPaletteTealBackground2} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
