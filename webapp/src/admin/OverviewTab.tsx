import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../layout/AppLink';
import { Section } from '../layout/Section';
import { CHART_COLORS } from '../usage/chartColors';
import { formatMoney, formatMs, formatNumber, formatPercent } from '../usage/format';
import { SeriesChart } from '../usage/SeriesChart';
import { StatTiles } from '../usage/StatTile';
import { tokenSeries } from '../usage/TokensChart';
import type { AdminStats } from './adminApi';
import { useTierText } from './useTierText';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  // Two charts a row on a wide screen; one on a phone, never wider than the screen (420px made it 432px).
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(420px, 100%), 1fr))', gap: tokens.spacingHorizontalL },
  empty: { color: tokens.colorNeutralForeground3 },
  who: { display: 'flex', flexDirection: 'column', padding: `${tokens.spacingVerticalXS} 0` },
});

/** Stat tiles (quote accuracy among them), the per-day charts and the top users. */
export function OverviewTab({ stats }: { stats: AdminStats }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const tierText = useTierText();
  const { users, totals, live } = stats;
  const series = stats.series.map((p) => ({ ...p, analysis: p.analysisTokens, embedding: p.embeddingTokens, revenue: p.revenueCents, errorPct: p.errorRate == null ? null : p.errorRate * 100 }));
  return (
    <div className={styles.root} data-testid="admin-overview">
      <StatTiles
        stats={[
          { label: t('admin.overview.stats.users'), value: formatNumber(users.total), testId: 'stat-users' },
          { label: t('admin.overview.stats.active1d'), value: formatNumber(users.active1d), testId: 'stat-active1d' },
          { label: t('admin.overview.stats.active7d'), value: formatNumber(users.active7d), testId: 'stat-active7d' },
          { label: t('admin.overview.stats.active30d'), value: formatNumber(users.active30d), testId: 'stat-active30d' },
          { label: t('admin.overview.stats.running'), value: formatNumber(live.analysesRunning), testId: 'stat-running' },
          { label: t('admin.overview.stats.tokensToday'), value: formatNumber(live.tokensToday), testId: 'stat-tokens-today' },
          { label: t('admin.overview.stats.tokens'), value: formatNumber(totals.tokens), testId: 'stat-tokens' },
          { label: t('admin.overview.stats.analyses'), value: formatNumber(totals.analyses), testId: 'stat-analyses' },
          { label: t('admin.overview.stats.errorRate'), value: formatPercent(totals.errorRate), testId: 'stat-error-rate' },
          { label: t('admin.overview.stats.p95'), value: formatMs(totals.p95LatencyMs), testId: 'stat-p95' },
          { label: t('admin.overview.stats.revenue'), value: formatMoney(totals.revenueCents, stats.currency), testId: 'stat-revenue' },
          { label: t('admin.overview.stats.quoteError'), value: formatPercent(stats.quotes.medianError), testId: 'stat-quote-error' },
          { label: t('admin.overview.stats.quoteCoverage'), value: formatPercent(stats.quotes.highCoverage), testId: 'stat-quote-coverage' },
        ]}
      />
      {stats.quotes.runs > 0 && (
        <Text size={200} className={styles.empty} data-testid="quote-accuracy-note">
          {t('admin.overview.stats.quoteHint', { count: stats.quotes.runs })}
        </Text>
      )}
      <div className={styles.grid}>
        <Section title={t('admin.overview.charts.tokens')}>
          <SeriesChart data={series} series={tokenSeries(t)} empty={t('admin.overview.charts.tokensEmpty')} testId="chart-tokens" yLabel={t('usage.chart.axisTokens')} />
        </Section>
        <Section title={t('admin.overview.charts.analyses')}>
          <SeriesChart
            data={series}
            series={[
              { key: 'succeeded', name: t('admin.overview.charts.succeeded'), color: CHART_COLORS.green },
              { key: 'failed', name: t('admin.overview.charts.failed'), color: CHART_COLORS.red },
              { key: 'cancelled', name: t('admin.overview.charts.cancelled'), color: CHART_COLORS.orange },
            ]}
            empty={t('admin.overview.charts.analysesEmpty')}
            testId="chart-analyses"
            yLabel={t('admin.overview.columns.analyses')}
          />
        </Section>
        <Section title={t('admin.overview.charts.revenue')}>
          <SeriesChart
            data={series}
            series={[{ key: 'revenue', name: t('admin.overview.charts.revenueSeries'), color: CHART_COLORS.brand }]}
            format={(v) => formatMoney(v, stats.currency)}
            empty={t('admin.overview.charts.revenueEmpty')}
            testId="chart-revenue"
            yLabel={t('admin.overview.charts.revenueSeries')}
          />
        </Section>
        <Section title={t('admin.overview.charts.errors')}>
          <SeriesChart
            data={series}
            kind="line"
            integer={false}
            series={[{ key: 'errorPct', name: t('admin.overview.charts.errorsSeries'), color: CHART_COLORS.red }]}
            format={(v) => formatPercent(v / 100)}
            empty={t('admin.overview.charts.errorsEmpty')}
            testId="chart-errors"
            yLabel={t('admin.overview.stats.errorRate')}
          />
        </Section>
      </div>
      <Section title={t('admin.overview.topUsers')} testId="top-users">
        {stats.topUsers.length === 0 ? (
          <Text className={styles.empty}>{t('admin.overview.topUsersEmpty')}</Text>
        ) : (
          <Table size="small" aria-label={t('admin.overview.topUsers')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('admin.overview.columns.user')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.overview.columns.tier')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.overview.columns.tokens')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.overview.columns.analyses')}</TableHeaderCell>
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
                  <TableCell>{tierText(u.tier)}</TableCell>
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
