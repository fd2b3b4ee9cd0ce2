import { Dropdown, makeStyles, Option, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { lastDays, type Granularity, type UsageRange } from './usageApi';

const useStyles = makeStyles({ root: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' } });

const SPANS = [7, 30, 90, 365];

interface RangePickerProps {
  days: number;
  granularity: Granularity;
  onChange(days: number, range: UsageRange): void;
}

/** Last 7/30/90/365 days, by day, week or month. */
export function RangePicker({ days, granularity, onChange }: RangePickerProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <div className={styles.root}>
      <Dropdown
        clearButton={{ 'aria-label': t('common.clearSelection') }}
        aria-label={t('usage.range.period')}
        value={t('usage.range.lastDays', { count: days })}
        selectedOptions={[String(days)]}
        onOptionSelect={(_, d) => onChange(Number(d.optionValue), lastDays(Number(d.optionValue), granularity))}
      >
        {SPANS.map((n) => (
          <Option key={n} value={String(n)}>
            {t('usage.range.lastDays', { count: n })}
          </Option>
        ))}
      </Dropdown>
      <Dropdown
        clearButton={{ 'aria-label': t('common.clearSelection') }}
        aria-label={t('usage.range.groupBy')}
        value={t(`usage.range.${granularity}`)}
        selectedOptions={[granularity]}
        onOptionSelect={(_, d) => onChange(days, lastDays(days, d.optionValue as Granularity))}
      >
        {(['day', 'week', 'month'] as const).map((g) => (
          <Option key={g} value={g}>
            {t(`usage.range.${g}`)}
          </Option>
        ))}
      </Dropdown>
    </div>
  );
}
