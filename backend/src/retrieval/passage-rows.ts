/** The columns a passage is read with, joined to its document, as each ranking query returns them. */
import type { DocumentKind } from '../documents/model.js';

export interface RawPassage {
  chunk_id: string;
  document_id: string;
  document_name: string;
  document_kind: DocumentKind;
  page: number | null;
  location: string;
  text: string;
  char_start: number;
  char_end: number;
  ordinal: number;
  ocr: boolean;
}

/**
 * The select list of a passage: `c` is the chunk, `d` its document (see passageJoin). Reading the passages
 * in the statement that ranks them saves the round trip (and the second visit to each row) of fetching
 * the fused top rows afterwards.
 */
export const PASSAGE_COLUMNS = `c.id AS chunk_id, c.document_id, d.filename AS document_name, d.kind AS document_kind, c.page, c.location, c.text,
  c.char_start, c.char_end, c.ordinal, COALESCE(c.page = ANY(d.ocr_page_numbers), false) AS ocr`;

/**
 * The join that gives a ranked chunk its document, only where the document is the user's, in the project
 * and ready (bind userId, projectId): a chunk of a document still being processed or deleted is ranked
 * like any other but never shown.
 */
export const PASSAGE_JOIN = `chunks c JOIN documents d ON d.id = c.document_id AND d.user_id = ? AND d.project_id = ? AND d.status = 'ready'`;
