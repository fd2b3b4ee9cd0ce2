/**
 * Repeated passages within a document (a page footer, a disclaimer, a licence quoted twice): each chunk
 * whose text equals an earlier chunk's points at that chunk's ordinal (`chunks.copy_of_ordinal`). Such a
 * text is embedded once, and only the first chunk goes into the vector index (see IndexScope in
 * retrieval/vectors.ts); search brings the copies back beside it.
 */

/** For each chunk, the ordinal of the first earlier chunk with the same text, or null when it is the first. */
export function copyOf(chunks: ReadonlyArray<{ text: string }>): Array<number | null> {
  const first = new Map<string, number>();
  return chunks.map((c, i) => {
    const seen = first.get(c.text);
    if (seen !== undefined) return seen;
    first.set(c.text, i);
    return null;
  });
}
