import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { errorMessage } from '../forms/apiErrors';
import { useNotify } from '../notify/useNotify';
import { deleteDocument, listDocuments, projectEventsUrl, retryDocument, uploadDocument, type ProjectDocument } from './documentsApi';
import { merged, upsert } from './documentVersions';

export interface Upload {
  key: string;
  filename: string;
  loaded: number;
  total: number;
}

/**
 * A project's documents, kept live: the list loads once, then the server's `document` events update each
 * document's status and embedding progress. Uploads in flight are listed separately with their byte progress.
 */
export function useProjectDocuments(projectId: string) {
  const notify = useNotify();
  const { t } = useTranslation();
  const [documents, setDocuments] = useState<ProjectDocument[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);

  useEffect(() => {
    let cancelled = false;
    listDocuments(projectId)
      .then((docs) => !cancelled && setDocuments((live) => merged(docs, live)))
      .catch((err: unknown) => !cancelled && setError(errorMessage(err)));
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = 2000;
    const connect = () => {
      source = new EventSource(projectEventsUrl(projectId));
      source.onopen = () => (delay = 2000);
      source.addEventListener('document', (event) => {
        const { document } = JSON.parse((event as MessageEvent<string>).data) as { document: ProjectDocument };
        setDocuments((docs) => upsert(docs ?? [], document));
      });
      source.addEventListener('document.deleted', (event) => {
        const { id } = JSON.parse((event as MessageEvent<string>).data) as { id: string };
        setDocuments((docs) => (docs ?? []).filter((d) => d.id !== id));
      });
      source.onerror = () => {
        // Usually an expired access token: refresh it and reconnect with the new one.
        source?.close();
        retry = setTimeout(() => void api.http.refresh().then(() => !cancelled && connect()), delay);
        delay = Math.min(delay * 2, 60_000);
      };
    };
    connect();
    return () => {
      cancelled = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [projectId]);

  const upload = useCallback(
    async (files: File[]) => {
      await Promise.all(
        files.map(async (file) => {
          const key = `${file.name}:${Date.now()}:${Math.random()}`;
          setUploads((u) => [...u, { key, filename: file.name, loaded: 0, total: file.size }]);
          try {
            const doc = await uploadDocument(projectId, file, (loaded, total) =>
              setUploads((u) => u.map((x) => (x.key === key ? { ...x, loaded, total } : x))),
            );
            setDocuments((docs) => upsert(docs ?? [], doc));
          } catch (err) {
            notify('error', t('docList.uploadFailed', { filename: file.name }), errorMessage(err));
          } finally {
            setUploads((u) => u.filter((x) => x.key !== key));
          }
        }),
      );
    },
    [projectId, notify, t],
  );

  const remove = useCallback(
    async (doc: ProjectDocument) => {
      try {
        await deleteDocument(doc.id);
        setDocuments((docs) => (docs ?? []).filter((d) => d.id !== doc.id));
      } catch (err) {
        notify('error', t('docList.deleteFailed', { filename: doc.filename }), errorMessage(err));
      }
    },
    [notify, t],
  );

  const retry = useCallback(
    async (doc: ProjectDocument) => {
      try {
        const next = await retryDocument(doc.id);
        setDocuments((docs) => upsert(docs ?? [], next));
      } catch (err) {
        notify('error', t('docList.retryFailed', { filename: doc.filename }), errorMessage(err));
      }
    },
    [notify, t],
  );

  return { documents, error, uploads, upload, remove, retry };
}

export type ProjectDocuments = ReturnType<typeof useProjectDocuments>;
