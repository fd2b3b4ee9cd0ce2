import { makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { ApiError } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { errorMessage } from '../forms/apiErrors';
import { AppLink } from '../layout/AppLink';
import { usePageTitle } from '../layout/usePageTitle';
import { isDocumentId } from './documentId';

const useStyles = makeStyles({
  root: { maxWidth: '560px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
});

/** The page number of `?page=N`, when it is a positive whole number. */
function pageOf(raw: string | null): number | undefined {
  const page = Number(raw);
  return Number.isInteger(page) && page >= 1 ? page : undefined;
}

function problem(err: unknown, t: TFunction): { title: string; text: string } {
  if (err instanceof ApiError && err.code === 'document_deleted') return { title: t('docList.link.deletedTitle'), text: t('docList.link.deletedText') };
  if (err instanceof ApiError && err.status === 404) return { title: t('docList.link.notFoundTitle'), text: t('docList.link.notFoundText') };
  return { title: t('docList.link.failedTitle'), text: errorMessage(err) };
}

/**
 * The stable link a citation leaves in a spreadsheet cell, `/d/<documentId>?page=N`. Signed file links expire
 * after minutes; this one does not: behind sign-in (RequireAuth brings the user back here), it asks for a
 * fresh signed link and replaces itself with the file, opened at the page.
 */
export function DocumentLinkPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const { documentId = '' } = useParams();
  const [params] = useSearchParams();
  const page = pageOf(params.get('page'));
  const [failure, setFailure] = useState<{ title: string; text: string } | null>(null);
  usePageTitle(failure?.title ?? t('docList.link.pageTitle'));

  useEffect(() => {
    if (!isDocumentId(documentId)) {
      setFailure({ title: t('docList.link.notFoundTitle'), text: t('docList.link.notFoundText') });
      return;
    }
    let active = true;
    api.documents
      .downloadUrl(documentId, page)
      .then((url) => {
        // replace: Back from the PDF returns to where the link was clicked, not to this hop.
        if (active) window.location.replace(url);
      })
      .catch((err: unknown) => {
        if (active) setFailure(problem(err, t));
      });
    return () => {
      active = false;
    };
  }, [documentId, page, t]);

  if (!failure) return <Spinner label={page ? t('docList.link.openingPage', { page }) : t('docList.link.opening')} data-testid="document-link-opening" />;
  return (
    <section className={styles.root} data-testid="document-link-problem">
      <h1 className={styles.title}>{failure.title}</h1>
      <Text>
        {failure.text} <Trans i18nKey="docList.link.home" components={{ link: <AppLink to="/">{null}</AppLink> }} />
      </Text>
    </section>
  );
}
