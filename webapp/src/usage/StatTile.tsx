import { makeStyles, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))', gap: tokens.spacingHorizontalM },
  tile: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  label: { color: tokens.colorNeutralForeground3 },
});

export interface Stat {
  label: string;
  value: string;
  testId?: string;
}

/** A row of labelled figures (usage totals, admin stat tiles). */
export function StatTiles({ stats }: { stats: Stat[] }) {
  const styles = useStyles();
  return (
    <div className={styles.tiles}>
      {stats.map((s) => (
        <div key={s.label} className={styles.tile} data-testid={s.testId}>
          <Text size={200} className={styles.label}>
            {s.label}
          </Text>
          <Text size={600} weight="semibold">
            {s.value}
          </Text>
        </div>
      ))}
    </div>
  );
}
