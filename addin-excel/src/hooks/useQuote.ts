import { type AnalysisQuote, type CreateAnalysisRequest, type PublicConfig } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import type { PaneClient } from '../api';

/** Waits this long after the last change of the selection, question, template or variables before asking. */
export const QUOTE_DEBOUNCE_MS = 400;

/**
 * The pre-run quote of the request as it stands, asked again (debounced) whenever it changes. Null while
 * there is nothing to quote, while it is being asked, and when the server cannot quote (an older server
 * without the endpoint answers 404; a request it would refuse, such as an unfilled variable, is said on
 * Analyse instead): the pane then simply shows no quote.
 */
export function useQuote(client: PaneClient, request: CreateAnalysisRequest | null): AnalysisQuote | null {
  const [quote, setQuote] = useState<AnalysisQuote | null>(null);
  // Compared as JSON: a new selection object with the same cells is not a change.
  const key = request ? JSON.stringify(request) : '';
  useEffect(() => {
    setQuote(null);
    if (!key) return undefined;
    let live = true;
    const timer = setTimeout(() => {
      client.analyses.quote(JSON.parse(key) as CreateAnalysisRequest).then(
        (q) => live && setQuote(q),
        () => undefined,
      );
    }, QUOTE_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, key]);
  return quote;
}

/** The server's public settings (the local analyst's price), read once; null until read or when unreadable. */
export function usePublicConfig(client: PaneClient): PublicConfig | null {
  const [config, setConfig] = useState<PublicConfig | null>(null);
  useEffect(() => {
    let live = true;
    client.auth.config().then(
      (c) => live && setConfig(c),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);
  return config;
}
