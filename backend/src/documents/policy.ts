/** Only a document's owner may see or touch it; a missing and a foreign document are the same 404. */
import type { Knex } from 'knex';
import { notFound } from '../http/errors.js';
import { Document } from './model.js';

export async function loadOwnedDocument(userId: string, documentId: string, trx?: Knex.Transaction): Promise<Document> {
  const doc = await Document.query(trx).findOne({ id: documentId, userId });
  if (!doc) throw notFound('Document');
  return doc;
}
