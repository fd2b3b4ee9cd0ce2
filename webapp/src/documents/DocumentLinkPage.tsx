import { makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { ApiError } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { AppLink } from '../layout/AppLink';
import { usePageTitle } from '../layout/usePageTitle';

const useStyles = makeStyles({
  root: { maxWidth: '560px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
});

/** The page number of `?page=N`, when it is a positive whole number. */
function pageOf(raw: string | null): number | undefined {
  const page = Number(raw);
  return Number.isInteger(page) && page >= 1 ? page : undefined;
}

function problem(err: unknown): { title: string; text: string } {
  if (err instanceof ApiError && err.code === 'document_deleted') return { title: 'This document was deleted', text: 'Its owner deleted it from the project, so the link no longer opens anything.' };
  if (err instanceof ApiError && err.status === 404) return { title: 'Document not found', text: 'There is no document at this link in your account. Links open only for the account that holds the document.' };
  return { title: 'The document could not be opened', text: err instanceof Error ? err.message : 'Something went wrong.' };
}

/**
 * The stable link a citation leaves in a spreadsheet cell, `/d/<documentId>?page=N`. Signed file links expire
 * after minutes; this one does not: behind sign-in (RequireAuth brings the user back here), it asks for a
 * fresh signed link and replaces itself with the file, opened at the page.
 */
export function DocumentLinkPage() {
  const styles = useStyles();
  const { documentId = '' } = useParams();
  const [params] = useSearchParams();
  const page = pageOf(params.get('page'));
  const [failure, setFailure] = useState<{ title: string; text: string } | null>(null);
  usePageTitle(failure?.title ?? 'Opening document');

  useEffect(() => {
    let active = true;
    api.documents
      .downloadUrl(documentId, page)
      .then((url) => {
        // replace: Back from the PDF returns to where the link was clicked, not to this hop.
        if (active) window.location.replace(url);
      })
      .catch((err: unknown) => {
        if (active) setFailure(problem(err));
      });
    return () => {
      active = false;
    };
  }, [documentId, page]);

  if (!failure) return <Spinner label={page ? `Opening page ${page}…` : 'Opening the document…'} data-testid="document-link-opening" />;
  return (
    <section className={styles.root} data-testid="document-link-problem">
      <h1 className={styles.title}>{failure.title}</h1>
      <Text>
        {failure.text} <AppLink to="/">Go to your home page</AppLink>.
      </Text>
    </section>
  );
}
