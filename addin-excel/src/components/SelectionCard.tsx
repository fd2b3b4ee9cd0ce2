import { Caption1, Card, makeStyles, MessageBar, MessageBarBody, Text, tokens as t } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n';
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
  const { t } = useTranslation();
  const problem = error && (
    <MessageBar intent="error" data-testid="selection-error">
      <MessageBarBody>{error}</MessageBarBody>
    </MessageBar>
  );
  if (!result || result.status === 'empty') return problem || <Text data-testid="selection-empty">{t('pane.selection.empty')}</Text>;
  if (result.status === 'too_large') {
    return (
      <MessageBar intent="warning" data-testid="selection-too-large">
        <MessageBarBody>{t('pane.selection.tooLarge', { address: result.address, cells: formatNumber(result.cellCount), limit: formatNumber(result.limit) })}</MessageBarBody>
      </MessageBar>
    );
  }
  const { selection } = result;
  return (
    <>
      {problem}
      <Card data-testid="selection">
        <Text weight="semibold">{t('pane.selection.summary', { sheet: selection.sheet, cells: formatNumber(selection.cellCount) })}</Text>
        <ul className={styles.areas}>
          {selection.areas.map((a) => (
            <li key={a.address} data-testid="selection-area">
              <Text>{`${a.address} (${a.rowCount}×${a.columnCount})`}</Text>
              {a.headers && <Caption1 className={styles.headers}>{` ${t('pane.selection.headers', { list: a.headers.join(', ') })}`}</Caption1>}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
