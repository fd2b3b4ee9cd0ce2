import type { ProjectDocument } from './documentsApi';

/**
 * The newer of two versions of a document, by `updatedAt`. Server events and request replies race: a small
 * file can be ready, its events already applied, before the upload's own reply ("queued") arrives, and
 * that reply must not set it back.
 */
export function newer(held: ProjectDocument, incoming: ProjectDocument): ProjectDocument {
  return Date.parse(incoming.updatedAt) >= Date.parse(held.updatedAt) ? incoming : held;
}

/** `docs` with `doc` added, or replacing the version it holds when `doc` is not older. */
export function upsert(docs: ProjectDocument[], doc: ProjectDocument): ProjectDocument[] {
  const held = docs.find((d) => d.id === doc.id);
  return held ? docs.map((d) => (d.id === doc.id ? newer(held, doc) : d)) : [doc, ...docs];
}

/** The loaded list, keeping any newer version an event brought while it loaded, and documents added since. */
export function merged(list: ProjectDocument[], live: ProjectDocument[] | null): ProjectDocument[] {
  if (!live) return list;
  const listed = new Set(list.map((d) => d.id));
  return [
    ...live.filter((d) => !listed.has(d.id)),
    ...list.map((d) => {
      const seen = live.find((l) => l.id === d.id);
      return seen ? newer(d, seen) : d;
    }),
  ];
}
