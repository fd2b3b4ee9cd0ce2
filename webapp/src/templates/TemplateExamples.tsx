import { Badge, Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../forms/apiErrors';
import { useNotify } from '../notify/useNotify';
import { getExampleCandidates, getExamples, promoteExample, removeExample, type ExampleCandidate, type ExamplesVersion, type ExampleUse } from './examplesApi';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: '8em', overflowY: 'auto' },
  meta: { color: tokens.colorNeutralForeground3 },
});

interface TemplateExamplesProps {
  templateId: string;
  /** After a promotion or removal: each is a new version, so the version list needs a reload. */
  onChanged(): void;
}

/** The current version's few-shot examples (removable) and the rated runs the curator can promote to them. */
export function TemplateExamples({ templateId, onChanged }: TemplateExamplesProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const notify = useNotify();
  const [current, setCurrent] = useState<ExamplesVersion | null | 'failed'>(null);
  const [candidates, setCandidates] = useState<ExampleCandidate[] | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    getExamples(templateId).then(setCurrent).catch(() => setCurrent('failed'));
    getExampleCandidates(templateId).then(setCandidates).catch(() => setCandidates([]));
  }, [templateId]);
  useEffect(load, [load]);

  async function handlePromote(c: ExampleCandidate, use: ExampleUse) {
    setBusy(true);
    try {
      const v = await promoteExample(templateId, c.analysisId, use);
      notify('success', t('templateProducts.examples.promoted', { number: v.number }));
      load();
      onChanged();
    } catch (err) {
      notify('error', t('templateProducts.examples.promoteFailed'), errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function handleRemove(index: number) {
    setBusy(true);
    try {
      const v = await removeExample(templateId, index);
      notify('success', t('templateProducts.examples.removed', { number: v.number }));
      load();
      onChanged();
    } catch (err) {
      notify('error', t('templateProducts.examples.removeFailed'), errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className={styles.section} data-testid="template-examples">
        <Text weight="semibold">{t('templateProducts.examples.title')}</Text>
        <Text size={200} className={styles.meta}>
          {t('templateProducts.examples.intro')}
        </Text>
        {current === null && <Spinner size="tiny" label={t('templateProducts.examples.loading')} />}
        {current === 'failed' && <Text className={styles.meta}>{t('templateProducts.examples.failed')}</Text>}
        {current && current !== 'failed' && current.examples.length === 0 && <Text size={200}>{t('templateProducts.examples.none')}</Text>}
        {current &&
          current !== 'failed' &&
          current.examples.map((e, i) => (
            <div key={`${e.analysisId}:${e.use}`} className={styles.item} data-testid="template-example">
              <div className={styles.row}>
                <Badge appearance="tint" color={e.use === 'correction' ? 'warning' : 'success'}>
                  {e.use === 'correction' ? t('templateProducts.examples.fromCorrection') : t('templateProducts.examples.fromAnswer')}
                </Badge>
                <Text size={200} className={styles.meta}>
                  {e.selection}
                </Text>
                <Button
                  size="small"
                  icon={<DeleteRegular />}
                  disabled={busy}
                  onClick={() => void handleRemove(i)}
                  aria-label={t('templateProducts.examples.removeLabel', { number: i + 1 })}
                >
                  {t('templateProducts.examples.remove')}
                </Button>
              </div>
              <Text size={200}>{t('templateProducts.examples.question', { question: e.question })}</Text>
              <Text size={200} className={styles.text}>
                {e.answer}
              </Text>
            </div>
          ))}
      </div>
      <div className={styles.section} data-testid="example-candidates">
        <Text weight="semibold">{t('templateProducts.examples.candidates')}</Text>
        {candidates === null && <Spinner size="tiny" label={t('templateProducts.examples.loading')} />}
        {candidates?.length === 0 && <Text size={200}>{t('templateProducts.examples.noCandidates')}</Text>}
        {candidates?.map((c) => (
          <div key={c.analysisId} className={styles.item} data-testid="example-candidate">
            <div className={styles.row}>
              <Badge appearance="tint" color={c.rating === 'up' ? 'success' : 'danger'}>
                {c.rating === 'up' ? t('templateProducts.examples.ratedUp') : t('templateProducts.examples.ratedDown')}
              </Badge>
              <Text size={200} className={styles.meta}>
                {c.selection}
              </Text>
            </div>
            <Text size={200}>{t('templateProducts.examples.question', { question: c.question })}</Text>
            {c.comment && <Text size={200}>{t('templateProducts.examples.comment', { comment: c.comment })}</Text>}
            <Text size={200} weight="semibold">
              {t('templateProducts.examples.answer')}
            </Text>
            <Text size={200} className={styles.text}>
              {c.answer}
            </Text>
            {c.correctedAnswer && (
              <>
                <Text size={200} weight="semibold">
                  {t('templateProducts.examples.correction')}
                </Text>
                <Text size={200} className={styles.text}>
                  {c.correctedAnswer}
                </Text>
              </>
            )}
            <div className={styles.row}>
              {c.rating === 'up' && (
                <Button size="small" icon={<AddRegular />} disabled={busy || c.promoted.includes('answer')} onClick={() => void handlePromote(c, 'answer')} data-testid="promote-answer">
                  {c.promoted.includes('answer') ? t('templateProducts.examples.alreadyExample') : t('templateProducts.examples.useAnswer')}
                </Button>
              )}
              {c.correctedAnswer && (
                <Button
                  size="small"
                  icon={<AddRegular />}
                  disabled={busy || c.promoted.includes('correction')}
                  onClick={() => void handlePromote(c, 'correction')}
                  data-testid="promote-correction"
                >
                  {c.promoted.includes('correction') ? t('templateProducts.examples.alreadyExample') : t('templateProducts.examples.useCorrection')}
                </Button>
              )}
            </div>
          </div>
        ))}
      </div>
    </>
  );
}
