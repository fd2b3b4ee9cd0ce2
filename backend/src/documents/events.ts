/** Live document updates: every status/progress change goes to the project's channel as a `document` event. */
import type { Deps } from '../deps.js';
import { projectChannel } from '../events/bus.js';
import type { Document } from './model.js';
import { presentDocument, storedFailure } from './presenter.js';

export async function publishDocument(deps: Pick<Deps, 'events' | 'log'>, doc: Document): Promise<void> {
  await deps.events
    // The failure's code rides beside the (English) document, so each subscriber words it in its language.
    .publish(projectChannel(doc.projectId), { type: 'document', document: presentDocument(doc), failure: doc.error ? storedFailure(doc) : undefined })
    .catch((err) => deps.log.warn({ err, documentId: doc.id }, 'could not publish a document event'));
}

export async function publishDocumentDeleted(deps: Pick<Deps, 'events' | 'log'>, doc: Document): Promise<void> {
  await deps.events
    .publish(projectChannel(doc.projectId), { type: 'document.deleted', id: doc.id })
    .catch((err) => deps.log.warn({ err, documentId: doc.id }, 'could not publish a document event'));
}
