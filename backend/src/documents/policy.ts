/** Only a document's owner may see or touch it; a missing and a foreign document are the same 404. */
import type { Knex } from 'knex';
import { selectRows } from '../db/read-rows.js';
import { AppError, notFound } from '../http/errors.js';
import { User } from '../users/model.js';
import type { LinkClaims } from './links.js';
import { Document } from './model.js';

export async function loadOwnedDocument(userId: string, documentId: string, trx?: Knex.Transaction): Promise<Document> {
  // Outside a transaction, a fixed statement: every document route starts here (bench/http.ts reads one).
  const doc = trx
    ? await Document.query(trx).findOne({ id: documentId, userId })
    : await selectRows(Document.knex(), 'select * from "documents" where "id" = $1 and "user_id" = $2 limit 1', [documentId, userId]).then(([row]) => (row ? Document.fromDatabaseJson(row) : undefined));
  if (!doc) throw notFound('Document');
  return doc;
}

/** The action deleteDocument writes to the audit trail; it is also how a link learns its document is gone. */
export const DOCUMENT_DELETED_ACTION = 'document.delete';

/**
 * The owner's document behind a link (stable `/d/<id>` links and signed file links). Deleting removes the
 * row, so a document the owner deleted is told apart from one that never was theirs by the owner's own audit
 * trail: still a 404 (nothing is disclosed to anyone else), but one the link page can put in words.
 */
export async function loadLinkedDocument(knex: Knex, userId: string, documentId: string): Promise<Document> {
  const doc = await Document.query(knex).findOne({ id: documentId, userId });
  if (doc) return doc;
  const deleted = await knex('activity').where({ userId, action: DOCUMENT_DELETED_ACTION, target: documentId }).first('id');
  if (deleted) throw new AppError(404, 'document_deleted', 'This document was deleted.');
  throw notFound('Document');
}

/**
 * A signed link is checked against the database when it is used, not only against its signature: a link
 * handed out before its owner was disabled (or the document deleted) stops working at once rather than when
 * it expires.
 */
export async function loadSignedLinkDocument(knex: Knex, claims: LinkClaims): Promise<Document> {
  const owner = await User.query(knex).findById(claims.userId).select('id', 'disabled');
  if (!owner) throw notFound('Document');
  if (owner.disabled) throw new AppError(403, 'owner_disabled', 'This link no longer works: the account that shared it is disabled.');
  return loadLinkedDocument(knex, claims.userId, claims.documentId);
}
