import { Button, makeStyles, Skeleton, SkeletonItem, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { Section } from '../layout/Section';
import { usePageTitle } from '../layout/usePageTitle';
import { useNotify } from '../notify/useNotify';
import { ActivityList } from './ActivityList';
import { AnalysesTable } from './AnalysesTable';
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

const message = (err: unknown) => (err instanceof Error ? err.message : 'Something went wrong.');

/** /usage — the signed-in user's own consumption: tokens per day by kind, analyses, activity, CSV export. */
export function UsagePage() {
  const styles = useStyles();
  const notify = useNotify();
  usePageTitle('Usage');
  const [days, setDays] = useState(30);
  const [range, setRange] = useState<UsageRange>(() => lastDays(30));
  const [usage, setUsage] = useState<Usage | null>(null);

  useEffect(() => {
    let cancelled = false;
    getUsage(range)
      .then((u) => !cancelled && setUsage(u))
      .catch((err: unknown) => notify('error', 'Could not load your usage', message(err)));
    return () => {
      cancelled = true;
    };
  }, [range, notify]);

  async function handleDownload() {
    try {
      await downloadUsageCsv(range);
    } catch (err) {
      notify('error', 'Could not download the CSV', message(err));
    }
  }

  return (
    <div className={styles.root} data-testid="usage-page">
      <div className={styles.head}>
        <h1 className={styles.title}>Usage</h1>
        <RangePicker days={days} granularity={range.granularity} onChange={(d, r) => (setDays(d), setRange(r))} />
        <Button icon={<ArrowDownloadRegular />} onClick={() => void handleDownload()} data-testid="usage-csv">
          Download CSV
        </Button>
      </div>
      {!usage ? (
        <Skeleton aria-label="Loading usage">
          <SkeletonItem size={128} />
        </Skeleton>
      ) : (
        <>
          <StatTiles
            stats={[
              { label: 'Tokens used', value: formatNumber(usage.totals.tokens), testId: 'usage-total-tokens' },
              { label: 'Tokens for analyses', value: formatNumber(usage.totals.byKind.analysis) },
              { label: 'Tokens for documents', value: formatNumber(usage.totals.byKind.embedding) },
              { label: 'Analyses run', value: formatNumber(usage.totals.analyses) },
              { label: 'Analyses failed', value: formatNumber(usage.totals.failed) },
            ]}
          />
          <Section title={`Tokens per ${range.granularity}`}>
            <TokensChart data={usage.series} />
          </Section>
          <Section title="Analyses">
            <AnalysesTable analyses={usage.analyses} />
          </Section>
          <Section title="Activity">
            <ActivityList items={usage.activity} />
          </Section>
        </>
      )}
    </div>
  );
}
