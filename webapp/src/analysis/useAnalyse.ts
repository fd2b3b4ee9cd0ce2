import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../forms/apiErrors';
import { announceBalanceChange, refinePrompt, runAnalysis, type Analysis, type AnalysisRequest, type Refined } from './analysisApi';

/** One analyse box's state: refine, then run with the answer streamed in. */
export function useAnalyse(onFinished: (analysis: Analysis) => void) {
  const [refined, setRefined] = useState<Refined | null>(null);
  const [refining, setRefining] = useState(false);
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [streamed, setStreamed] = useState('');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  const refine = useCallback(async (body: Omit<AnalysisRequest, 'refinedPrompt'>) => {
    setRefining(true);
    setError(null);
    try {
      setRefined(await refinePrompt(body));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setRefining(false);
    }
  }, []);

  const run = useCallback(
    async (body: AnalysisRequest) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setRunning(true);
      setAnalysis(null);
      setStreamed('');
      setError(null);
      try {
        const done = await runAnalysis(body, { onAnalysis: setAnalysis, onDelta: (text) => setStreamed((s) => s + text) }, controller.signal);
        setAnalysis(done);
        onFinished(done);
      } catch (err) {
        if (!controller.signal.aborted) setError(errorMessage(err));
      } finally {
        setRunning(false);
        announceBalanceChange();
      }
    },
    [onFinished],
  );

  return { refined, setRefined, refining, refine, analysis, streamed, running, error, run };
}
