import { Checkbox, Field, makeStyles, MessageBar, MessageBarBody, Select, tokens as t } from '@fluentui/react-components';
import type { User } from '@intellio/api-client';
import { rememberFormulaProject } from '../functions/register';
import { FormulaCap } from './FormulaCap';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, type Analysis, type AnalysisRequest, type Category, type PaneClient } from '../api';
import { toApiSelection } from '../host/selection';
import { useSelection } from '../hooks/useSelection';
import { AnswerView } from './AnswerView';
import { FeedbackBox } from './FeedbackBox';
import { InsertPanel } from './InsertPanel';
import { PromptBox } from './PromptBox';
import { SelectionCard } from './SelectionCard';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: t.spacingVerticalM },
});

export interface WorkspaceProps {
  client: PaneClient;
  user: User;
}

/** Project → selection → prompt → streamed answer → insert, top to bottom. */
export function Workspace({ client, user }: WorkspaceProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [projectId, setProjectId] = useState('');
  const [headers, setHeaders] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [streamed, setStreamed] = useState('');
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [running, setRunning] = useState(false);
  // What was sent: the analysed sheet for cell citations, should the analysis not echo its selection.
  const [asked, setAsked] = useState<ReturnType<typeof toApiSelection> | null>(null);
  const selection = useSelection(headers);

  useEffect(() => {
    client.intellio
      .categories()
      .then((list) => {
        setCategories(list);
        const first = list.flatMap((c) => c.projects)[0];
        if (first) setProjectId((id) => id || first.id);
      })
      .catch((err) => setError(errorMessage(err, t)));
  }, [client, t]);

  // The workbook's formulas (=INTELLIO.ASK/FILL) answer from the project picked here.
  useEffect(() => rememberFormulaProject(projectId), [projectId]);

  const current = selection.result?.status === 'ok' ? selection.result.selection : null;

  const handleAsk = async (prompt: string, extra: Pick<AnalysisRequest, 'refinedPrompt' | 'templateId' | 'variables'>) => {
    if (!current || !projectId) return;
    setRunning(true);
    setError(null);
    setStreamed('');
    setAnalysis(null);
    const sent = toApiSelection(current);
    setAsked(sent);
    try {
      const final = await client.intellio.analyse({ projectId, source: 'excel', selection: sent, prompt, ...extra }, (e) => {
        if (e.type === 'delta') setStreamed((s) => s + e.text);
        else setAnalysis(e.analysis);
      });
      setAnalysis(final);
      if (final.status === 'failed') setError(typeof final.error === 'string' ? final.error : (final.error?.message ?? t('pane.workspace.analysisFailed')));
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setRunning(false);
    }
  };

  const projects = categories?.flatMap((c) => c.projects.map((p) => ({ ...p, category: c.name }))) ?? [];
  const answer = analysis?.answer ?? streamed;

  return (
    <div className={styles.root} data-testid="workspace" data-user={user.email}>
      {error && (
        <MessageBar intent="error" data-testid="pane-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {categories && projects.length === 0 && (
        <MessageBar intent="info">
          <MessageBarBody>{t('pane.workspace.noProjects')}</MessageBarBody>
        </MessageBar>
      )}
      <Field label={t('pane.workspace.project')}>
        <Select value={projectId} onChange={(_, d) => setProjectId(d.value)} data-testid="project-picker">
          {categories?.map((c) => (
            <optgroup key={c.id} label={c.name}>
              {c.projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </Field>
      <Checkbox label={t('pane.workspace.headers')} checked={headers} onChange={(_, d) => setHeaders(Boolean(d.checked))} data-testid="headers-toggle" />
      <SelectionCard result={selection.result} error={selection.error} />
      <PromptBox client={client} projectId={projectId} selection={current} running={running} onAsk={handleAsk} />
      {(answer || running) && (
        <AnswerView
          answer={answer}
          citations={analysis?.citations ?? []}
          claims={analysis?.claims}
          read={analysis?.read}
          selection={analysis?.selection ?? asked ?? undefined}
          cellCount={analysis?.cellCount}
          running={running}
        />
      )}
      {analysis?.status === 'succeeded' && analysis.answer && <FeedbackBox key={analysis.id} client={client} analysisId={analysis.id} />}
      {analysis?.status === 'succeeded' && analysis.answer && <InsertPanel answer={analysis.answer} citations={analysis.citations} claims={analysis.claims} />}
      <FormulaCap client={client} />
    </div>
  );
}
