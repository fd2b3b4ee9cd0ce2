import { Caption1, Card, makeStyles, MessageBar, MessageBarBody, Text, tokens as t } from '@fluentui/react-components';
import type { SelectionResult } from '../host/types';

const useStyles = makeStyles({
  areas: { margin: 0, paddingLeft: t.spacingHorizontalL },
  headers: { color: t.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

export interface SelectionCardProps {
  result: SelectionResult | null;
  error: string | null;
}

/** What will be analysed: sheet, areas and their size — or why nothing can be. */
export function SelectionCard({ result, error }: SelectionCardProps) {
  const styles = useStyles();
  if (error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>{error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!result || result.status === 'empty') return <Text data-testid="selection-empty">Select the cells to analyse.</Text>;
  if (result.status === 'too_large') {
    return (
      <MessageBar intent="warning" data-testid="selection-too-large">
        <MessageBarBody>
          {result.address} has {result.cellCount.toLocaleString('en-US')} cells; Intellio analyses up to {result.limit.toLocaleString('en-US')} at a time.
          Select fewer cells (a summary table or a sample works well).
        </MessageBarBody>
      </MessageBar>
    );
  }
  const { selection } = result;
  return (
    <Card data-testid="selection">
      <Text weight="semibold">
        {selection.sheet} · {selection.cellCount} cells
      </Text>
      <ul className={styles.areas}>
        {selection.areas.map((a) => (
          <li key={a.address} data-testid="selection-area">
            <Text>
              {a.address} ({a.rowCount}×{a.columnCount})
            </Text>
            {a.headers && <Caption1 className={styles.headers}> Headers: {a.headers.join(', ')}</Caption1>}
          </li>
        ))}
      </ul>
    </Card>
  );
}
