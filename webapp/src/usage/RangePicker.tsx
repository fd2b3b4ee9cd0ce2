import { Dropdown, makeStyles, Option, tokens } from '@fluentui/react-components';
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
  return (
    <div className={styles.root}>
      <Dropdown
        aria-label="Period"
        value={`Last ${days} days`}
        selectedOptions={[String(days)]}
        onOptionSelect={(_, d) => onChange(Number(d.optionValue), lastDays(Number(d.optionValue), granularity))}
      >
        {SPANS.map((n) => (
          <Option key={n} value={String(n)}>{`Last ${n} days`}</Option>
        ))}
      </Dropdown>
      <Dropdown
        aria-label="Group by"
        value={`By ${granularity}`}
        selectedOptions={[granularity]}
        onOptionSelect={(_, d) => onChange(days, lastDays(days, d.optionValue as Granularity))}
      >
        {(['day', 'week', 'month'] as const).map((g) => (
          <Option key={g} value={g}>{`By ${g}`}</Option>
        ))}
      </Dropdown>
    </div>
  );
}
