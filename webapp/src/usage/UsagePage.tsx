import { Button, makeStyles, Skeleton, SkeletonItem, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Section } from '../layout/Section';
import { usePageTitle } from '../layout/usePageTitle';
import { useNotify } from '../notify/useNotify';
import { ActivityList } from './ActivityList';
import { AnalysesTable } from './AnalysesTable';
import { CallTrail } from './CallTrail';
import { formatNumber } from './format';
import { RangePicker } from './RangePicker';
import { StatTiles } from './StatTile';
import { TokensChart } from './TokensChart';
import { downloadUsageCsv, getUsage, lastDays, type Usage, type UsageRange } from './usageApi';

const useStyles = makeStyles({
  root: { maxWidth: '1100px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0, flex: 1, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
});

/** /usage — the signed-in user's own consumption: tokens per day by kind, analyses, activity, CSV export. */
export function UsagePage() {
  const styles = useStyles();
  const notify = useNotify();
  const { t } = useTranslation();
  usePageTitle(t('usage.title'));
  const message = useCallback((err: unknown) => (err instanceof Error ? err.message : t('common.somethingWrong')), [t]);
  const [days, setDays] = useState(30);
  const [range, setRange] = useState<UsageRange>(() => lastDays(30));
  const [usage, setUsage] = useState<Usage | null>(null);

  useEffect(() => {
    let cancelled = false;
    getUsage(range)
      .then((u) => !cancelled && setUsage(u))
      .catch((err: unknown) => notify('error', t('usage.loadFailed'), message(err)));
    return () => {
      cancelled = true;
    };
  }, [range, notify, t, message]);

  async function handleDownload() {
    try {
      await downloadUsageCsv(range);
    } catch (err) {
      notify('error', t('usage.csvFailed'), message(err));
    }
  }

  return (
    <div className={styles.root} data-testid="usage-page">
      <div className={styles.head}>
        <h1 className={styles.title}>{t('usage.title')}</h1>
        <RangePicker days={days} granularity={range.granularity} onChange={(d, r) => (setDays(d), setRange(r))} />
        <Button icon={<ArrowDownloadRegular />} onClick={() => void handleDownload()} data-testid="usage-csv">
          {t('usage.downloadCsv')}
        </Button>
      </div>
      {!usage ? (
        <Skeleton aria-label={t('usage.loading')}>
          <SkeletonItem size={128} />
        </Skeleton>
      ) : (
        <>
          <StatTiles
            stats={[
              { label: t('usage.stats.tokens'), value: formatNumber(usage.totals.tokens), testId: 'usage-total-tokens' },
              { label: t('usage.stats.analysisTokens'), value: formatNumber(usage.totals.byKind.analysis) },
              { label: t('usage.stats.documentTokens'), value: formatNumber(usage.totals.byKind.embedding) },
              { label: t('usage.stats.analyses'), value: formatNumber(usage.totals.analyses) },
              { label: t('usage.stats.failed'), value: formatNumber(usage.totals.failed) },
            ]}
          />
          <Section title={t(`usage.perPeriod.${range.granularity}`)}>
            <TokensChart data={usage.series} />
          </Section>
          <Section title={t('usage.analysesSection')}>
            <AnalysesTable analyses={usage.analyses} />
          </Section>
          <Section title={t('usage.trail.label')}>
            <CallTrail path="/me/trail" />
          </Section>
          <Section title={t('usage.activitySection')}>
            <ActivityList items={usage.activity} />
          </Section>
        </>
      )}
    </div>
  );
}
