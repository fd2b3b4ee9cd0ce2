import { Tab, TabList } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router-dom';
import type { Template } from '@intellio/api-client';
import type { AnalysisSelection } from '../grid/selectionPayload';
import { Section } from '../layout/Section';
import { api } from '../api';
import { AnalyseForm } from './AnalyseForm';
import { HistoryList } from './HistoryList';

interface AnalysePanelProps {
  projectId: string;
  selection: AnalysisSelection | null;
  selectionText: string | null;
}

/** "Analyse" and "History" for a project. `?template=<id>` (from the templates page) preselects a template. */
export function AnalysePanel({ projectId, selection, selectionText }: AnalysePanelProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const { hash } = useLocation();
  const [tab, setTab] = useState<'analyse' | 'history'>('analyse');
  const [templates, setTemplates] = useState<Template[]>([]);
  const [templateId, setTemplateId] = useState(params.get('template') ?? '');
  const [version, setVersion] = useState(0);
  const handleFinished = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    if (hash === '#analyse') document.querySelector('[data-testid=analyse-panel]')?.scrollIntoView({ block: 'start' });
  }, [hash]);

  useEffect(() => {
    api.templates.list()
      .then(setTemplates)
      .catch(() => setTemplates([]));
  }, []);

  return (
    <Section title={t('analyse.title')} testId="analyse-panel">
      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as 'analyse' | 'history')}>
        <Tab value="analyse">{t('analyse.tabAsk')}</Tab>
        <Tab value="history">{t('analyse.tabHistory')}</Tab>
      </TabList>
      <div hidden={tab !== 'analyse'}>
        <AnalyseForm
          projectId={projectId}
          selection={selection}
          selectionText={selectionText}
          templates={templates}
          templateId={templateId}
          onTemplateChange={setTemplateId}
          onFinished={handleFinished}
        />
      </div>
      {tab === 'history' && <HistoryList projectId={projectId} version={version} />}
    </Section>
  );
}
