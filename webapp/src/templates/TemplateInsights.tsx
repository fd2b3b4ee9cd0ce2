import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { HistoryRegular } from '@fluentui/react-icons';
import { intlLocale } from '@intellio/i18n';
import type { Template, TemplateAnalytics, TemplateVersion } from '@intellio/api-client';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { errorMessage } from '../forms/apiErrors';
import { useNotify } from '../notify/useNotify';
import { TemplateExamples } from './TemplateExamples';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'baseline', flexWrap: 'wrap' },
  prompt: { color: tokens.colorNeutralForeground2, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

interface TemplateInsightsProps {
  template: Template;
  /** The template after a restore (its prompt changed), so the editor shows the restored prompt. */
  onRestored(template: Template): void;
  /** The viewer chooses the template's examples (its owner; an administrator for a public one). */
  curator?: boolean;
}

/** A template's versions (the owner restores an older one) and how it does overall and per version. */
export function TemplateInsights({ template, onRestored, curator = false }: TemplateInsightsProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const notify = useNotify();
  const [versions, setVersions] = useState<TemplateVersion[] | null>(null);
  const [figures, setFigures] = useState<TemplateAnalytics | null | 'failed'>(null);
  const number = (n: number) => new Intl.NumberFormat(intlLocale()).format(n);
  const percent = (r: number) => new Intl.NumberFormat(intlLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(r);

  const load = useCallback(() => {
    api.templates.versions(template.id).then(setVersions).catch(() => setVersions([]));
    api.templates.analytics(template.id).then(setFigures).catch(() => setFigures('failed'));
  }, [template.id]);
  useEffect(load, [load]);

  async function restore(v: TemplateVersion) {
    try {
      const { template: restored } = await api.templates.restoreVersion(template.id, v.id);
      notify('success', t('templateProducts.versions.restored', { number: v.number }));
      onRestored(restored);
      load();
    } catch (err) {
      notify('error', t('templateProducts.versions.restoreFailed'), errorMessage(err));
    }
  }

  const numberOf = (id: string | null) => versions?.find((v) => v.id === id)?.number;
  return (
    <>
      <div className={styles.section} data-testid="template-analytics">
        <Text weight="semibold">{t('templateProducts.analytics.title')}</Text>
        {figures === null && <Spinner size="tiny" label={t('templateProducts.analytics.loading')} />}
        {figures === 'failed' && <Text className={styles.meta}>{t('templateProducts.analytics.failed')}</Text>}
        {figures && figures !== 'failed' && (
          <>
            <Text>
              {figures.runs === 0
                ? t('templateProducts.analytics.none')
                : t('templateProducts.analytics.summary', { runs: number(figures.runs), users: number(figures.users), tokens: number(figures.tokens), average: number(figures.averageCost ?? 0) })}
            </Text>
            <Text>
              {figures.satisfaction === null
                ? t('templateProducts.analytics.noRatings')
                : t('templateProducts.analytics.satisfaction', { rate: percent(figures.satisfaction), up: number(figures.up), down: number(figures.down) })}
            </Text>
            {figures.complaints.length > 0 && (
              <>
                <Text size={200} weight="semibold">
                  {t('templateProducts.analytics.complaints')}
                </Text>
                <ul className={styles.list}>
                  {figures.complaints.map((c) => (
                    <li key={c.comment}>
                      <Text size={200}>{t('templateProducts.analytics.complaint', { comment: c.comment, count: c.count })}</Text>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {figures.versions.length > 1 &&
              figures.versions.map((v) => (
                <Text key={v.versionId} size={200} className={styles.meta}>
                  {t('templateProducts.analytics.version', {
                    number: v.number,
                    runs: number(v.runs),
                    tokens: number(v.tokens),
                    rate: v.satisfaction === null ? t('templateProducts.analytics.noRate') : percent(v.satisfaction),
                  })}
                </Text>
              ))}
          </>
        )}
      </div>
      {curator && <TemplateExamples templateId={template.id} onChanged={load} />}
      <div className={styles.section} data-testid="template-versions">
        <Text weight="semibold">{t('templateProducts.versions.title')}</Text>
        {versions === null && <Spinner size="tiny" label={t('templateProducts.versions.loading')} />}
        {versions?.map((v) => (
          <div key={v.id} className={styles.section}>
            <div className={styles.row}>
              <Text size={200} weight="semibold">
                {t('templateProducts.versions.version', { number: v.number })}
              </Text>
              <Text size={200} className={styles.meta}>
                {new Date(v.createdAt).toLocaleString(intlLocale())}
                {v.restoredFrom && ` · ${t('templateProducts.versions.restoredFrom', { number: numberOf(v.restoredFrom) ?? '' })}`}
              </Text>
              {v.isCurrent ? (
                <Text size={200} className={styles.meta}>
                  {t('templateProducts.versions.current')}
                </Text>
              ) : (
                template.isOwner && (
                  <Button size="small" icon={<HistoryRegular />} onClick={() => void restore(v)} aria-label={t('templateProducts.versions.restoreLabel', { number: v.number })}>
                    {t('templateProducts.versions.restore')}
                  </Button>
                )
              )}
            </div>
            <Text size={200} className={styles.prompt}>
              {v.prompt}
            </Text>
          </div>
        ))}
      </div>
    </>
  );
}
