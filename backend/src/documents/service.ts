/**
 * Document lifecycle: upload (deduplicated by sha256 per project), retry, cancel, delete. The file is in
 * storage before its row commits, and removed again if the row does not commit, so neither outlives the
 * other; deleting a document removes its chunks (cascade), its job and its file (storage/deletions.ts).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Knex } from 'knex';
import { assertDocumentWithinPlan } from '../billing/limits.js';
import type { Deps } from '../deps.js';
import { isForeignKeyViolation, isUniqueViolation } from '../db/errors.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import { announceCancel, createJob, dispatchJob, markCancelled } from '../queue/runner.js';
import { Job } from '../queue/model.js';
import { discardFile, sweepFileDeletions } from '../storage/deletions.js';
import { detectKind } from './detect.js';
import { publishDocument, publishDocumentDeleted } from './events.js';
import type { FailureCode } from './failure.js';
import { Document } from './model.js';
import { DOCUMENT_DELETED_ACTION, loadOwnedDocument } from './policy.js';
import type { ReceivedFile } from './upload.js';

export const PROCESS_DOCUMENT = 'document.process';


/** Stores an uploaded file as a document of the project (already checked to be the user's). */
export async function createDocument(
  deps: Deps,
  input: { userId: string; projectId: string; file: ReceivedFile },
): Promise<{ document: Document; created: boolean }> {
  const { userId, projectId, file } = input;
  try {
    const { kind, mime } = await detectKind(file.tempPath, file.filename);
    const existing = await Document.query(deps.knex).findOne({ projectId, sha256: file.sha256 });
    if (existing) return { document: existing, created: false };
    // Checked before the file is stored (a refusal costs nothing), and again under the project's lock.
    await assertDocumentWithinPlan(deps, userId, projectId);

    const id = randomUUID();
    const storageKey = `documents/${projectId}/${id}.${kind}`;
    await deps.storage.putFile(storageKey, file.tempPath, mime);
    let job: Job;
    let document: Document;
    try {
      ({ document, job } = await deps.knex.transaction(async (trx) => {
        await assertDocumentWithinPlan(deps, userId, projectId, trx);
        // The job's id is chosen here so the document row is written once, already pointing at its job.
        const jobId = randomUUID();
        const doc = await Document.query(trx).insert({
          id, userId, projectId, filename: file.filename, mime, kind, bytes: file.bytes, sha256: file.sha256, storageKey, status: 'queued', progress: 0, jobId,
        }).returning('*');
        return { document: doc, job: await createJob(deps, trx, processingJob(doc, jobId)) };
      }));
    } catch (err) {
      await discardFile(deps, storageKey);
      // The same file uploaded twice at once: the other request's document wins (its row may also be
      // what filled the project, once this upload waited for the project's lock).
      if (isUniqueViolation(err) || (err instanceof AppError && err.code === 'plan_limit')) {
        const winner = await Document.query(deps.knex).findOne({ projectId, sha256: file.sha256 });
        if (winner) return { document: winner, created: false };
      }
      // The project was deleted (another tab, a category delete) between the upload's check and its insert.
      if (isForeignKeyViolation(err)) throw notFound('Project');
      throw err;
    }
    await dispatchJob(deps, job);
    deps.activity.record({ userId, action: 'document.upload', target: document.id });
    await publishDocument(deps, document);
    return { document, created: true };
  } finally {
    await fs.rm(file.tempPath, { force: true });
  }
}

const processingJob = (doc: Document, id?: string) => ({ id, kind: PROCESS_DOCUMENT, userId: doc.userId, documentId: doc.id, payload: { documentId: doc.id } });

/** A new processing job for the document, inside `trx`; dispatch it after the commit. */
async function queueProcessing(deps: Deps, trx: Knex.Transaction, doc: Document): Promise<{ document: Document; job: Job }> {
  const job = await createJob(deps, trx, processingJob(doc));
  const [document] = await Document.query(trx).patch({ jobId: job.id, status: 'queued', progress: 0, error: null }).where({ id: doc.id }).returning('*');
  return { document, job };
}

/** Processes a failed document again (or re-embeds a ready one, e.g. after an embedding model change). */
export async function retryDocument(deps: Deps, userId: string, documentId: string, opts: { allowReady?: boolean } = {}): Promise<Document> {
  const { document, job } = await deps.knex.transaction(async (trx) => {
    const doc = await loadOwnedDocument(userId, documentId, trx);
    const allowed = doc.status === 'failed' || (opts.allowReady && doc.status === 'ready');
    if (!allowed) throw conflict('not_failed', `Only a failed document can be retried (this one is ${doc.status}).`);
    return queueProcessing(deps, trx, doc);
  });
  await dispatchJob(deps, job);
  await publishDocument(deps, document);
  return document;
}

/** Stops a queued or running processing job; the document ends failed with "Cancelled". */
export async function cancelDocument(deps: Deps, userId: string, documentId: string): Promise<Document> {
  const { document, job } = await deps.knex.transaction(async (trx) => {
    const doc = await loadOwnedDocument(userId, documentId, trx);
    if (doc.status !== 'queued' && doc.status !== 'processing') throw conflict('not_running', `The document is not being processed (it is ${doc.status}).`);
    const active = doc.jobId ? await Job.query(trx).findById(doc.jobId) : undefined;
    if (active) await markCancelled(trx, active.id, 'Cancelled by the user.');
    const updated = await doc.$query(trx).patchAndFetch({ status: 'failed', error: 'Processing was cancelled.', errorCode: 'cancelled' satisfies FailureCode, errorParams: {}, progress: 0 });
    return { document: updated, job: active };
  });
  if (job) await announceCancel(deps, job);
  await publishDocument(deps, document);
  return document;
}

export async function deleteDocument(deps: Deps, userId: string, documentId: string): Promise<void> {
  const { doc, job } = await deps.knex.transaction(async (trx) => {
    const found = await loadOwnedDocument(userId, documentId, trx);
    const active = found.jobId ? await Job.query(trx).findById(found.jobId) : undefined;
    if (active) await markCancelled(trx, active.id, 'The document was deleted.');
    await Document.query(trx).deleteById(found.id); // chunks and jobs cascade
    return { doc: found, job: active };
  });
  if (job) await announceCancel(deps, job);
  // The row's trigger queued its file (migration 013); deleted now, or retried by the sweeper.
  await sweepFileDeletions(deps, { keys: [doc.storageKey] });
  deps.activity.record({ userId, action: DOCUMENT_DELETED_ACTION, target: doc.id });
  await publishDocumentDeleted(deps, doc);
}

/**
 * Ready documents whose chunks were embedded by another model than the configured one are processed
 * again, so a provider or model change re-embeds instead of leaving two vector spaces side by side
 * (search never compares across them meanwhile; those chunks are found by full-text search only).
 */
export async function reembedStaleDocuments(deps: Deps, scope: { userId?: string } = {}): Promise<number> {
  const query = Document.embeddedByOtherModel(deps.knex, deps.embedder.model);
  if (scope.userId) query.where({ userId: scope.userId });
  let queued = 0;
  for (const doc of await query) {
    try {
      await retryDocument(deps, doc.userId, doc.id, { allowReady: true });
      queued++;
    } catch (err) {
      // Another process queued it first (409), or it was deleted meanwhile (404).
      deps.log.debug({ err, documentId: doc.id }, 'skipped re-embedding');
    }
  }
  return queued;
}
