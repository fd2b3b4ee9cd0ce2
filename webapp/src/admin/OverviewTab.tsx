import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { AppLink } from '../layout/AppLink';
import { Section } from '../layout/Section';
import { CHART_COLORS } from '../usage/chartColors';
import { formatMoney, formatMs, formatNumber, formatPercent } from '../usage/format';
import { SeriesChart } from '../usage/SeriesChart';
import { StatTiles } from '../usage/StatTile';
import { TOKEN_SERIES } from '../usage/TokensChart';
import type { AdminStats } from './adminApi';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: tokens.spacingHorizontalL },
  empty: { color: tokens.colorNeutralForeground3 },
  who: { display: 'flex', flexDirection: 'column', padding: `${tokens.spacingVerticalXS} 0` },
});

/** Stat tiles, the per-day charts and the top users. */
export function OverviewTab({ stats }: { stats: AdminStats }) {
  const styles = useStyles();
  const { users, totals, live } = stats;
  const series = stats.series.map((p) => ({ ...p, analysis: p.analysisTokens, embedding: p.embeddingTokens, revenue: p.revenueCents, errorPct: p.errorRate == null ? null : p.errorRate * 100 }));
  return (
    <div className={styles.root} data-testid="admin-overview">
      <StatTiles
        stats={[
          { label: 'Users', value: formatNumber(users.total), testId: 'stat-users' },
          { label: 'Active today', value: formatNumber(users.active1d), testId: 'stat-active1d' },
          { label: 'Active 7 days', value: formatNumber(users.active7d), testId: 'stat-active7d' },
          { label: 'Active 30 days', value: formatNumber(users.active30d), testId: 'stat-active30d' },
          { label: 'Analyses running', value: formatNumber(live.analysesRunning), testId: 'stat-running' },
          { label: 'Tokens today', value: formatNumber(live.tokensToday), testId: 'stat-tokens-today' },
          { label: 'Tokens (30 days)', value: formatNumber(totals.tokens), testId: 'stat-tokens' },
          { label: 'Analyses (30 days)', value: formatNumber(totals.analyses), testId: 'stat-analyses' },
          { label: 'Error rate', value: formatPercent(totals.errorRate), testId: 'stat-error-rate' },
          { label: 'p95 latency', value: formatMs(totals.p95LatencyMs), testId: 'stat-p95' },
          { label: 'Revenue (30 days)', value: formatMoney(totals.revenueCents), testId: 'stat-revenue' },
        ]}
      />
      <div className={styles.grid}>
        <Section title="Tokens per day">
          <SeriesChart data={series} series={TOKEN_SERIES} empty="No tokens used yet." testId="chart-tokens" />
        </Section>
        <Section title="Analyses per day">
          <SeriesChart
            data={series}
            series={[
              { key: 'succeeded', name: 'Succeeded', color: CHART_COLORS.green },
              { key: 'failed', name: 'Failed', color: CHART_COLORS.red },
              { key: 'cancelled', name: 'Cancelled', color: CHART_COLORS.orange },
            ]}
            empty="No analyses yet."
            testId="chart-analyses"
          />
        </Section>
        <Section title="Revenue per day">
          <SeriesChart data={series} series={[{ key: 'revenue', name: 'Revenue', color: CHART_COLORS.brand }]} format={formatMoney} empty="No payments yet." testId="chart-revenue" />
        </Section>
        <Section title="Error rate">
          <SeriesChart
            data={series}
            kind="line"
            integer={false}
            series={[{ key: 'errorPct', name: 'Failed analyses (%)', color: CHART_COLORS.red }]}
            format={(v) => `${v.toFixed(1)}%`}
            empty="No failed analyses."
            testId="chart-errors"
          />
        </Section>
      </div>
      <Section title="Top users (30 days)" testId="top-users">
        {stats.topUsers.length === 0 ? (
          <Text className={styles.empty}>Nobody has used tokens in this period.</Text>
        ) : (
          <Table size="small" aria-label="Top users">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>User</TableHeaderCell>
                <TableHeaderCell>Tier</TableHeaderCell>
                <TableHeaderCell>Tokens</TableHeaderCell>
                <TableHeaderCell>Analyses</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {stats.topUsers.map((u) => (
                <TableRow key={u.id}>
                  <TableCell>
                    <div className={styles.who}>
                      <AppLink to={`/admin/users/${u.id}`}>{u.name}</AppLink>
                      <Text size={200} className={styles.empty}>
                        {u.email}
                      </Text>
                    </div>
                  </TableCell>
                  <TableCell>{u.tier}</TableCell>
                  <TableCell>{formatNumber(u.tokens)}</TableCell>
                  <TableCell>{formatNumber(u.analyses)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
    </div>
  );
}
