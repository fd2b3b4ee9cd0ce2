/** Live document updates: every status/progress change goes to the project's channel as a `document` event. */
import type { Deps } from '../deps.js';
import { projectChannel } from '../events/bus.js';
import type { Document } from './model.js';
import { presentDocument } from './presenter.js';

export async function publishDocument(deps: Pick<Deps, 'events' | 'log'>, doc: Document): Promise<void> {
  await deps.events
    .publish(projectChannel(doc.projectId), { type: 'document', document: presentDocument(doc) })
    .catch((err) => deps.log.warn({ err, documentId: doc.id }, 'could not publish a document event'));
}

export async function publishDocumentDeleted(deps: Pick<Deps, 'events' | 'log'>, doc: Document): Promise<void> {
  await deps.events
    .publish(projectChannel(doc.projectId), { type: 'document.deleted', id: doc.id })
    .catch((err) => deps.log.warn({ err, documentId: doc.id }, 'could not publish a document event'));
}
