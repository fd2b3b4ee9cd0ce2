import { Badge, Button, makeStyles, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatMs, formatNumber } from './format';
import { getTrailPage, type ModelCall, type TrailPage } from './trailApi';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  // Sized by content and scrolled sideways on a phone, like the analyses table.
  wrap: { overflowX: 'auto' },
  table: { tableLayout: 'auto' },
  nowrap: { whiteSpace: 'nowrap' },
  pager: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

interface CallTrailProps {
  /** The trail endpoint, e.g. `/admin/users/<id>/trail`. */
  path: string;
  pageSize?: number;
}

/** The per-call token trail: one row per model call (analysis, claim check, document embedding), in pages. */
export function CallTrail({ path, pageSize = 25 }: CallTrailProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<TrailPage | 'failed' | null>(null);

  useEffect(() => {
    let cancelled = false;
    getTrailPage(path, page, pageSize)
      .then((r) => !cancelled && setResult(r))
      .catch(() => !cancelled && setResult('failed'));
    return () => {
      cancelled = true;
    };
  }, [path, page, pageSize]);

  if (result === null) return <Spinner size="tiny" label={t('usage.trail.loading')} />;
  if (result === 'failed') return <Text className={styles.muted}>{t('usage.trail.failed')}</Text>;
  if (result.pagination.total === 0) return <Text className={styles.muted} data-testid="trail-empty">{t('usage.trail.empty')}</Text>;
  const pages = Math.max(1, Math.ceil(result.pagination.total / result.pagination.pageSize));
  const kindText = (c: ModelCall) => (c.kind === 'embedding' ? t('usage.trail.embedding') : c.purpose === 'claim-verification' ? t('usage.trail.verification') : t('usage.trail.chat'));
  return (
    <div className={styles.root} data-testid="call-trail">
      <div className={styles.wrap}>
        <Table size="small" className={styles.table} aria-label={t('usage.trail.label')}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('usage.trail.when')}</TableHeaderCell>
              <TableHeaderCell>{t('usage.trail.kind')}</TableHeaderCell>
              <TableHeaderCell>{t('usage.trail.model')}</TableHeaderCell>
              <TableHeaderCell>{t('usage.trail.status')}</TableHeaderCell>
              <TableHeaderCell>{t('usage.trail.tokens')}</TableHeaderCell>
              <TableHeaderCell>{t('usage.trail.cost')}</TableHeaderCell>
              <TableHeaderCell>{t('usage.trail.charged')}</TableHeaderCell>
              <TableHeaderCell>{t('usage.trail.latency')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {result.data.map((c) => (
              <TableRow key={c.id} data-testid="trail-row">
                <TableCell className={styles.nowrap}>{formatDateTime(c.at)}</TableCell>
                <TableCell className={styles.nowrap}>{kindText(c)}</TableCell>
                <TableCell className={styles.nowrap}>{c.model}</TableCell>
                <TableCell className={styles.nowrap} title={c.error ?? undefined}>
                  <Badge appearance="tint" color={c.status === 'ok' ? 'success' : 'danger'}>
                    {c.status === 'ok' ? t('usage.trail.ok') : t('usage.trail.callFailed')}
                  </Badge>
                </TableCell>
                <TableCell className={styles.nowrap}>
                  {formatNumber(c.tokensIn)} / {formatNumber(c.tokensOut)}
                </TableCell>
                <TableCell className={styles.nowrap}>{formatNumber(c.costTokens)}</TableCell>
                <TableCell className={styles.nowrap} data-testid="trail-charged">
                  {formatNumber(c.chargedTokens)}
                </TableCell>
                <TableCell className={styles.nowrap}>{formatMs(c.latencyMs)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <div className={styles.pager}>
        <Button size="small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          {t('usage.trail.newer')}
        </Button>
        <Text size={200} className={styles.muted} data-testid="trail-page">
          {t('usage.trail.page', { page: formatNumber(page), pages: formatNumber(pages), total: formatNumber(result.pagination.total) })}
        </Text>
        <Button size="small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
          {t('usage.trail.older')}
        </Button>
      </div>
    </div>
  );
}
