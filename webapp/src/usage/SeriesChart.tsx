import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, formatPeriod } from './format';

const useStyles = makeStyles({
  chart: { width: '100%', height: '240px' },
  empty: { color: tokens.colorNeutralForeground3, padding: `${tokens.spacingVerticalXL} 0` },
});

export interface ChartSeries {
  key: string;
  name: string;
  color: string;
}

interface SeriesChartProps<T extends { period: string }> {
  data: T[];
  series: ChartSeries[];
  /** Bars stack; lines are for rates. */
  kind?: 'bar' | 'line';
  format?: (v: number) => string;
  empty: string;
  testId: string;
  /** Whole-number ticks (counts, tokens); off for rates. */
  integer?: boolean;
  /** What the values are, written along the value axis (in the screen's language). */
  yLabel?: string;
}

/** A chart over periods (recharts) with an empty state when every value is zero or missing. */
export function SeriesChart<T extends { period: string }>({ data, series, kind = 'bar', format = formatNumber, empty, testId, integer = true, yLabel }: SeriesChartProps<T>) {
  const styles = useStyles();
  const values = data.flatMap((p) => series.map((s) => Number((p as Record<string, unknown>)[s.key] ?? 0)));
  if (!values.some((v) => v > 0)) {
    return (
      <Text className={styles.empty} data-testid={`${testId}-empty`}>
        {empty}
      </Text>
    );
  }
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" vertical={false} />,
    <XAxis key="x" dataKey="period" tickFormatter={formatPeriod} fontSize={12} />,
    <YAxis
      key="y"
      allowDecimals={!integer}
      tickFormatter={(v: number) => format(v)}
      fontSize={12}
      width={yLabel ? 88 : 72}
      label={yLabel ? { value: yLabel, angle: -90, position: 'insideLeft', fontSize: 12 } : undefined}
    />,
    <Tooltip key="tip" formatter={(v) => format(Number(v))} labelFormatter={(l) => formatPeriod(String(l))} />,
    <Legend key="legend" />,
  ];
  return (
    <div className={styles.chart} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        {kind === 'line' ? (
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            {axes}
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        ) : (
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            {axes}
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} stackId="stack" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
